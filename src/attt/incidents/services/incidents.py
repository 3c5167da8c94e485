"""Writes on incidents: reporting (by a unit or by the public), handling, the serious-incident
decision, evidence, reports upward, closing. Each one checks permission first, runs in one
transaction, writes its timeline line and its audit event."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from .. import clocks, regime, uploads
from ..models import AffectedSystem, Incident, IncidentEvent, IncidentFile

REPORT_FIELDS = ["title", "kind", "severity", "reporter_name", "reporter_position", "reporter_phone",
                 "reporter_email", "providers", "description", "detected_at", "detection_method", "situation",
                 "informed", "os_services", "addresses", "measures_taken", "help_requested", "operator", "owner"]
PUBLIC_FIELDS = ["title", "kind", "reporter_name", "reporter_phone", "reporter_email", "description", "detected_at",
                 "addresses", "public_org_text"]
ST = Incident.Status


def _event(incident: Incident, actor, kind: str, text: str, *, public: bool = False) -> IncidentEvent:
    return IncidentEvent.objects.create(incident=incident, at=clock.now(), kind=kind, text=text, public=public,
                                        actor=actor if getattr(actor, "is_authenticated", False) else None)


def _check_detected(detected_at) -> None:
    if detected_at is None:
        raise DomainError(_("Cần nhập thời điểm phát hiện sự cố."), field="detected_at")
    if timezone.is_naive(detected_at):
        raise DomainError(_("Thời điểm phát hiện không hợp lệ."), field="detected_at")
    if detected_at > clock.now() + dt.timedelta(minutes=1):
        raise DomainError(_("Thời điểm phát hiện không được ở tương lai."), field="detected_at")


def _check_text(fields: dict, name: str, message: str) -> None:
    if not (fields.get(name) or "").strip():
        raise DomainError(message, field=name)


def _store_files(incident: Incident, checked: list, actor, *, from_public: bool, description: str = "") -> list:
    saved = []
    for item in checked:
        record = IncidentFile(incident=incident, name=item.name, size=item.size, sha256=item.sha256,
                              content_type=item.content_type, uploaded_at=clock.now(), from_public=from_public,
                              description=description[:255],
                              uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
        record.file.save(item.name, ContentFile(item.data), save=False)
        record.save()
        saved.append(record)
    return saved


def _notify_province(incident_pk: int) -> None:
    incident = Incident.objects.select_related("unit").get(pk=incident_pk)
    from attt.orgs.models import Organisation

    province = Organisation.objects.filter(path=incident.unit.province_path()).first()
    if province and province.incident_email:
        send_mail(_("[ATTT] Sự cố mới: %(t)s") % {"t": incident.title},
                  _("Sự cố #%(pk)s “%(t)s” của %(u)s vừa được tiếp nhận.") % {
                      "pk": incident.pk, "t": incident.title, "u": incident.unit.name},
                  settings.DEFAULT_FROM_EMAIL, [province.incident_email], fail_silently=True)


def _report_fields(fields: dict) -> dict:
    """The fields a unit's report may set, with the checks every report passes."""
    fields = {k: v for k, v in fields.items() if k in REPORT_FIELDS}
    _check_text(fields, "title", _("Cần nhập tên sự cố."))
    _check_text(fields, "description", _("Cần mô tả sự cố."))
    _check_text(fields, "reporter_name", _("Cần nhập người báo cáo."))
    _check_detected(fields.get("detected_at"))
    return fields


def _unit_incident(unit, fields: dict, systems: list, *, reported_by) -> Incident:
    """The incident record of a unit's report (by a person or a rule) with its affected systems;
    the owner and operator default to the first system's."""
    if systems:
        fields["operator"] = fields.get("operator") or systems[0].operator
        fields["owner"] = fields.get("owner") or systems[0].owner
    incident = Incident(unit=unit, source=Incident.Source.UNIT, reported_by=reported_by, received_at=clock.now(),
                        regime_code=regime.regime_for(timezone.localdate(fields["detected_at"])), **fields)
    incident.save()
    AffectedSystem.objects.bulk_create(
        AffectedSystem(incident=incident, system=s, level=s.approved_level or s.proposed_level) for s in systems)
    return incident


@transaction.atomic
def incident_report(*, actor, unit, fields: dict, systems=(), files=()) -> Incident:
    """A unit reports an incident for itself, with the content its regime asks for."""
    rules.require(actor, "incident.report", unit)
    fields = _report_fields(fields)
    from attt.systems.models import System

    systems = list(systems)
    visible = set(System.objects.visible_to(actor).filter(pk__in=[s.pk for s in systems]).values_list("pk", flat=True))
    if any(s.pk not in visible for s in systems):
        raise DomainError(_("Có hệ thống không thuộc phạm vi của bạn."), field="systems")
    checked = [uploads.check(f) for f in files]
    incident = _unit_incident(unit, fields, systems, reported_by=actor)
    _event(incident, actor, IncidentEvent.Kind.REPORTED, _("Đã tiếp nhận báo cáo sự cố."), public=True)
    _store_files(incident, checked, actor, from_public=False)
    audit.record(actor=actor, action="incident.report", obj=incident)
    transaction.on_commit(lambda: _notify_province(incident.pk))
    return incident


def incident_report_automatic(*, unit, fields: dict, systems=(), origin: str) -> Incident:
    """An incident reported by a rule, not a person (a SOC alert promotion rule): the same record,
    clocks, timeline line and notice as `incident_report`, with no reporting user; `origin` names
    the rule in the timeline and the audit event. Call it inside the caller's transaction."""
    incident = _unit_incident(unit, _report_fields(fields), list(systems), reported_by=None)
    _event(incident, None, IncidentEvent.Kind.REPORTED, _("Đã tiếp nhận báo cáo sự cố (tự động: %(o)s).") % {"o": origin},
           public=True)
    audit.record(actor=None, action="incident.report_automatic", obj=incident, changes={"origin": origin})
    transaction.on_commit(lambda: _notify_province(incident.pk))
    return incident


def _ip_hash(ip: str | None) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip or '-'}".encode()).hexdigest()


def public_rate_exceeded(ip: str | None) -> bool:
    rate = clocks.upload_rules()["public_rate"]
    since = clock.now() - dt.timedelta(minutes=rate["window_minutes"])
    recent = Incident.objects.filter(source=Incident.Source.PUBLIC, ip_hash=_ip_hash(ip), received_at__gte=since)
    return recent.count() >= rate["count"]


@transaction.atomic
def incident_report_public(*, province, fields: dict, files=(), ip: str | None = None) -> Incident:
    """A citizen or a business reports through the contact-point page, without an account."""
    if province is None or province.parent_id is not None:
        raise DomainError(_("Cần chọn tỉnh, thành phố nhận báo cáo."), field="province")
    if public_rate_exceeded(ip):
        rate = clocks.upload_rules()["public_rate"]
        raise DomainError(_("Bạn đã gửi quá %(n)s báo cáo trong %(m)s phút. Vui lòng thử lại sau hoặc gọi điện "
                            "thoại đầu mối ứng cứu sự cố.") % {"n": rate["count"], "m": rate["window_minutes"]},
                          code="throttled")
    fields = {k: v for k, v in fields.items() if k in PUBLIC_FIELDS}
    _check_text(fields, "title", _("Cần nhập tên sự cố."))
    _check_text(fields, "description", _("Cần mô tả sự cố."))
    _check_text(fields, "reporter_name", _("Cần nhập họ tên người báo."))
    if not (fields.get("reporter_phone") or fields.get("reporter_email")):
        raise DomainError(_("Cần để lại số điện thoại hoặc email để liên hệ."), field="reporter_phone")
    _check_detected(fields.get("detected_at"))
    limit = clocks.upload_rules()["public_max_files"]
    files = list(files)
    if len(files) > limit:
        raise DomainError(_("Chỉ được gửi tối đa %(n)s tệp.") % {"n": limit}, field="files")
    checked = [uploads.check(f) for f in files]
    now = clock.now()
    incident = Incident(unit=province, source=Incident.Source.PUBLIC, received_at=now, ip_hash=_ip_hash(ip),
                        regime_code=regime.regime_for(timezone.localdate(fields["detected_at"])), **fields)
    incident.save()
    _event(incident, None, IncidentEvent.Kind.REPORTED, _("Đã tiếp nhận báo cáo sự cố."), public=True)
    _store_files(incident, checked, None, from_public=True)
    audit.record(actor=None, action="incident.report_public", obj=incident,
                 after={"tracking_code": incident.tracking_code, "title": incident.title})
    transaction.on_commit(lambda: _notify_province(incident.pk))
    return incident


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().select_related("unit").get(pk=incident.pk)


def _status_text(status: str) -> str:
    return _("Trạng thái: %(s)s.") % {"s": ST(status).label}


@transaction.atomic
def incident_verify(*, actor, incident: Incident, note: str = "") -> Incident:
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if incident.status != ST.RECEIVED:
        raise DomainError(_("Chỉ sự cố vừa tiếp nhận mới chuyển sang xác minh."))
    before = audit.snapshot(incident)
    incident.status, incident.verified_at = ST.VERIFYING, clock.now()
    incident.save(update_fields=["status", "verified_at", "updated_at"])
    _event(incident, actor, IncidentEvent.Kind.STATUS, _status_text(incident.status), public=True)
    if note.strip():
        _event(incident, actor, IncidentEvent.Kind.ACTION, note.strip())
    audit.record(actor=actor, action="incident.verify", obj=incident, before=before, after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_start_handling(*, actor, incident: Incident) -> Incident:
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if incident.status not in (ST.RECEIVED, ST.VERIFYING):
        raise DomainError(_("Sự cố này không ở trạng thái chờ xử lý."))
    before = audit.snapshot(incident)
    now = clock.now()
    incident.verified_at = incident.verified_at or now
    incident.status, incident.phase, incident.handling_started_at = ST.HANDLING, Incident.Phase.CONTAIN, now
    incident.save(update_fields=["status", "phase", "verified_at", "handling_started_at", "updated_at"])
    _event(incident, actor, IncidentEvent.Kind.STATUS, _status_text(incident.status), public=True)
    audit.record(actor=actor, action="incident.handle", obj=incident, before=before, after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_set_phase(*, actor, incident: Incident, phase: str) -> Incident:
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if incident.status != ST.HANDLING:
        raise DomainError(_("Chỉ đổi giai đoạn khi sự cố đang xử lý."))
    if phase not in Incident.Phase.values:
        raise DomainError(_("Giai đoạn xử lý không hợp lệ."), field="phase")
    before = audit.snapshot(incident)
    incident.phase = phase
    incident.save(update_fields=["phase", "updated_at"])
    _event(incident, actor, IncidentEvent.Kind.PHASE, _("Giai đoạn: %(p)s.") % {"p": Incident.Phase(phase).label})
    audit.record(actor=actor, action="incident.phase", obj=incident, before=before, after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_end_response(*, actor, incident: Incident) -> Incident:
    """The response is over: the clock for the closing report starts."""
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if incident.status != ST.HANDLING:
        raise DomainError(_("Chỉ kết thúc ứng phó khi sự cố đang xử lý."))
    if incident.response_ended_at:
        raise DomainError(_("Đã ghi nhận kết thúc ứng phó trước đó."))
    before = audit.snapshot(incident)
    incident.response_ended_at = clock.now()
    incident.save(update_fields=["response_ended_at", "updated_at"])
    _event(incident, actor, IncidentEvent.Kind.PHASE, _("Kết thúc ứng phó; chờ báo cáo kết thúc."), public=True)
    audit.record(actor=actor, action="incident.end_response", obj=incident, before=before,
                 after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_add_action(*, actor, incident: Incident, text: str, public: bool = False) -> IncidentEvent:
    rules.require(actor, "incident.handle", incident)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Cần ghi nội dung hành động."), field="text")
    if not incident.is_open:
        raise DomainError(_("Sự cố đã kết thúc, không ghi thêm hành động."))
    event = _event(incident, actor, IncidentEvent.Kind.ACTION, text[:5000], public=public)
    audit.record(actor=actor, action="incident.action", obj=incident, changes={"text": [None, text[:500]]})
    return event


@transaction.atomic
def incident_add_note(*, actor, incident: Incident, text: str) -> IncidentEvent:
    """The unit that reported an incident adds a follow-up (what it found since, what it did)."""
    rules.require(actor, "incident.note", incident)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Cần ghi nội dung bổ sung."), field="text")
    if incident.status in (Incident.Status.CLOSED, Incident.Status.DISMISSED):
        raise DomainError(_("Sự cố đã kết thúc, không bổ sung thêm."))
    event = _event(incident, actor, IncidentEvent.Kind.ACTION,
                   _("Đơn vị bổ sung: %(t)s") % {"t": text[:5000]})
    audit.record(actor=actor, action="incident.note", obj=incident, changes={"text": [None, text[:500]]})
    return event


@transaction.atomic
def incident_assign(*, actor, incident: Incident, responder) -> Incident:
    rules.require(actor, "incident.assign", incident)
    if not incident.is_open:
        raise DomainError(_("Sự cố đã kết thúc, không phân công thêm."))
    if responder is None or not rules.can(responder, "incident.handle", incident):
        raise DomainError(_("Người được phân công phải có vai trò ứng cứu sự cố trong phạm vi sự cố."),
                          field="responder")
    if incident.responders.filter(pk=responder.pk).exists():
        raise DomainError(_("Người này đã được phân công."), field="responder")
    incident.responders.add(responder)
    _event(incident, actor, IncidentEvent.Kind.ASSIGN, _("Phân công: %(u)s.") % {"u": responder})
    audit.record(actor=actor, action="incident.assign", obj=incident, changes={"responder": [None, responder.pk]})
    return incident


@transaction.atomic
def incident_decide_serious(*, actor, incident: Incident, facts: set[str], note: str = "") -> Incident:
    """Record the serious-incident test: the facts found, the result by the regime's criteria."""
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if incident.status in (ST.CLOSED, ST.DISMISSED):
        raise DomainError(_("Sự cố đã kết thúc."))
    checklist = regime.checklist(incident.regime_code)
    labels = {c.id: c.label for c in checklist}
    unknown = set(facts) - set(labels)
    if unknown:
        raise DomainError(_("Tiêu chí không hợp lệ: %(c)s.") % {"c": ", ".join(sorted(unknown))}, field="facts")
    before = audit.snapshot(incident)
    incident.serious = regime.assess(incident.regime_code, set(facts), system_level=incident.max_level)
    incident.serious_facts = sorted(facts)
    incident.serious_note = (note or "").strip()
    incident.serious_decided_at, incident.serious_decided_by = clock.now(), actor
    incident.save(update_fields=["serious", "serious_facts", "serious_note", "serious_decided_at",
                                 "serious_decided_by", "updated_at"])
    verdict = _("Sự cố NGHIÊM TRỌNG") if incident.serious else _("Không phải sự cố nghiêm trọng")
    detail = "; ".join(labels[f] for f in incident.serious_facts) or _("không tiêu chí nào")
    if incident.max_level:
        detail += "; " + _("hệ thống cấp độ %(n)s") % {"n": incident.max_level}
    _event(incident, actor, IncidentEvent.Kind.SERIOUS, f"{verdict}. {_('Căn cứ')}: {detail}.")
    audit.record(actor=actor, action="incident.serious", obj=incident, before=before, after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_add_evidence(*, actor, incident: Incident, upload, description: str = "") -> IncidentFile:
    rules.require(actor, "incident.evidence", incident)
    if incident.status == ST.DISMISSED:
        raise DomainError(_("Sự cố đã bị loại bỏ."))
    checked = uploads.check(upload)
    record = _store_files(incident, [checked], actor, from_public=False, description=description)[0]
    _event(incident, actor, IncidentEvent.Kind.EVIDENCE,
           _("Thêm chứng cứ “%(n)s” (SHA-256 %(h)s).") % {"n": record.name, "h": record.sha256})
    audit.record(actor=actor, action="incident.evidence", obj=incident,
                 changes={"file": [None, record.name], "sha256": [None, record.sha256]})
    return record


@transaction.atomic
def incident_mark_notified(*, actor, incident: Incident, recipients: str) -> Incident:
    """The initial report was sent upward (the notification package, by the usual channel)."""
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    recipients = (recipients or "").strip()
    if not recipients:
        raise DomainError(_("Cần ghi nơi đã gửi báo cáo."), field="recipients")
    if incident.status == ST.DISMISSED:
        raise DomainError(_("Sự cố đã bị loại bỏ."))
    before = audit.snapshot(incident)
    incident.notified_at = incident.notified_at or clock.now()
    incident.notified_to = "\n".join(filter(None, [incident.notified_to, recipients]))[:4000]
    incident.save(update_fields=["notified_at", "notified_to", "updated_at"])
    _event(incident, actor, IncidentEvent.Kind.NOTIFY, _("Đã gửi báo cáo tới: %(r)s.") % {"r": recipients})
    audit.record(actor=actor, action="incident.notify", obj=incident, before=before, after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_close(*, actor, incident: Incident, closing_summary: str, cause: str = "", damage: str = "",
                   lessons_learned: str = "") -> Incident:
    """Close with the closing report. Only an incident being handled may be closed."""
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if incident.status != ST.HANDLING:
        raise DomainError(_("Chỉ đóng được sự cố đang xử lý: hãy xác minh và xử lý trước khi đóng."))
    if not (closing_summary or "").strip():
        raise DomainError(_("Cần tóm tắt quá trình ứng phó (báo cáo kết thúc)."), field="closing_summary")
    before = audit.snapshot(incident)
    now = clock.now()
    incident.response_ended_at = incident.response_ended_at or now
    incident.status, incident.closed_at = ST.CLOSED, now
    incident.closing_summary, incident.cause = closing_summary.strip(), (cause or "").strip()
    incident.damage, incident.lessons_learned = (damage or "").strip(), (lessons_learned or "").strip()
    incident.save()
    _event(incident, actor, IncidentEvent.Kind.CLOSE, _status_text(ST.CLOSED), public=True)
    audit.record(actor=actor, action="incident.close", obj=incident, before=before, after=audit.snapshot(incident))
    return incident


@transaction.atomic
def incident_dismiss(*, actor, incident: Incident, reason: str) -> Incident:
    rules.require(actor, "incident.handle", incident)
    incident = _locked(incident)
    if not incident.is_open:
        raise DomainError(_("Sự cố đã kết thúc."))
    if not (reason or "").strip():
        raise DomainError(_("Cần ghi lý do loại bỏ."), field="reason")
    before = audit.snapshot(incident)
    incident.status, incident.dismissed_at, incident.dismiss_reason = ST.DISMISSED, clock.now(), reason.strip()
    incident.save(update_fields=["status", "dismissed_at", "dismiss_reason", "updated_at"])
    _event(incident, actor, IncidentEvent.Kind.STATUS, _status_text(ST.DISMISSED), public=True)
    audit.record(actor=actor, action="incident.dismiss", obj=incident, before=before, after=audit.snapshot(incident))
    return incident
