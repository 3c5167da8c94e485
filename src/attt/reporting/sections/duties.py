"""Recurring duties due in the period (scans, drills, inspections, reports...): the obligations
module's occurrences of the subtree's units (by the unit that carries them), due / submitted /
accepted / returned / overdue, per duty in the rows."""
from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock
from attt.obligations.models import Occurrence

from . import Section, SectionData, register
from ._common import count_by_unit

COLUMNS = (_l("Nhiệm vụ định kỳ"), _l("Đến hạn trong kỳ"), _l("Đã nộp, chờ xem xét"), _l("Đã chấp nhận"),
           _l("Bị trả lại"), _l("Quá hạn chưa nộp"), _l("Nộp sau hạn"))


def occurrences_of(org, user):
    return Occurrence.objects.visible_to(user).filter(organisation__path__startswith=org.path)


def _counts(today):
    S = Occurrence.Status
    return {"n": Count("pk"), "submitted": Count("pk", filter=Q(status=S.SUBMITTED)),
            "accepted": Count("pk", filter=Q(status=S.ACCEPTED)),
            "returned": Count("pk", filter=Q(status=S.RETURNED)),
            "overdue": Count("pk", filter=Q(status__in=Occurrence.OPEN, due_date__lt=today)),
            "late": Count("pk", filter=Q(submitted_at__isnull=False, submitted_at__date__gt=F("due_date")))}


def provide(org, period, user) -> SectionData:
    today = clock.today()
    qs = occurrences_of(org, user).filter(due_date__gte=period.start, due_date__lte=period.end)
    agg = qs.aggregate(**_counts(today))
    figs = [("duties_due", _("Nghĩa vụ đến hạn trong kỳ (rà quét, diễn tập, kiểm tra, báo cáo...)"), agg["n"]),
            ("duties_submitted", _("Đã nộp, chờ xem xét"), agg["submitted"]),
            ("duties_accepted", _("Đã được chấp nhận"), agg["accepted"]),
            ("duties_returned", _("Bị trả lại"), agg["returned"]),
            ("duties_overdue", _("Quá hạn chưa nộp"), agg["overdue"]),
            ("duties_late", _("Nộp sau hạn"), agg["late"])]

    def rows():
        per_duty = qs.order_by().values("title").annotate(**_counts(today)).order_by("title")
        for r in per_duty:
            yield [r["title"], r["n"], r["submitted"], r["accepted"], r["returned"], r["overdue"], r["late"]]

    return SectionData(figures=figs, rows=rows())


def by_unit(province, period, user) -> dict[int, int]:
    """Overdue duties by unit: open occurrences due before today, up to the period's end."""
    today = clock.today()
    qs = occurrences_of(province, user).filter(status__in=Occurrence.OPEN, due_date__lt=today,
                                               due_date__lte=period.end)
    return count_by_unit(qs.values_list("organisation__path", flat=True).iterator(chunk_size=2000), province.path)


SECTION = register(Section("duties", _l("Rà quét, diễn tập, kiểm tra định kỳ"), 70, COLUMNS, provide, by_unit=by_unit))
