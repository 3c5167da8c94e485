"""Warnings reaching the subtree's units in the period and how they were handled: each
WarningTarget of a warning published in the period (incidents.models), acknowledged, fixed,
fixed by the deadline, late (not fixed by the deadline)."""
from __future__ import annotations

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock, dates
from attt.incidents.models import Warning, WarningTarget

from . import Section, SectionData, register
from ._common import count_by_unit, day_bounds

COLUMNS = (_l("Cảnh báo"), _l("Mức độ"), _l("Đơn vị"), _l("Hạn khắc phục"), _l("Tiếp nhận"), _l("Khắc phục"),
           _l("Tình trạng"))


def targets_of(org, period, user):
    lo, hi = day_bounds(period)
    return WarningTarget.objects.visible_to(user).filter(unit__path__startswith=org.path,
                                                         warning__published_at__gte=lo, warning__published_at__lt=hi)


def provide(org, period, user) -> SectionData:
    today = clock.today()
    qs = targets_of(org, period, user).annotate(fixed_day=TruncDate("fixed_at", tzinfo=timezone.get_current_timezone()))
    agg = qs.aggregate(
        total=Count("pk"), warnings=Count("warning", distinct=True),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        fixed=Count("pk", filter=Q(fixed_at__isnull=False)),
        fixed_on_time=Count("pk", filter=Q(fixed_at__isnull=False, fixed_day__lte=F("warning__deadline"))),
        late=Count("pk", filter=Q(fixed_at__isnull=True, warning__deadline__lt=today)
                   | Q(fixed_at__isnull=False, fixed_day__gt=F("warning__deadline"))),
        open=Count("pk", filter=Q(fixed_at__isnull=True)),
    )
    figs = [("warnings_total", _("Cảnh báo gửi tới đơn vị trong kỳ"), agg["warnings"]),
            ("targets_total", _("Lượt đơn vị nhận cảnh báo"), agg["total"]),
            ("targets_acknowledged", _("Đã tiếp nhận"), agg["acknowledged"]),
            ("targets_fixed", _("Đã khắc phục"), agg["fixed"]),
            ("targets_fixed_on_time", _("Khắc phục đúng hạn"), agg["fixed_on_time"]),
            ("targets_late", _("Quá hạn (chưa khắc phục hoặc khắc phục sau hạn)"), agg["late"]),
            ("targets_open", _("Chưa khắc phục"), agg["open"])]
    severities = dict(Warning.Severity.choices)
    labels = {"fixed": _("Đã khắc phục"), "late": _("Quá hạn"), "acknowledged": _("Đã tiếp nhận"),
              "pending": _("Chưa tiếp nhận")}

    def rows():
        for t in (qs.select_related("warning", "unit").order_by("warning__published_at", "unit__path", "pk")
                  .iterator(chunk_size=1000)):
            yield [t.warning.title, str(severities.get(t.warning.severity, t.warning.severity)), t.unit.name,
                   dates.day(t.warning.deadline),
                   dates.day(t.acknowledged_at),
                   dates.day(t.fixed_at),
                   str(labels[t.state(today)])]

    return SectionData(figures=figs, rows=rows())


def by_unit(province, period, user) -> dict[int, int]:
    """Open warnings by unit: targets not fixed, of warnings published up to the period's end."""
    _lo, hi = day_bounds(period)
    qs = WarningTarget.objects.visible_to(user).filter(unit__path__startswith=province.path, fixed_at__isnull=True,
                                                       warning__published_at__lt=hi)
    return count_by_unit(qs.values_list("unit__path", flat=True).iterator(chunk_size=2000), province.path)


SECTION = register(Section("warnings", _l("Cảnh báo đã tiếp nhận và xử lý"), 65, COLUMNS, provide, by_unit=by_unit))
