"""Implementation of the security requirements of each system's level: the systems module's
compliance figure kept on each system (implemented = 1, partial = ½, not applicable left out),
and its checklist controls by status. Per system in the rows, per unit for the dashboard."""
from __future__ import annotations

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.systems.models import Control

from . import Section, SectionData, register
from ._common import choice_figures, unit_of
from .systems import systems_of

COLUMNS = (_l("Hệ thống"), _l("Chủ quản"), _l("Cấp độ"), _l("Mức đáp ứng (%)"), _l("Đã thực hiện"),
           _l("Thực hiện một phần"), _l("Chưa thực hiện"), _l("Không áp dụng"), _l("Đã triển khai đầy đủ phương án"))


def _per_status():
    return {f"n_{value}": Count("controls", filter=Q(controls__active=True, controls__status=value))
            for value in Control.Status.values}


def provide(org, period, user) -> SectionData:
    systems = systems_of(org, user)
    agg = systems.aggregate(with_checklist=Count("pk", filter=Q(compliance__isnull=False)),
                            compliance=Avg("compliance"),
                            plan_complete=Count("pk", filter=Q(plan_complete=True)))
    controls = Control.objects.visible_to(user).filter(system__owner__path__startswith=org.path, active=True)
    counts = dict(controls.order_by().values_list("status").annotate(n=Count("pk")))
    average = round(float(agg["compliance"]), 1) if agg["compliance"] is not None else None
    figs = [("systems_with_checklist", _("Hệ thống đã có danh mục yêu cầu theo cấp độ"), agg["with_checklist"]),
            ("compliance_avg", _("Mức đáp ứng yêu cầu trung bình của các hệ thống (%)"), average),
            ("plan_complete", _("Hệ thống đã triển khai đầy đủ phương án"), agg["plan_complete"]),
            ("controls_total", _("Tổng số yêu cầu phải đáp ứng"), sum(counts.values())),
            *choice_figures("controls", counts, Control.Status.choices)]
    yes, no = _("Có"), _("Không")
    status_keys = [f"n_{v}" for v in (Control.Status.IMPLEMENTED, Control.Status.PARTIAL, Control.Status.NOT_STARTED,
                                      Control.Status.NOT_APPLICABLE)]

    def rows():
        qs = (systems.filter(compliance__isnull=False).order_by("owner__path", "name", "pk")
              .annotate(**_per_status())
              .values("name", "owner__name", "approved_level", "proposed_level", "compliance", "plan_complete",
                      *status_keys))
        for s in qs.iterator(chunk_size=2000):
            yield [s["name"], s["owner__name"], s["approved_level"] or s["proposed_level"] or "",
                   float(s["compliance"]), *[s[k] for k in status_keys], yes if s["plan_complete"] else no]

    return SectionData(figures=figs, rows=rows())


def by_unit(province, period, user) -> dict[int, float]:
    """{unit_id: mean compliance (%) of its systems that have a checklist}."""
    sums: dict[int, list] = {}
    rows = (systems_of(province, user).filter(compliance__isnull=False).order_by().values("owner__path")
            .annotate(total=Sum("compliance"), n=Count("pk")))
    for row in rows:
        unit = unit_of(row["owner__path"], province.path)
        if unit is not None:
            acc = sums.setdefault(unit, [0.0, 0])
            acc[0] += float(row["total"])
            acc[1] += row["n"]
    return {unit: round(total / n, 1) for unit, (total, n) in sums.items() if n}


SECTION = register(Section("controls", _l("Mức độ đáp ứng yêu cầu bảo đảm ATTT theo cấp độ"), 55, COLUMNS, provide,
                           by_unit=by_unit))
