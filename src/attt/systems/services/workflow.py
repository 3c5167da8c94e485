"""The dossier workflow: draft → submitted → (expert opinion) → under appraisal → returned or
appraised → approved or rejected. Who acts and the legal due date of each step come from the
regime's authority table (see authority.py for the mapping to roles)."""
from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attt.core import audit, clock, rules
from attt.core.errors import DomainError
from attt.core.uploads import check_upload
from attt.regimes import rules_engine

from ..authority import acts_for, require_body
from ..models import Dossier, DossierComment, DossierDocument, DossierStep, System

S = Dossier.State
QUY_CHE = "security_regulation"


def authority_for(dossier: Dossier):
    regime = rules_engine.regime(dossier.regime_code)
    return regime.authority[dossier.level]


def clock_label(clock_) -> str:
    if clock_ is None:
        return ""
    if clock_.hours is not None:
        return ngettext("%(n)s giờ", "%(n)s giờ", clock_.hours) % {"n": clock_.hours}
    if clock_.kind == "working":
        return ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", clock_.days) % {"n": clock_.days}
    return ngettext("%(n)s ngày", "%(n)s ngày", clock_.days) % {"n": clock_.days}


def due_on(start: dt.date, clock_) -> dt.date | None:
    if clock_ is None or clock_.days is None:
        return None
    return rules_engine.calendar().due_date(start, clock_)


def _step_clock(dossier: Dossier, state: str):
    auth = authority_for(dossier)
    return {S.SUBMITTED: auth.incomplete_dossier_clock, S.UNDER_APPRAISAL: auth.appraisal_clock,
            S.APPRAISED: auth.approval_clock}.get(state)


def _enter(dossier: Dossier, state: str, *, actor, note: str = "") -> DossierStep:
    today = clock.today()
    DossierStep.objects.filter(dossier=dossier, finished_on__isnull=True).update(finished_on=today)
    clock_ = _step_clock(dossier, state)
    step = DossierStep.objects.create(dossier=dossier, state=state, started_on=today, due_on=due_on(today, clock_),
                                      clock_label=clock_label(clock_), actor=actor, note=note[:4000])
    if state in (S.APPROVED, S.REJECTED, S.SUPERSEDED):
        step.finished_on = today
        step.save(update_fields=["finished_on"])
    dossier.state, dossier.step_started, dossier.step_due = state, today, step.due_on
    dossier.save(update_fields=["state", "step_started", "step_due", "updated_at"])
    return step


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("system__owner", "system__operator").get(pk=dossier.pk)


def _expect(dossier: Dossier, *states) -> None:
    if dossier.state not in states:
        raise DomainError(_("Hồ sơ đang ở bước “%(s)s”; không thể thực hiện thao tác này.")
                          % {"s": dossier.get_state_display()})


def _record(actor, action, dossier, before_state, **extra):
    audit.record(actor=actor, action=action, obj=dossier,
                 changes={"state": [before_state, dossier.state], **{k: [None, v] for k, v in extra.items()}})


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier) -> Dossier:
    rules.require(actor, "dossier.submit", dossier)
    dossier = _lock(dossier)
    _expect(dossier, S.DRAFT, S.RETURNED)
    before = dossier.state
    _enter(dossier, S.SUBMITTED, actor=actor)
    _record(actor, "dossier.submit", dossier, before)
    return dossier


@transaction.atomic
def dossier_receive(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    """The appraising body takes the complete dossier in (levels 4–5 first get an expert opinion)."""
    dossier = _lock(dossier)
    auth = authority_for(dossier)
    require_body(actor, "dossier.appraise", auth.appraiser, dossier)
    _expect(dossier, S.SUBMITTED)
    before = dossier.state
    _enter(dossier, S.EXPERT_OPINION if auth.expert_opinion_required else S.UNDER_APPRAISAL, actor=actor, note=note)
    _record(actor, "dossier.receive", dossier, before)
    return dossier


@transaction.atomic
def dossier_expert_opinion(*, actor, dossier: Dossier, opinion: str) -> Dossier:
    dossier = _lock(dossier)
    require_body(actor, "dossier.appraise", "owner_security_unit", dossier)
    _expect(dossier, S.EXPERT_OPINION)
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("Hãy nhập ý kiến chuyên môn."), field="opinion")
    dossier.expert_opinion = opinion[:20000]
    dossier.save(update_fields=["expert_opinion"])
    before = dossier.state
    _enter(dossier, S.UNDER_APPRAISAL, actor=actor, note=opinion)
    _record(actor, "dossier.expert_opinion", dossier, before)
    return dossier


@transaction.atomic
def dossier_return(*, actor, dossier: Dossier, comments: dict[str, str]) -> Dossier:
    """The appraiser sends the dossier back to its operator, with a comment per part."""
    dossier = _lock(dossier)
    require_body(actor, "dossier.appraise", authority_for(dossier).appraiser, dossier)
    _expect(dossier, S.SUBMITTED, S.EXPERT_OPINION, S.UNDER_APPRAISAL)
    parts = {p.code for p in rules_engine.regime(dossier.regime_code).dossier_parts} | {"general"}
    clean = {k: (v or "").strip() for k, v in comments.items() if (v or "").strip()}
    if not clean:
        raise DomainError(_("Trả lại hồ sơ cần ít nhất một nhận xét."), field="comments")
    unknown = sorted(set(clean) - parts)
    if unknown:
        raise DomainError(_("Không có thành phần hồ sơ: %(p)s.") % {"p": ", ".join(unknown)}, field="comments")
    round_no = dossier.steps.filter(state=S.RETURNED).count() + 1
    DossierComment.objects.bulk_create(DossierComment(dossier=dossier, part=part, text=text[:10000], author=actor,
                                                      round=round_no) for part, text in clean.items())
    before = dossier.state
    _enter(dossier, S.RETURNED, actor=actor, note="; ".join(clean.values())[:4000])
    _record(actor, "dossier.return", dossier, before, comments=clean)
    return dossier


@transaction.atomic
def dossier_appraise(*, actor, dossier: Dossier, note: str = "") -> Dossier:
    dossier = _lock(dossier)
    require_body(actor, "dossier.appraise", authority_for(dossier).appraiser, dossier)
    _expect(dossier, S.UNDER_APPRAISAL)
    dossier.appraisal_note = (note or "").strip()[:20000]
    dossier.save(update_fields=["appraisal_note"])
    before = dossier.state
    _enter(dossier, S.APPRAISED, actor=actor, note=dossier.appraisal_note)
    _record(actor, "dossier.appraise", dossier, before)
    return dossier


def missing_parts(dossier: Dossier) -> list:
    """The parts the unit must provide (operator's and owner's, for the dossier's level) that have no
    document yet: shown on the dossier page and warned about at submission, receipt and appraisal.
    The quy chế counts when an earlier dossier of the same system holds it."""
    parts = rules_engine.regime(dossier.regime_code).dossier_parts_for(dossier.level)
    have = set(DossierDocument.objects.filter(dossier=dossier).values_list("part", flat=True))
    if has_security_regulation(dossier):
        have.add(QUY_CHE)
    return [p for p in parts if p.provided_by in ("operator", "owner") and p.code not in have]


def has_security_regulation(dossier: Dossier) -> bool:
    """The quy chế on file: uploaded to this dossier or to an earlier one of the same system."""
    return DossierDocument.objects.filter(dossier__system_id=dossier.system_id, part=QUY_CHE).exists()


@transaction.atomic
def dossier_approve(*, actor, dossier: Dossier, decision_number: str, decision_date: dt.date | None = None,
                    approver_title: str = "") -> Dossier:
    dossier = _lock(dossier)
    require_body(actor, "dossier.approve", authority_for(dossier).approver, dossier)
    _expect(dossier, S.APPRAISED)
    decision_number = (decision_number or "").strip()[:60]
    if not decision_number:
        raise DomainError(_("Hãy nhập số quyết định phê duyệt."), field="decision_number")
    decision_date = decision_date or clock.today()
    if decision_date > clock.today():
        raise DomainError(_("Ngày quyết định không được ở tương lai."), field="decision_date")
    if not has_security_regulation(dossier):
        raise DomainError(_("Chưa có quy chế bảo đảm an toàn thông tin của hệ thống trong hồ sơ; quy chế phải được "
                            "ban hành trước khi phê duyệt cấp độ."), field="security_regulation")
    dossier.decision_number, dossier.decision_date = decision_number, decision_date
    dossier.approver, dossier.approver_title = actor, (approver_title or "").strip()[:120]
    dossier.save(update_fields=["decision_number", "decision_date", "approver", "approver_title"])
    before = dossier.state
    _enter(dossier, S.APPROVED, actor=actor, note=decision_number)
    for old in Dossier.objects.filter(system_id=dossier.system_id, state=S.APPROVED).exclude(pk=dossier.pk):
        _enter(old, S.SUPERSEDED, actor=actor, note=_("Thay bằng HS-%(n)s") % {"n": dossier.pk})
    system = System.objects.select_for_update().get(pk=dossier.system_id)
    previous = system.approved_level
    system.approved_level = system.proposed_level = dossier.level
    system.save(update_fields=["approved_level", "proposed_level", "updated_at", "search_text"])
    _record(actor, "dossier.approve", dossier, before, decision_number=decision_number,
            approved_level=[previous, dossier.level])
    from .controls import sync_checklist

    sync_checklist(system=system)
    from ..signals import dossier_approved

    dossier_approved.send(sender=Dossier, dossier=dossier, actor=actor, on=decision_date)
    return dossier


@transaction.atomic
def dossier_reject(*, actor, dossier: Dossier, reason: str) -> Dossier:
    dossier = _lock(dossier)
    require_body(actor, "dossier.approve", authority_for(dossier).approver, dossier)
    _expect(dossier, S.APPRAISED)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy nêu lý do không phê duyệt."), field="reason")
    dossier.rejection_reason = reason[:10000]
    dossier.save(update_fields=["rejection_reason"])
    before = dossier.state
    _enter(dossier, S.REJECTED, actor=actor, note=reason)
    _record(actor, "dossier.reject", dossier, before)
    return dossier


SIGNED_DECISION = "signed_decision"  # the scan of the decision as signed and stamped


@transaction.atomic
def decision_signed_upload(*, actor, dossier: Dossier, upload) -> DossierDocument:
    """The owner uploads the scan of the approval decision as signed; the record keeps the decision's
    data (number, date, level) and every version of the signed scan."""
    rules.require(actor, "dossier.prepare", dossier)
    dossier = _lock(dossier)
    if dossier.state != S.APPROVED:
        raise DomainError(_("Chỉ tải lên bản quyết định đã ký khi hồ sơ đã được phê duyệt."), field="file")
    checked = check_upload(upload)
    version = DossierDocument.objects.filter(dossier=dossier, part=SIGNED_DECISION).count() + 1
    document = DossierDocument(dossier=dossier, part=SIGNED_DECISION, original_name=checked.name,
                               sha256=checked.sha256, size=checked.size, content_type=checked.content_type,
                               version=version, uploaded_by=actor)
    document.file.save(checked.name, ContentFile(checked.data), save=False)
    document.save()
    audit.record(actor=actor, action="dossier.signed_decision", obj=dossier,
                 changes={"file": [None, checked.name], "sha256": [None, checked.sha256]})
    return document


@transaction.atomic
def document_upload(*, actor, dossier: Dossier, part: str, upload) -> DossierDocument:
    rules.require(actor, "dossier.prepare", dossier)
    dossier = _lock(dossier)
    if not dossier.is_open:
        raise DomainError(_("Hồ sơ đã kết thúc; hãy mở hồ sơ mới để bổ sung tài liệu."))
    parts = {p.code for p in rules_engine.regime(dossier.regime_code).dossier_parts}
    if part not in parts:
        raise DomainError(_("Thành phần hồ sơ không hợp lệ."), field="part")
    checked = check_upload(upload)
    version = DossierDocument.objects.filter(dossier=dossier, part=part).count() + 1
    document = DossierDocument(dossier=dossier, part=part, original_name=checked.name, sha256=checked.sha256,
                               size=checked.size, content_type=checked.content_type, version=version,
                               uploaded_by=actor)
    document.file.save(checked.name, ContentFile(checked.data), save=False)
    document.save()
    audit.record(actor=actor, action="dossier.document", obj=dossier,
                 changes={"part": [None, part], "file": [None, checked.name], "sha256": [None, checked.sha256]})
    return document


def next_actions(user, dossier: Dossier) -> set[str]:
    """The actions `user` may take on `dossier` now (for showing buttons; services re-check)."""
    actions: set[str] = set()
    if not dossier.is_open:
        return actions
    auth = authority_for(dossier)
    system = dossier.system
    if dossier.state in (S.DRAFT, S.RETURNED):
        if rules.can(user, "dossier.submit", dossier):
            actions.add("submit")
        if rules.can(user, "dossier.prepare", dossier):
            actions.add("classify")
    if rules.can(user, "dossier.prepare", dossier):
        actions.add("upload")
    appraiser = rules.can(user, "dossier.appraise", dossier) and acts_for(user, auth.appraiser, system)
    if dossier.state == S.SUBMITTED and appraiser:
        actions |= {"receive", "return"}
    if dossier.state == S.EXPERT_OPINION and rules.can(user, "dossier.appraise", dossier) \
            and acts_for(user, "owner_security_unit", system):
        actions |= {"expert_opinion", "return"}
    if dossier.state == S.UNDER_APPRAISAL and appraiser:
        actions |= {"appraise", "return"}
    if dossier.state == S.APPRAISED and rules.can(user, "dossier.approve", dossier) \
            and acts_for(user, auth.approver, system):
        actions |= {"approve", "reject"}
    return actions
