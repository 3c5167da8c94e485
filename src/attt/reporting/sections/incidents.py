"""Incidents of the subtree in the period (from the incidents module once it has them)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import Section, SectionData, register
from ._lazy import guarded, guarded_hook, in_period, model, month_labels, status_figures, subtree

DATE_FIELDS = ("detected_at", "occurred_at", "reported_at", "created_at")
COLUMNS = (_l("Sự cố"), _l("Ngày"), _l("Trạng thái"))


def _model():
    Incident = model("incidents", "Incident")
    if Incident is None:
        raise LookupError("Incident")
    return Incident


@guarded("Sự cố")
def provide(org, period) -> SectionData:
    Incident = _model()
    qs, date_field = in_period(Incident.objects.filter(subtree(Incident, org)), Incident, DATE_FIELDS, period)
    figs = [("incidents_total", _("Sự cố trong kỳ"), qs.count()), *status_figures(qs, Incident)]

    def rows():
        for obj in qs.order_by(date_field).iterator(chunk_size=1000):
            value = getattr(obj, date_field)
            status = getattr(obj, "get_status_display", lambda: "")()
            yield [str(obj), value.strftime("%d/%m/%Y") if value else "", status]

    return SectionData(figures=figs, rows=rows())


@guarded_hook
def series(province, period) -> list[tuple[str, int]]:
    Incident = _model()
    qs, date_field = in_period(Incident.objects.filter(subtree(Incident, province)), Incident, DATE_FIELDS, period)
    counts: dict[str, int] = {}
    for value in qs.values_list(date_field, flat=True).iterator(chunk_size=2000):
        key = f"{value.month:02d}/{value.year}"
        counts[key] = counts.get(key, 0) + 1
    return [(label, counts.get(label, 0)) for _d, label in month_labels(period)]


SECTION = register(Section("incidents", _l("Sự cố an toàn thông tin mạng"), 60, COLUMNS, provide, series=series))
