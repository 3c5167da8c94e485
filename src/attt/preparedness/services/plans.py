"""Response plans: create, revise (a new version each time), approve (the owner unit's head or an
administrator), which fulfils the unit's `incident-response-plan` duty and sets the yearly review."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from ..duties import fulfil
from ..models import PlanVersion, ResponsePlan
from ..models.plans import Scenario

REVIEW_MONTHS = 12


def _clean_content(content: dict) -> dict:
    scenarios = []
    for row in content.get("scenarios") or []:
        kind = (row.get("kind") or "").strip()
        if not kind:
            continue
        if kind not in Scenario.values:
            raise DomainError(_("Kịch bản “%(k)s” không hợp lệ.") % {"k": kind}, field="scenarios")
        scenarios.append({"kind": kind, "description": (row.get("description") or "").strip()[:4000]})
    if not scenarios:
        raise DomainError(_("Phương án phải có ít nhất một kịch bản ứng phó."), field="scenarios")
    contacts = [{k: (row.get(k) or "").strip()[:200] for k in ("role", "name", "phone", "email")}
                for row in content.get("contacts") or [] if (row.get("role") or row.get("name") or "").strip()]
    out = {"scenarios": scenarios, "contacts": contacts}
    for key in ("escalation_team", "escalation_national", "change_note"):
        out[key] = (content.get(key) or "").strip()[:300]
    for key in ("rto_hours", "rpo_hours"):
        value = content.get(key)
        if value in (None, ""):
            out[key] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise DomainError(_("RTO/RPO phải là số giờ (số nguyên không âm)."), field=key) from None
        if value < 0:
            raise DomainError(_("RTO/RPO phải là số giờ (số nguyên không âm)."), field=key)
        out[key] = value
    return out


def _check_systems(plan_org, systems) -> list:
    systems = list(systems)
    if not systems:
        raise DomainError(_("Chọn ít nhất một hệ thống áp dụng phương án."), field="systems")
    foreign = [s for s in systems if not (s.owner_path.startswith(plan_org.path) or s.operator_path.startswith(plan_org.path))]
    if foreign:
        raise DomainError(_("Hệ thống “%(s)s” không thuộc đơn vị lập phương án.") % {"s": foreign[0].name},
                          field="systems")
    return systems


@transaction.atomic
def plan_create(*, actor, organisation, title: str, systems, content: dict) -> ResponsePlan:
    probe = ResponsePlan(organisation=organisation)
    probe.org_path = organisation.path
    rules.require(actor, "plan.edit", probe)
    title = (title or "").strip()[:300]
    if not title:
        raise DomainError(_("Nhập tên phương án."), field="title")
    systems = _check_systems(organisation, systems)
    data = _clean_content(content)
    plan = ResponsePlan.objects.create(organisation=organisation, title=title)
    plan.systems.set(systems)
    PlanVersion.objects.create(plan=plan, number=1, created_by=actor, **data)
    audit.record(actor=actor, action="plan.create", obj=plan,
                 changes={"title": [None, title], "systems": [None, [s.pk for s in systems]], "version": [None, 1]})
    return plan


@transaction.atomic
def plan_revise(*, actor, plan: ResponsePlan, content: dict, systems=None) -> PlanVersion:
    """A revision is a new version (draft); earlier versions stay as they were (the history)."""
    rules.require(actor, "plan.edit", plan)
    plan = ResponsePlan.objects.select_for_update().get(pk=plan.pk)
    data = _clean_content(content)
    if systems is not None:
        plan.systems.set(_check_systems(plan.organisation, systems))
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(plan=plan, number=number, created_by=actor, **data)
    audit.record(actor=actor, action="plan.revise", obj=plan, changes={"version": [number - 1, number],
                                                                       "note": [None, data["change_note"]]})
    return version


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def plan_approve(*, actor, plan: ResponsePlan, version: PlanVersion | None = None) -> PlanVersion:
    """The owner unit's head (or an administrator) approves the latest draft: it becomes the plan in
    force, the one before is superseded, review is due in a year, the unit's duty is fulfilled."""
    rules.require(actor, "plan.approve", plan)
    plan = ResponsePlan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
    version = version or plan.versions.order_by("-number").first()
    if version is None or version.plan_id != plan.pk:
        raise DomainError(_("Không tìm thấy phiên bản cần phê duyệt."))
    if version.state != PlanVersion.State.DRAFT:
        raise DomainError(_("Chỉ phiên bản dự thảo mới được phê duyệt."))
    if not version.scenarios:
        raise DomainError(_("Phương án phải có ít nhất một kịch bản ứng phó."), field="scenarios")
    today = clock.today()
    plan.versions.filter(state=PlanVersion.State.APPROVED).update(state=PlanVersion.State.SUPERSEDED)
    plan.versions.filter(state=PlanVersion.State.DRAFT, number__lt=version.number).update(
        state=PlanVersion.State.SUPERSEDED)
    version.state, version.approved_by, version.approved_at = PlanVersion.State.APPROVED, actor, clock.now()
    version.save(update_fields=["state", "approved_by", "approved_at"])
    before = audit.snapshot(plan, ["approved_on", "review_due"])
    plan.approved_version, plan.approved_on = version, today
    plan.review_due, plan.review_reminded_on = _add_months(today, REVIEW_MONTHS), None
    plan.save(update_fields=["approved_version", "approved_on", "review_due", "review_reminded_on", "updated_at"])
    audit.record(actor=actor, action="plan.approve", obj=plan, before=before,
                 after={**audit.snapshot(plan, ["approved_on", "review_due"]), "version": version.number})
    fulfil(actor=actor, duty="incident-response-plan", organisation=plan.organisation, on=today, record=plan,
           label=_("Phương án ứng phó sự cố “%(t)s” phiên bản %(n)s") % {"t": plan.title, "n": version.number})
    return version
