"""Warnings received and handled (from the incidents module once it has them)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import Section, SectionData, register
from ._lazy import first_field, guarded, guarded_hook, in_period, model, status_figures, subtree

DATE_FIELDS = ("issued_at", "published_at", "created_at")
COLUMNS = ()


def _model():
    Warning_ = model("incidents", "Warning", "SecurityWarning", "Alert")
    if Warning_ is None:
        raise LookupError("Warning")
    return Warning_


def _open(qs, Model):
    if first_field(Model, ("closed_at",)):
        return qs.filter(closed_at__isnull=True)
    if first_field(Model, ("is_open",)):
        return qs.filter(is_open=True)
    raise LookupError("no open marker")


@guarded("Cảnh báo")
def provide(org, period) -> SectionData:
    Warning_ = _model()
    base = Warning_.objects.filter(subtree(Warning_, org))
    qs, _f = in_period(base, Warning_, DATE_FIELDS, period)
    figs = [("warnings_total", _("Cảnh báo trong kỳ"), qs.count()), *status_figures(qs, Warning_)]
    return SectionData(figures=figs)


@guarded_hook
def by_unit(province, period) -> dict[int, int]:
    from ._lazy import unit_of

    Warning_ = _model()
    open_qs = _open(Warning_.objects.filter(subtree(Warning_, province)), Warning_)
    out: dict[int, int] = {}
    field = Warning_.scope_fields[0]
    for path in open_qs.values_list(field, flat=True).iterator(chunk_size=2000):
        unit = unit_of(path or "", province.path)
        if unit is not None:
            out[unit] = out.get(unit, 0) + 1
    return out


SECTION = register(Section("warnings", _l("Cảnh báo đã tiếp nhận và xử lý"), 65, COLUMNS, provide, by_unit=by_unit))
