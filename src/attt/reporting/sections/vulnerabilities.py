"""Vulnerabilities of the subtree's systems (by owner, as the systems section counts them): active
findings by severity, those past their fixing deadline (SLA), fixed in the period and the mean time
to fix, scans imported in the period (vulns.models); the period's course: open at its start, new in
it, open at its end (or today), from the quarterly trend (`vulns.selectors.quarterly_trend`, the
same definition as the trend page). Rows: one per system with active findings."""
from __future__ import annotations

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock
from attt.vulns.models import Finding, FindingTally, Scan

from . import Section, SectionData, register
from ._common import count_by_unit, day_bounds

COLUMNS = (_l("Hệ thống"), _l("Chủ quản"), _l("Nghiêm trọng"), _l("Cao"), _l("Trung bình"), _l("Thấp"),
           _l("Quá hạn khắc phục"))
SEVERITIES = ((4, "critical", _l("Lỗ hổng nghiêm trọng đang mở")), (3, "high", _l("Lỗ hổng mức cao đang mở")),
              (2, "medium", _l("Lỗ hổng mức trung bình đang mở")), (1, "low", _l("Lỗ hổng mức thấp đang mở")))


def _in(qs, org, user):
    return qs.visible_to(user).filter(owner_path__startswith=org.path)


def _days(value) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value) / 1e6
    return round(seconds / 86400, 1)


def provide(org, period, user, *, course: bool = True) -> SectionData:
    today = min(clock.today(), period.end)
    lo, hi = day_bounds(period)
    tallies = dict(_in(FindingTally.objects.filter(active__gt=0), org, user).values_list("severity")
                   .annotate(n=Sum("active")).order_by())
    active = _in(Finding.objects.filter(state__in=Finding.ACTIVE), org, user)
    overdue = active.filter(due_date__lt=today).count()
    fixed = _in(Finding.objects.filter(state=Finding.State.FIXED, fixed_at__gte=lo, fixed_at__lt=hi), org, user)
    agg = fixed.aggregate(n=Count("pk"), mean=Avg(ExpressionWrapper(F("fixed_at") - F("first_seen"),
                                                                     output_field=DurationField())))
    scans = Scan.objects.visible_to(user).filter(organisation__path__startswith=org.path, imported_at__gte=lo,
                                                 imported_at__lt=hi).count()
    figs = [(f"findings_{key}", label, tallies.get(sev, 0)) for sev, key, label in SEVERITIES]
    figs += [("findings_overdue", _("Lỗ hổng quá hạn khắc phục (theo thời hạn của mức độ)"), overdue),
             ("findings_fixed", _("Lỗ hổng đã khắc phục trong kỳ"), agg["n"]),
             ("findings_mean_days", _("Thời gian khắc phục trung bình (ngày)"), _days(agg["mean"])),
             ("scans_imported", _("Bản quét lỗ hổng đã nhập trong kỳ"), scans)]
    if course:  # one grouped pass over the findings: for the reports, not for every dashboard view
        figs += _course(org, period, user, today)

    def rows():
        per_system = (active.values("system_id", "system__name", "system__owner__name").order_by(
            "system__owner__path", "system__name", "system_id").annotate(
            critical=Count("pk", filter=Q(severity=4)), high=Count("pk", filter=Q(severity=3)),
            medium=Count("pk", filter=Q(severity=2)), low=Count("pk", filter=Q(severity=1)),
            late=Count("pk", filter=Q(due_date__lt=today))))
        for r in per_system.iterator(chunk_size=1000):
            yield [r["system__name"], r["system__owner__name"], r["critical"], r["high"], r["medium"], r["low"],
                   r["late"]]

    return SectionData(figures=figs, rows=rows())


def _course(org, period, user, on) -> list[tuple]:
    """Open at the period's start, new in it, open at its end (or today), by the trend's definition:
    the quarters of the period up to `on`, and the one before it for the start."""
    from attt.vulns.selectors import quarterly_trend

    if on < period.start:
        start = new = end = 0
    else:
        quarters = ((on.year - period.start.year) * 12 + on.month - period.start.month) // 3 + 1
        trend = quarterly_trend(user=user, quarters=quarters + 1, on=on, findings=_in(Finding.objects.all(), org, user))
        start = trend[0]["open"]["total"]
        new = sum(q["new"]["total"] for q in trend[1:])
        end = trend[-1]["open"]["total"]
    return [("findings_open_start", _("Lỗ hổng đang mở đầu kỳ"), start),
            ("findings_new", _("Lỗ hổng phát hiện mới trong kỳ"), new),
            ("findings_open_end", _("Lỗ hổng còn mở cuối kỳ (kỳ chưa hết: đến hôm nay)"), end)]


def by_unit(province, period, user) -> dict[int, int]:
    """Active findings past their fixing deadline, by the owner's unit."""
    qs = _in(Finding.objects.filter(state__in=Finding.ACTIVE, due_date__lt=min(clock.today(), period.end)),
             province, user)
    return count_by_unit(qs.values_list("owner_path", flat=True).iterator(chunk_size=2000), province.path)


def _dashboard(org, period, user) -> SectionData:
    return provide(org, period, user, course=False)


SECTION = register(Section("vulnerabilities", _l("Rà quét và khắc phục lỗ hổng"), 45, COLUMNS, provide,
                           by_unit=by_unit, dashboard=_dashboard))
