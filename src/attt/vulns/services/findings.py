"""What people do with a finding: fix it (with evidence), ask to accept the risk (the specialist
decides), or mark it a false positive."""
from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules, uploads
from attt.core.errors import DomainError

from ..models import Finding, FindingEvent
from .tally import refresh_tally

MAX_RISK_DAYS = 365


def _locked(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


def _event(finding, actor, kind, text="", evidence=None) -> FindingEvent:
    event = FindingEvent(finding=finding, kind=kind, at=clock.now(), actor=actor, text=text)
    if evidence is not None:
        event.evidence.save(evidence.name, ContentFile(evidence.data), save=False)
    event.save()
    return event


def _change(finding: Finding, actor, action: str, **fields) -> None:
    before = {k: getattr(finding, k) for k in fields}
    for k, v in fields.items():
        setattr(finding, k, v)
    finding.save(update_fields=list(fields))
    refresh_tally([finding.system_id])
    audit.record(actor=actor, action=action, obj=finding, before=before, after=fields)


@transaction.atomic
def finding_fix(*, actor, finding: Finding, note: str, evidence=None) -> Finding:
    rules.require(actor, "finding.fix", finding)
    finding = _locked(finding)
    if not finding.is_active and finding.state != Finding.State.RISK_ACCEPTED:
        raise DomainError(_("Lỗ hổng này không còn mở."))
    if not (note or "").strip():
        raise DomainError(_("Hãy mô tả việc đã làm để khắc phục."), field="note")
    checked = uploads.check_upload(evidence, field="evidence") if evidence is not None else None
    _change(finding, actor, "finding.fix", state=Finding.State.FIXED, fixed_at=clock.now())
    _event(finding, actor, FindingEvent.Kind.FIXED, note.strip(), checked)
    return finding


@transaction.atomic
def finding_request_risk(*, actor, finding: Finding, reason: str, expires: dt.date | None) -> Finding:
    rules.require(actor, "finding.request_risk", finding)
    finding = _locked(finding)
    if finding.state != Finding.State.OPEN:
        raise DomainError(_("Chỉ đề nghị chấp nhận rủi ro cho lỗ hổng đang mở."))
    if not (reason or "").strip():
        raise DomainError(_("Cần nêu lý do chấp nhận rủi ro."), field="reason")
    today = clock.today()
    if expires is None or expires <= today or expires > today + dt.timedelta(days=MAX_RISK_DAYS):
        raise DomainError(_("Ngày hết hạn chấp nhận rủi ro phải sau hôm nay và trong vòng %(n)s ngày.")
                          % {"n": MAX_RISK_DAYS}, field="expires")
    _change(finding, actor, "finding.request_risk", state=Finding.State.RISK_PENDING, risk_reason=reason.strip(),
            risk_expires=expires, risk_requested_by=actor)
    _event(finding, actor, FindingEvent.Kind.RISK_REQUESTED, reason.strip())
    return finding


@transaction.atomic
def finding_decide_risk(*, actor, finding: Finding, approve: bool, note: str = "") -> Finding:
    rules.require(actor, "finding.approve_risk", finding)
    finding = _locked(finding)
    if finding.state != Finding.State.RISK_PENDING:
        raise DomainError(_("Lỗ hổng này không có đề nghị chấp nhận rủi ro đang chờ duyệt."))
    if approve:
        _change(finding, actor, "finding.approve_risk", state=Finding.State.RISK_ACCEPTED, risk_approved_by=actor)
        _event(finding, actor, FindingEvent.Kind.RISK_APPROVED, note)
    else:
        if not (note or "").strip():
            raise DomainError(_("Cần nêu lý do từ chối."), field="note")
        _change(finding, actor, "finding.reject_risk", state=Finding.State.OPEN, risk_expires=None)
        _event(finding, actor, FindingEvent.Kind.RISK_REJECTED, note)
    return finding


@transaction.atomic
def finding_mark_false_positive(*, actor, finding: Finding, reason: str) -> Finding:
    rules.require(actor, "finding.fix", finding)
    finding = _locked(finding)
    if not finding.is_active:
        raise DomainError(_("Lỗ hổng này không còn mở."))
    if not (reason or "").strip():
        raise DomainError(_("Cần nêu lý do đánh giá là cảnh báo nhầm."), field="reason")
    _change(finding, actor, "finding.false_positive", state=Finding.State.FALSE_POSITIVE, fixed_at=clock.now())
    _event(finding, actor, FindingEvent.Kind.FALSE_POSITIVE, reason.strip())
    return finding


def _notify_owners(expired: list[Finding], today: dt.date) -> int:
    """One notice per owner unit (in-app and e-mail, the path directives and preparedness use)."""
    from attt.directives.services.notify import notify_units

    by_owner: dict[int, list[Finding]] = {}
    for f in expired:
        by_owner.setdefault(f.system.owner_id, []).append(f)
    sent = 0
    for owner_id, rows in by_owner.items():
        title = _("%(n)s lỗ hổng hết hạn chấp nhận rủi ro, đã mở lại") % {"n": len(rows)}
        lines = [f"- {f.system.name}: {f.title} ({f.host}) — "
                 + (_("hạn khắc phục mới %(d)s") % {"d": f"{f.due_date:%d/%m/%Y}"} if f.due_date else _("không đặt hạn"))
                 for f in rows[:50]]
        if len(rows) > 50:
            lines.append(_("… và %(n)s lỗ hổng khác.") % {"n": len(rows) - 50})
        body = _("Ngày %(d)s, thời hạn chấp nhận rủi ro của các lỗ hổng sau đã hết; lỗ hổng được mở lại:") % {
            "d": f"{today:%d/%m/%Y}"} + "\n" + "\n".join(lines)
        sent += notify_units([owner_id], title, body)
    return sent


def risk_acceptances_expire(*, today: dt.date | None = None) -> dict:
    """Findings whose accepted risk expired (the expiry date is past) go back to open, with a fixing
    deadline counted again from today; each owner unit is told; one audit event for the batch.
    Idempotent: a second run the same day finds nothing to do. The daily task and
    `attt manage vulns_expire_risks` call this."""
    from .. import sla

    today = today or clock.today()
    with transaction.atomic():
        expired = list(Finding.objects.select_for_update(of=("self",)).select_related("system")
                       .filter(state=Finding.State.RISK_ACCEPTED, risk_expires__lt=today).order_by("id"))
        if not expired:
            return {"reopened": 0, "notified": 0}
        now = clock.now()
        events = []
        for f in expired:
            f.state, f.active = Finding.State.OPEN, True
            f.due_date = sla.due_date(f.severity, f.system.approved_level, today)
            text = _("Chấp nhận rủi ro hết hạn ngày %(e)s; mở lại, hạn khắc phục mới: %(d)s.") % {
                "e": f"{f.risk_expires:%d/%m/%Y}", "d": f"{f.due_date:%d/%m/%Y}" if f.due_date else "—"}
            events.append(FindingEvent(finding=f, kind=FindingEvent.Kind.RISK_EXPIRED, at=now, text=text))
        Finding.objects.bulk_update(expired, ["state", "active", "due_date"], batch_size=1000)
        FindingEvent.objects.bulk_create(events, batch_size=1000)
        refresh_tally({f.system_id for f in expired})
        notified = _notify_owners(expired, today)
        audit.record(actor=None, action="finding.risk_expired", object_type="vulns.finding",
                     object_id=str(expired[0].pk), object_repr=_("%(n)s lỗ hổng") % {"n": len(expired)},
                     changes={"day": today.isoformat(), "findings": [f.pk for f in expired][:5000],
                              "count": len(expired)})
    return {"reopened": len(expired), "notified": notified}
