"""Preparedness of the subtree: drills planned and held in the period (preparedness.models.Drill),
level 3+ systems that need a yearly live drill and how many a held drill covered, open and overdue
drill findings, approved response plans, suppliers assessed at high risk. Rows: one per drill."""
from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock, dates
from attt.preparedness.models import Drill, DrillFinding, PlanVersion, ResponsePlan
from attt.systems.models import System

from . import Section, SectionData, register
from ._common import count_by_unit

COLUMNS = (_l("Diễn tập"), _l("Đơn vị"), _l("Ngày dự kiến"), _l("Ngày thực hiện"), _l("Trạng thái"),
           _l("Số hệ thống"), _l("Phát hiện"))
LIVE_DRILL_MIN_LEVEL = 3


def _drills(org, period, user):
    return (Drill.objects.visible_to(user).filter(org_path__startswith=org.path)
            .filter(Q(planned_on__gte=period.start, planned_on__lte=period.end)
                    | Q(held_on__gte=period.start, held_on__lte=period.end)))


def provide(org, period, user) -> SectionData:
    today = min(clock.today(), period.end)
    drills = _drills(org, period, user).exclude(state=Drill.State.CANCELLED)
    done = drills.filter(state=Drill.State.DONE, held_on__gte=period.start, held_on__lte=period.end)
    level = Q(approved_level__gte=LIVE_DRILL_MIN_LEVEL) | Q(approved_level__isnull=True,
                                                            proposed_level__gte=LIVE_DRILL_MIN_LEVEL)
    systems_due = System.objects.visible_to(user).filter(level, status=System.Status.OPERATING,
                                                         owner__path__startswith=org.path)
    drilled = systems_due.filter(drills__state=Drill.State.DONE, drills__held_on__gte=period.start,
                                 drills__held_on__lte=period.end).distinct().count()
    open_findings = DrillFinding.objects.visible_to(user).filter(org_path__startswith=org.path,
                                                                 status=DrillFinding.Status.OPEN)
    plans = (ResponsePlan.objects.visible_to(user).filter(org_path__startswith=org.path,
                                                          versions__state=PlanVersion.State.APPROVED).distinct())
    figs = [("drills_planned", _("Cuộc diễn tập theo kế hoạch trong kỳ"), drills.count()),
            ("drills_done", _("Cuộc diễn tập đã thực hiện trong kỳ"), done.count()),
            ("systems_drill_due", _("Hệ thống cấp độ 3 trở lên phải diễn tập thực chiến"), systems_due.count()),
            ("systems_drilled", _("Hệ thống cấp độ 3 trở lên đã được diễn tập trong kỳ"), drilled),
            ("drill_findings_open", _("Phát hiện sau diễn tập chưa khắc phục"), open_findings.count()),
            ("drill_findings_overdue", _("Phát hiện sau diễn tập quá hạn khắc phục"),
             open_findings.filter(deadline__lt=today).count()),
            ("plans_approved", _("Phương án ứng phó sự cố đã phê duyệt"), plans.count())]
    states = dict(Drill.State.choices)

    def rows():
        for d in (drills.select_related("organisation").annotate(
                n_systems=Count("systems", distinct=True), n_findings=Count("findings", distinct=True))
                .order_by("planned_on", "pk").iterator(chunk_size=500)):
            yield [d.title, d.organisation.name, dates.day(d.planned_on), dates.day(d.held_on),
                   str(states.get(d.state, d.state)), d.n_systems, d.n_findings]

    return SectionData(figures=figs, rows=rows())


def by_unit(province, period, user) -> dict[int, int]:
    """Open drill findings past their deadline, by unit."""
    qs = DrillFinding.objects.visible_to(user).filter(org_path__startswith=province.path,
                                                      status=DrillFinding.Status.OPEN,
                                                      deadline__lt=min(clock.today(), period.end))
    return count_by_unit(qs.values_list("org_path", flat=True).iterator(chunk_size=2000), province.path)


SECTION = register(Section("preparedness", _l("Diễn tập, phương án ứng phó và nhà cung cấp"), 55, COLUMNS, provide,
                           by_unit=by_unit))
