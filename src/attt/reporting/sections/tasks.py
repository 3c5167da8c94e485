"""Tasks assigned by directives to the subtree's units (from the directives module)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock

from . import Section, SectionData, register
from ._lazy import first_field, guarded, guarded_hook, model, status_figures, subtree, unit_of

DUE_FIELDS = ("due_date", "deadline", "due_on", "due")
DONE_FIELDS = ("done_at", "completed_at", "closed_at")
COLUMNS = ()


def _model():
    Assignment = model("directives", "Assignment", "TaskAssignment", "Task")
    if Assignment is None:
        raise LookupError("Assignment")
    return Assignment


def _overdue(qs, Model):
    due, done = first_field(Model, DUE_FIELDS), first_field(Model, DONE_FIELDS)
    if due is None or done is None:
        raise LookupError("no due/done fields")
    return qs.filter(**{f"{due}__lt": clock.today(), f"{done}__isnull": True})


@guarded("Văn bản chỉ đạo, nhiệm vụ")
def provide(org, period) -> SectionData:
    Assignment = _model()
    qs = Assignment.objects.filter(subtree(Assignment, org))
    figs = [("tasks_total", _("Nhiệm vụ được giao"), qs.count()),
            ("tasks_overdue", _("Nhiệm vụ quá hạn chưa hoàn thành"), _overdue(qs, Assignment).count()),
            *status_figures(qs, Assignment)]
    return SectionData(figures=figs)


@guarded_hook
def by_unit(province, period) -> dict[int, int]:
    Assignment = _model()
    qs = _overdue(Assignment.objects.filter(subtree(Assignment, province)), Assignment)
    out: dict[int, int] = {}
    for path in qs.values_list(Assignment.scope_fields[0], flat=True).iterator(chunk_size=2000):
        unit = unit_of(path or "", province.path)
        if unit is not None:
            out[unit] = out.get(unit, 0) + 1
    return out


SECTION = register(Section("tasks", _l("Thực hiện nhiệm vụ theo văn bản chỉ đạo"), 80, COLUMNS, provide,
                           by_unit=by_unit))
