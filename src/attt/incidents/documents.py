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


# --- the warning dispatch (công văn cảnh báo) -----------------------------------------------------

MAX_NAMED_RECIPIENTS = 4  # more targeted units than this: "Kính gửi" names the annex instead


def _lines(text: str) -> list[str]:
    return [" ".join(x.split()) for x in (text or "").splitlines() if x.strip()]


def warning_context(warning) -> dict:
    """A công văn from the issuing body to the units the warning reaches: what is exposed, what
    to do and by when, the list of units in an annex; signed by the head of the issuing body."""
    issuer = warning.issuer
    superior, issuer_line = org_docs.header(issuer)
    targets = list(warning.targets.select_related("unit").order_by("unit__path", "unit__name"))
    deadline = dates.day(warning.deadline)
    names = [t.unit.name for t in targets]
    if 0 < len(names) <= MAX_NAMED_RECIPIENTS:
        recipients_to = names
    else:
        recipients_to = ["Các cơ quan, đơn vị có tên tại Phụ lục kèm theo"]
    products = "; ".join(str(p) for p in warning.products.all()) or "—"
    blocks = [
        {"kind": "p", "text": f"Qua công tác theo dõi, giám sát an toàn thông tin mạng, {issuer.name} nhận được "
                              f"thông tin cảnh báo: {warning.title}. Mức độ nghiêm trọng: "
                              f"{str(warning.get_severity_display()).lower()}."},
        {"kind": "h", "text": "1. Thông tin cảnh báo"},
        *_items([("Mã lỗ hổng (CVE)", ", ".join(warning.cves or []) or "—"),
                 ("Sản phẩm, phiên bản bị ảnh hưởng", products),
                 ("Nội dung", warning.description)]),
    ]
    if warning.source_incident_id:
        blocks.append({"kind": "i", "text": f"Cảnh báo được rút ra từ sự cố mã {warning.source_incident.tracking_code}."})
    blocks.append({"kind": "h", "text": "2. Đề nghị các cơ quan, đơn vị"})
    blocks.append({"kind": "p", "text": "Để bảo đảm an toàn thông tin mạng cho các hệ thống thông tin thuộc phạm vi "
                                        f"quản lý, {issuer.name} đề nghị các cơ quan, đơn vị:"})
    blocks.extend({"kind": "p", "text": line if line.startswith(("-", "+", "•")) else f"- {line}"}
                  for line in _lines(warning.recommended_actions))
    blocks.append({"kind": "p", "text": "- Rà soát, kiểm tra toàn bộ hệ thống thông tin, sản phẩm nêu trên; hoàn "
                                        f"thành việc khắc phục trước ngày {deadline}."})
    blocks.append({"kind": "p", "text": "- Xác nhận đã tiếp nhận cảnh báo và báo cáo kết quả khắc phục, kèm minh "
                                        "chứng, trên Nền tảng bảo đảm an toàn thông tin mạng của tỉnh."})
    contact = ", ".join(filter(None, [f"điện thoại {issuer.incident_phone}" if issuer.incident_phone else "",
                                      f"thư điện tử {issuer.incident_email}" if issuer.incident_email else ""]))
    closing = (f"Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị liên hệ {issuer.name}"
               f"{' (' + contact + ')' if contact else ''} để được hỗ trợ./.")
    abbreviation = org_docs.abbreviation(issuer)
    annexes = []
    if targets:
        annexes.append({
            "title": "Phụ lục", "subject": "DANH SÁCH CƠ QUAN, ĐƠN VỊ NHẬN CẢNH BÁO",
            "note": f"(Kèm theo Công văn số      /{abbreviation} ngày {dates.day(warning.published_at)} "
                    f"của {issuer.name})",
            "header": ["STT", "Cơ quan, đơn vị", "Hệ thống, sản phẩm bị ảnh hưởng", "Hạn khắc phục"],
            "rows": [[str(n), t.unit.name, " ".join((t.matched or str(t.get_how_display())).split()), deadline]
                     for n, t in enumerate(targets, start=1)],
        })
    return {
        "form_code": "", "form_basis": "", "superior": superior, "issuer": issuer_line,
        "number": f"Số:        /{abbreviation}", "vv": f"V/v cảnh báo {warning.title[:1].lower()}{warning.title[1:]}",
        "place_date": dates.place_and_date(org_docs.place(issuer), warning.published_at),
        "status": "", "doc_type": "", "subject": "", "recipients_to": recipients_to, "blocks": blocks,
        "closing": closing, "recipients": ["Như trên;", "Lưu: VT."], "sign": org_docs.signer(issuer).as_context(),
        "annexes": annexes,
    }


def warning_dispatch(warning) -> bytes:
    return render_docx("warning", warning_context(warning), province=warning.issuer)


# --- producers of the document jobs (attt.core.documents.jobs) ------------------------------------

def produce_initial(*, user, pk, progress):
    from . import selectors

    incident = selectors.incident_get(user=user, pk=pk)
    return initial_report(incident), f"bao-cao-ban-dau-su-co-{incident.pk}"


def produce_closing(*, user, pk, progress):
    from django.utils.translation import gettext as _

    from attt.core.errors import DomainError

    from . import selectors

    incident = selectors.incident_get(user=user, pk=pk)
    if incident.status != Incident.Status.CLOSED:
        raise DomainError(_("Báo cáo kết thúc chỉ có sau khi sự cố được đóng."))
    return closing_report(incident), f"bao-cao-ket-thuc-su-co-{incident.pk}"


def produce_package(*, user, pk, progress):
    from . import selectors

    incident = selectors.incident_get(user=user, pk=pk)
    return notification_package(incident), f"goi-thong-bao-su-co-{incident.pk}.zip"


def produce_warning(*, user, pk, progress):
    from . import selectors

    warning = selectors.warning_get(user=user, pk=pk)
    return warning_dispatch(warning), f"cong-van-canh-bao-{warning.pk}"
