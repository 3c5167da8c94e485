"""Tasks that published directives assigned to the subtree's units (directives.Assignment, read
through directives.selectors.assignments_for): those due in the period (or, without a due date,
assigned in it), done, could not be done, open, overdue."""
from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock
from attt.directives.models import Assignment
from attt.directives.selectors import assignments_for

from . import Section, SectionData, register
from ._common import count_by_unit, day_bounds

COLUMNS = (_l("Văn bản"), _l("Nhiệm vụ"), _l("Đơn vị"), _l("Hạn"), _l("Tình trạng"), _l("Quá hạn"))


def assignments_of(org, user):
    return assignments_for(user=user).filter(organisation__path__startswith=org.path)


def in_period(qs, period):
    lo, hi = day_bounds(period)
    return qs.filter(Q(due_on__gte=period.start, due_on__lte=period.end)
                     | Q(due_on__isnull=True, created_at__gte=lo, created_at__lt=hi))


def provide(org, period, user) -> SectionData:
    today = clock.today()
    qs = in_period(assignments_of(org, user), period)
    S = Assignment.Status
    agg = qs.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=S.DONE)),
                       cannot=Count("pk", filter=Q(status=S.CANNOT)),
                       open=Count("pk", filter=~Q(status__in=Assignment.CLOSED)),
                       overdue=Count("pk", filter=~Q(status__in=Assignment.CLOSED) & Q(due_on__lt=today)))
    figs = [("tasks_total", _("Nhiệm vụ được giao trong kỳ"), agg["total"]),
            ("tasks_done", _("Đã hoàn thành"), agg["done"]),
            ("tasks_cannot", _("Không thực hiện được"), agg["cannot"]),
            ("tasks_open", _("Chưa hoàn thành"), agg["open"]),
            ("tasks_overdue", _("Quá hạn chưa hoàn thành"), agg["overdue"])]
    statuses = dict(Assignment.Status.choices)
    late = _("Quá hạn")

    def rows():
        for a in qs.order_by("due_on", "organisation__path", "pk").iterator(chunk_size=1000):
            yield [a.directive.number, f"{a.task.ref} {a.task.text}"[:300], a.organisation.name,
                   a.due_on.strftime("%d/%m/%Y") if a.due_on else "", str(statuses.get(a.status, a.status)),
                   late if a.is_overdue(today) else ""]

    return SectionData(figures=figs, rows=rows())


def by_unit(province, period, user) -> dict[int, int]:
    """Overdue tasks by unit: open assignments due before today, up to the period's end."""
    today = clock.today()
    qs = (assignments_of(province, user).exclude(status__in=Assignment.CLOSED)
          .filter(due_on__lt=today, due_on__lte=period.end))
    return count_by_unit(qs.values_list("organisation__path", flat=True).iterator(chunk_size=2000), province.path)


SECTION = register(Section("tasks", _l("Thực hiện nhiệm vụ theo văn bản chỉ đạo"), 80, COLUMNS, provide,
                           by_unit=by_unit))
