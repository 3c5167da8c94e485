"""Recurring duties done in the period: scans, drills, inspections (from the obligations module)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock

from . import Section, SectionData, register
from ._lazy import first_field, guarded, guarded_hook, in_period, model, status_figures, subtree, unit_of

DUE_FIELDS = ("due_date", "due_on", "due")
DONE_FIELDS = ("done_at", "completed_at", "submitted_at", "fulfilled_at")
COLUMNS = ()


def _model():
    Occurrence = model("obligations", "Occurrence", "DutyOccurrence")
    if Occurrence is None:
        raise LookupError("Occurrence")
    return Occurrence


def _overdue(qs, Model):
    due, done = first_field(Model, DUE_FIELDS), first_field(Model, DONE_FIELDS)
    if due is None or done is None:
        raise LookupError("no due/done fields")
    return qs.filter(**{f"{due}__lt": clock.today(), f"{done}__isnull": True})


@guarded("Nghĩa vụ định kỳ")
def provide(org, period) -> SectionData:
    Occurrence = _model()
    qs, _f = in_period(Occurrence.objects.filter(subtree(Occurrence, org)), Occurrence, DUE_FIELDS, period)
    figs = [("duties_due", _("Nghĩa vụ đến hạn trong kỳ (rà quét, diễn tập, kiểm tra)"), qs.count()),
            ("duties_overdue", _("Nghĩa vụ quá hạn chưa thực hiện"), _overdue(qs, Occurrence).count()),
            *status_figures(qs, Occurrence)]
    return SectionData(figures=figs)


@guarded_hook
def by_unit(province, period) -> dict[int, int]:
    Occurrence = _model()
    qs = _overdue(Occurrence.objects.filter(subtree(Occurrence, province)), Occurrence)
    out: dict[int, int] = {}
    for path in qs.values_list(Occurrence.scope_fields[0], flat=True).iterator(chunk_size=2000):
        unit = unit_of(path or "", province.path)
        if unit is not None:
            out[unit] = out.get(unit, 0) + 1
    return out


SECTION = register(Section("duties", _l("Rà quét, diễn tập, kiểm tra định kỳ"), 70, COLUMNS, provide, by_unit=by_unit))
