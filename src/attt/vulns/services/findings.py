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
