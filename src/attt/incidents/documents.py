"""Reports upward: the initial and the closing report as DOCX in the regime's forms (Vietnamese
administrative layout, NĐ 30/2020), and the notification package (ZIP) for the national coordinator."""
from __future__ import annotations

import io
import json
import zipfile

from django.conf import settings

from attt.core import clock, dates

from . import clocks, regime
from .models import Incident

FONT = "Times New Roman"


def _fmt(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "astimezone"):
        return dates.local(value).strftime("%H:%M ngày %d/%m/%Y")
    return str(value)


def _province(incident: Incident):
    from attt.orgs.models import Organisation

    return Organisation.objects.filter(path=incident.unit.province_path()).first()


def _para(doc, text: str = "", *, bold=False, italic=False, size=13, align=None, space_after=2, underline=False):
    from docx.shared import Pt

    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    return p


def _cell_lines(cell, lines):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.paragraphs[0].text = ""
    first = True
    for text, bold, underline in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.underline = bold, underline
        run.font.size = Pt(12 if not bold else 13)
        run.font.name = FONT


def _header(doc, incident: Incident, form: dict) -> None:
    """National title and motto on the right, the issuing body on the left, then place and date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _para(doc, f"{form['code']}", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    _para(doc, f"({form['basis_vi']})", italic=True, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table = doc.add_table(rows=1, cols=2)
    province = _province(incident)
    left_top = (province.name.upper() if province else "")
    _cell_lines(table.cell(0, 0), [(left_top, False, False), (incident.unit.name.upper(), True, False),
                                   ("Số: ......./BC", False, False)])
    _cell_lines(table.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                                   ("Độc lập - Tự do - Hạnh phúc", True, True)])
    place = (province.short_name or province.name) if province else ""
    _para(doc, dates.place_and_date(place, clock.now()), italic=True,
          align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=8)
    _para(doc, form["title_vi"], bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)


def _items(doc, items: list[tuple[str, str]]) -> None:
    from docx.shared import Pt

    for n, (label, value) in enumerate(items, start=1):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(3)
        head = p.add_run(f"{n}. {label}: ")
        head.bold = True
        head.font.name, head.font.size = FONT, Pt(13)
        body = p.add_run(value or "—")
        body.font.name, body.font.size = FONT, Pt(13)


def _systems_text(incident: Incident) -> str:
    rows = [f"{a.system.name} (cấp độ {a.level or 'chưa xác định'})"
            for a in incident.affected.select_related("system")]
    return "; ".join(rows) or "—"


def _sign(doc, incident: Incident) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _para(doc, "")
    _para(doc, "NGƯỜI BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    _para(doc, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=30)
    _para(doc, incident.reporter_name, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _serious_text(incident: Incident) -> str:
    if incident.serious is None:
        return "Chưa đánh giá"
    labels = {c.id: c.label for c in regime.checklist(incident.regime_code)}
    verdict = "Sự cố nghiêm trọng" if incident.serious else "Không phải sự cố nghiêm trọng"
    facts = "; ".join(labels.get(f, f) for f in incident.serious_facts)
    return f"{verdict}{' (' + facts + ')' if facts else ''}"


def _new_document():
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for section in doc.sections:
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    return doc


def initial_report(incident: Incident) -> bytes:
    """The initial report (legacy form 03; the new regime's initial report)."""
    spec = clocks.rules_data()["regimes"][incident.regime_code]
    doc = _new_document()
    _header(doc, incident, spec["forms"]["initial"])
    _para(doc, f"Kính gửi: {' '.join(spec['recipients_vi'].split())}", align=None, space_after=6)
    reporter = ", ".join(filter(None, [incident.reporter_name, incident.reporter_position,
                                       incident.reporter_phone, incident.reporter_email]))
    _items(doc, [
        ("Tên sự cố", incident.title),
        ("Người báo cáo, thông tin liên hệ", reporter),
        ("Đơn vị vận hành hệ thống", incident.operator.name if incident.operator else incident.public_org_text),
        ("Cơ quan chủ quản", incident.owner.name if incident.owner else "—"),
        ("Hệ thống bị sự cố, cấp độ", _systems_text(incident)),
        ("Nhà cung cấp dịch vụ", incident.providers),
        ("Loại sự cố, mức độ", f"{incident.get_kind_display()}; {incident.get_severity_display()}"),
        ("Mô tả sự cố", incident.description),
        ("Thời điểm phát hiện", _fmt(incident.detected_at)),
        ("Cách thức phát hiện", incident.detection_method),
        ("Tình trạng hiện tại", incident.situation or incident.get_status_display()),
        ("Đã thông báo cho", incident.informed),
        ("Hệ điều hành, dịch vụ", incident.os_services),
        ("Địa chỉ IP, tên miền", incident.addresses),
        ("Biện pháp đã thực hiện", incident.measures_taken),
        ("Đề nghị hỗ trợ", incident.help_requested),
        ("Đánh giá mức độ nghiêm trọng", _serious_text(incident)),
    ])
    _sign(doc, incident)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def closing_report(incident: Incident) -> bytes:
    """The closing report (legacy form 04; the new regime's report on the response)."""
    spec = clocks.rules_data()["regimes"][incident.regime_code]
    doc = _new_document()
    _header(doc, incident, spec["forms"]["closing"])
    _para(doc, f"Kính gửi: {' '.join(spec['recipients_vi'].split())}", space_after=6)
    _items(doc, [
        ("Tên sự cố", incident.title),
        ("Đơn vị báo cáo", incident.unit.name),
        ("Hệ thống bị sự cố, cấp độ", _systems_text(incident)),
        ("Thời điểm phát hiện", _fmt(incident.detected_at)),
        ("Thời điểm kết thúc ứng phó", _fmt(incident.response_ended_at)),
        ("Đánh giá mức độ nghiêm trọng", _serious_text(incident)),
        ("Nguyên nhân", incident.cause),
        ("Thiệt hại, ảnh hưởng", incident.damage),
        ("Tóm tắt quá trình ứng phó", incident.closing_summary),
        ("Bài học kinh nghiệm", incident.lessons_learned),
    ])
    _para(doc, "Diễn biến xử lý:", bold=True, space_after=2)
    events = list(incident.events.order_by("at", "id"))
    table = doc.add_table(rows=1 + len(events), cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "Thời điểm", "Nội dung"
    for row, event in enumerate(events, start=1):
        table.cell(row, 0).text = _fmt(event.at)
        table.cell(row, 1).text = event.text
    _sign(doc, incident)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def incident_json(incident: Incident) -> dict:
    return {
        "id": incident.pk, "tracking_code": incident.tracking_code, "regime": incident.regime_code,
        "title": incident.title, "kind": incident.kind, "severity": incident.severity, "status": incident.status,
        "source": incident.source, "unit": {"code": incident.unit.code, "name": incident.unit.name},
        "operator": incident.operator.name if incident.operator else None,
        "owner": incident.owner.name if incident.owner else None,
        "reporter": {"name": incident.reporter_name, "position": incident.reporter_position,
                     "phone": incident.reporter_phone, "email": incident.reporter_email},
        "systems": [{"name": a.system.name, "level": a.level} for a in incident.affected.select_related("system")],
        "providers": incident.providers, "description": incident.description,
        "detected_at": incident.detected_at.isoformat(), "detection_method": incident.detection_method,
        "situation": incident.situation, "informed": incident.informed, "os_services": incident.os_services,
        "addresses": incident.addresses, "measures_taken": incident.measures_taken,
        "help_requested": incident.help_requested,
        "serious": incident.serious, "serious_facts": incident.serious_facts,
        "response_ended_at": incident.response_ended_at.isoformat() if incident.response_ended_at else None,
        "closed_at": incident.closed_at.isoformat() if incident.closed_at else None,
        "cause": incident.cause, "damage": incident.damage, "lessons_learned": incident.lessons_learned,
        "timeline": [{"at": e.at.isoformat(), "kind": e.kind, "text": e.text} for e in incident.events.all()],
    }


def notification_package(incident: Incident) -> bytes:
    """A ZIP for the national coordinator: the DOCX reports, the incident as JSON, the evidence hashes."""
    evidence = [{"name": f.name, "size": f.size, "sha256": f.sha256, "content_type": f.content_type,
                 "uploaded_at": f.uploaded_at.isoformat()} for f in incident.files.all()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bao-cao-ban-dau.docx", initial_report(incident))
        if incident.status == Incident.Status.CLOSED:
            archive.writestr("bao-cao-ket-thuc.docx", closing_report(incident))
        archive.writestr("su-co.json", json.dumps(incident_json(incident), ensure_ascii=False, indent=1))
        archive.writestr("chung-cu-sha256.json", json.dumps(evidence, ensure_ascii=False, indent=1))
        archive.writestr("SHA256SUMS", "".join(f"{e['sha256']}  {e['name']}\n" for e in evidence))
    return out.getvalue()


def tz_name() -> str:
    return settings.TIME_ZONE
