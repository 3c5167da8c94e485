"""Reports upward: the initial and the closing report in the regime's forms, rendered by the one
document engine (NĐ 30/2020 layout, Nơi nhận, signed by the head of the reporting unit), and the
notification package (ZIP) for the national coordinator, without the internal timeline notes."""
from __future__ import annotations

import io
import json
import zipfile

from django.conf import settings

from attt.core import clock, dates
from attt.core.documents import render_docx
from attt.orgs import documents as org_docs

from . import clocks, regime
from .models import Incident, IncidentEvent

# Timeline kinds that go upward; actions, assignments and evidence notes stay internal unless a
# line was marked public. The national coordinator gets facts and phases, not the desk's notes.
UPWARD_EVENTS = frozenset({IncidentEvent.Kind.REPORTED, IncidentEvent.Kind.STATUS, IncidentEvent.Kind.PHASE,
                           IncidentEvent.Kind.SERIOUS, IncidentEvent.Kind.NOTIFY, IncidentEvent.Kind.CLOSE})


def _fmt(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "astimezone"):
        return dates.local(value).strftime("%H:%M ngày %d/%m/%Y")
    return str(value)


def upward_events(incident: Incident):
    return [e for e in incident.events.order_by("at", "id") if e.public or e.kind in UPWARD_EVENTS]


def _systems_text(incident: Incident) -> str:
    rows = [f"{a.system.name} (cấp độ {a.level or 'chưa xác định'})"
            for a in incident.affected.select_related("system")]
    return "; ".join(rows) or "—"


def _serious_text(incident: Incident) -> str:
    if incident.serious is None:
        return "Chưa đánh giá"
    labels = {c.id: c.label for c in regime.checklist(incident.regime_code)}
    verdict = "Sự cố nghiêm trọng" if incident.serious else "Không phải sự cố nghiêm trọng"
    facts = "; ".join(labels.get(f, f) for f in incident.serious_facts)
    return f"{verdict}{' (' + facts + ')' if facts else ''}"


def _recipients(spec: dict) -> list[str]:
    return [r.strip().rstrip(";") for r in " ".join(spec["recipients_vi"].split()).split(";") if r.strip()]


def _items(pairs) -> list[dict]:
    blocks = []
    for n, (label, value) in enumerate(pairs, start=1):
        lines = [x.strip() for x in str(value or "—").splitlines() if x.strip()] or ["—"]
        blocks.append({"kind": "item", "label": f"{n}. {label}", "text": lines[0]})
        blocks.extend({"kind": "p", "text": line} for line in lines[1:])
    return blocks


def _context(incident: Incident, form_key: str, blocks: list[dict], closing: str) -> dict:
    spec = clocks.rules_data()["regimes"][incident.regime_code]
    form = spec["forms"][form_key]
    unit = incident.unit
    superior, issuer = org_docs.header(unit)
    recipients = _recipients(spec)
    return {
        "form_code": form["code"], "form_basis": f"({form['basis_vi']})",
        "superior": superior, "issuer": issuer, "number": org_docs.number(unit, "BC"), "vv": "",
        "place_date": dates.place_and_date(org_docs.place(unit), clock.now()),
        "status": "", "doc_type": form["title_vi"], "subject": f"“{incident.title}”",
        "recipients_to": recipients, "blocks": blocks, "closing": closing,
        "recipients": [*(f"{r};" for r in recipients), f"Lưu: VT, hồ sơ sự cố {incident.tracking_code}."],
        "sign": org_docs.signer(unit).as_context(),
    }


def initial_report(incident: Incident) -> bytes:
    """The initial report (legacy form 03; the new regime's initial report)."""
    reporter = ", ".join(filter(None, [incident.reporter_name, incident.reporter_position,
                                       incident.reporter_phone, incident.reporter_email]))
    blocks = _items([
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
    closing = f"{incident.unit.name} báo cáo để các cơ quan biết, phối hợp xử lý./."
    return render_docx("incident_initial", _context(incident, "initial", blocks, closing), regime=incident.regime_code,
                       province=incident.unit)


def closing_report(incident: Incident) -> bytes:
    """The closing report (legacy form 04; the new regime's report on the response), signed by the
    head of the unit, with the upward timeline only."""
    blocks = _items([
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
    events = upward_events(incident)
    if events:
        blocks.append({"kind": "h", "text": "Diễn biến xử lý"})
        blocks.append({"kind": "kv", "header": ("Thời điểm", "Nội dung"),
                       "rows": [(_fmt(e.at), " ".join(e.text.split())) for e in events]})
    closing = f"{incident.unit.name} báo cáo kết quả ứng phó, khắc phục sự cố./."
    return render_docx("incident_closing", _context(incident, "closing", blocks, closing), regime=incident.regime_code,
                       province=incident.unit)


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
        "timeline": [{"at": e.at.isoformat(), "kind": e.kind, "text": e.text} for e in upward_events(incident)],
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
