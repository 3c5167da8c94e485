"""Drills: plan, record as done (never in the future), findings become remediation tasks with an owner
unit and a deadline; a done drill fulfils the `live-drill` duty of each covered system of level 3+."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from ..duties import fulfil
from ..models import Drill, DrillFinding
from ..models.plans import Scenario

LIVE_DRILL_MIN_LEVEL = 3


def _in_subtree(org, path: str) -> bool:
    return bool(path) and path.startswith(org.path)


def _check_systems(organisation, systems) -> list:
    systems = list(systems)
    foreign = [s for s in systems if not (_in_subtree(organisation, s.owner_path) or
                                          _in_subtree(organisation, s.operator_path))]
    if foreign:
        raise DomainError(_("Hệ thống “%(s)s” không thuộc phạm vi của đơn vị tổ chức diễn tập.")
                          % {"s": foreign[0].name}, field="systems")
    return systems


@transaction.atomic
def drill_plan(*, actor, organisation, title: str, scenario: str, planned_on: dt.date, systems=(),
               participants: str = "", plan=None) -> Drill:
    probe = Drill(organisation=organisation)
    probe.org_path = organisation.path
    rules.require(actor, "drill.edit", probe)
    title = (title or "").strip()[:300]
    if not title:
        raise DomainError(_("Nhập tên cuộc diễn tập."), field="title")
    if scenario not in Scenario.values:
        raise DomainError(_("Chọn kịch bản diễn tập."), field="scenario")
    if planned_on is None:
        raise DomainError(_("Nhập ngày dự kiến diễn tập."), field="planned_on")
    systems = _check_systems(organisation, systems)
    drill = Drill.objects.create(organisation=organisation, title=title, scenario=scenario, planned_on=planned_on,
                                 participants=(participants or "").strip()[:4000], plan=plan)
    drill.systems.set(systems)
    audit.record(actor=actor, action="drill.plan", obj=drill,
                 changes={"title": [None, title], "planned_on": [None, planned_on.isoformat()],
                          "systems": [None, [s.pk for s in systems]]})
    return drill


def _clean_findings(drill: Drill, findings, held_on: dt.date) -> list[dict]:
    from attt.orgs.models import Organisation

    out = []
    for n, row in enumerate(findings or [], start=1):
        text = (row.get("description") or "").strip()
        if not text:
            continue
        org = row.get("organisation")
        if org is not None and not isinstance(org, Organisation):
            org = Organisation.objects.filter(pk=org).first()
        if org is None or not _in_subtree(drill.organisation, org.path):
            raise DomainError(_("Phát hiện %(n)s: chọn đơn vị khắc phục thuộc phạm vi cuộc diễn tập.") % {"n": n},
                              field="findings")
        deadline = row.get("deadline")
        if deadline is None:
            raise DomainError(_("Phát hiện %(n)s: nhập hạn khắc phục.") % {"n": n}, field="findings")
        if deadline < held_on:
            raise DomainError(_("Phát hiện %(n)s: hạn khắc phục không được trước ngày diễn tập.") % {"n": n},
                              field="findings")
        out.append({"description": text[:4000], "organisation": org, "deadline": deadline})
    return out


@transaction.atomic
def drill_record(*, actor, drill: Drill, held_on: dt.date, timeline: str = "", what_worked: str = "",
                 findings=()) -> Drill:
    """Record a drill as done. A drill dated after today cannot be done yet."""
    rules.require(actor, "drill.edit", drill)
    drill = Drill.objects.select_for_update().select_related("organisation").get(pk=drill.pk)
    if drill.state != Drill.State.PLANNED:
        raise DomainError(_("Chỉ ghi nhận kết quả cho cuộc diễn tập đang ở trạng thái kế hoạch."))
    if held_on is None:
        raise DomainError(_("Nhập ngày thực hiện diễn tập."), field="held_on")
    if held_on > clock.today():
        raise DomainError(_("Không thể ghi nhận đã diễn tập vào ngày trong tương lai (%(d)s).")
                          % {"d": held_on.strftime("%d/%m/%Y")}, field="held_on")
    rows = _clean_findings(drill, findings, held_on)
    before = audit.snapshot(drill, ["state", "held_on"])
    drill.state, drill.held_on = Drill.State.DONE, held_on
    drill.timeline, drill.what_worked = (timeline or "").strip()[:20000], (what_worked or "").strip()[:20000]
    drill.save()
    for row in rows:
        finding = DrillFinding(drill=drill, **row)
        finding.save()
        audit.record(actor=actor, action="drill.finding", obj=finding, object_repr=str(finding),
                     changes={"organisation": [None, row["organisation"].name],
                              "deadline": [None, row["deadline"].isoformat()]})
    audit.record(actor=actor, action="drill.record", obj=drill, before=before,
                 after={**audit.snapshot(drill, ["state", "held_on"]), "findings": len(rows)})
    label = _("Diễn tập “%(t)s” ngày %(d)s") % {"t": drill.title, "d": held_on.strftime("%d/%m/%Y")}
    for system in drill.systems.select_related("operator"):
        if (system.level or 0) >= LIVE_DRILL_MIN_LEVEL:
            fulfil(actor=actor, duty="live-drill", organisation=system.operator, system=system, on=held_on,
                   record=drill, label=label)
    return drill


@transaction.atomic
def drill_cancel(*, actor, drill: Drill) -> Drill:
    rules.require(actor, "drill.edit", drill)
    if drill.state != Drill.State.PLANNED:
        raise DomainError(_("Chỉ hủy được cuộc diễn tập chưa thực hiện."))
    before = audit.snapshot(drill, ["state"])
    drill.state = Drill.State.CANCELLED
    drill.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="drill.cancel", obj=drill, before=before)
    return drill


@transaction.atomic
def finding_close(*, actor, finding: DrillFinding, resolution: str) -> DrillFinding:
    """The unit that must fix a finding (or above it) records that it is fixed."""
    probe = DrillFinding(org_path=finding.org_path)
    if not rules.can(actor, "finding.close", probe):
        rules.require(actor, "finding.close", finding.drill)
    finding = DrillFinding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != DrillFinding.Status.OPEN:
        raise DomainError(_("Phát hiện này đã được khắc phục."))
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError(_("Nêu kết quả khắc phục."), field="resolution")
    before = audit.snapshot(finding, ["status", "closed_on"])
    finding.status, finding.resolution, finding.closed_on = DrillFinding.Status.DONE, resolution[:8000], clock.today()
    finding.save()
    audit.record(actor=actor, action="finding.close", obj=finding, before=before,
                 after=audit.snapshot(finding, ["status", "closed_on"]))
    return finding
