"""Incidents of the subtree detected in the period (dismissed reports left out), by status,
severity and kind: the incidents module's own figures (incidents.selectors.incident_figures)."""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import dates
from attt.incidents.models import Incident
from attt.incidents.selectors import incident_figures

from .. import charts
from . import Section, SectionData, register
from ._common import day_bounds, month_labels

COLUMNS = (_l("Sự cố"), _l("Đơn vị"), _l("Ngày phát hiện"), _l("Loại"), _l("Mức độ"), _l("Trạng thái"))


def incidents_of(org, period, user):
    """The same set incident_figures counts, as a queryset (for the annex rows and the series)."""
    lo, hi = day_bounds(period)
    return (Incident.objects.visible_to(user).filter(unit__path__startswith=org.path, detected_at__gte=lo,
                                                     detected_at__lt=hi)
            .exclude(status=Incident.Status.DISMISSED))


def _by_label(pairs, choices, prefix: str, label_format: str) -> list:
    counts = dict(pairs)
    return [(f"{prefix}_{value}", label_format % label, counts.get(str(label), 0)) for value, label in choices]


def provide(org, period, user) -> SectionData:
    f = incident_figures(user=user, start=period.start, end=period.end, unit_path=org.path)
    figs = [("incidents_total", _("Sự cố trong kỳ"), f["total"]),
            ("incidents_serious", _("Sự cố nghiêm trọng"), f["serious"]),
            ("incidents_open", _("Sự cố đang xử lý"), f["open"]),
            ("incidents_closed", _("Sự cố đã kết thúc"), f["closed"]),
            *_by_label(f["by_severity"], Incident.Severity.choices, "severity", _("Mức độ: %s")),
            *_by_label(f["by_kind"], Incident.Kind.choices, "kind", _("Loại: %s"))]
    kinds, severities, statuses = (dict(Incident.Kind.choices), dict(Incident.Severity.choices),
                                   dict(Incident.Status.choices))

    def rows():
        qs = (incidents_of(org, period, user).order_by("detected_at", "pk")
              .values_list("title", "unit__name", "detected_at", "kind", "severity", "status"))
        for title, unit, at, kind, severity, status in qs.iterator(chunk_size=1000):
            yield [title, unit, dates.day(at), str(kinds.get(kind, kind)),
                   str(severities.get(severity, severity)), str(statuses.get(status, status))]

    return SectionData(figures=figs, rows=rows())


def series(province, period, user) -> list[tuple[str, int]]:
    """Incidents per month of the period (local time)."""
    counts: dict[str, int] = {}
    for at in incidents_of(province, period, user).values_list("detected_at", flat=True).iterator(chunk_size=2000):
        local = timezone.localtime(at)
        key = f"{local.month:02d}/{local.year}"
        counts[key] = counts.get(key, 0) + 1
    return [(label, counts.get(label, 0)) for _d, label in month_labels(period)]


def chart(section_json: dict):
    values = {k: v for k, _label, v in section_json.get("figures", [])}
    items = [(str(label), values.get(f"severity_{value}", 0)) for value, label in Incident.Severity.choices]
    if not any(v for _l2, v in items):
        return None
    return charts.Chart("bar", _("Sự cố theo mức độ"), items, unit="")


SECTION = register(Section("incidents", _l("Sự cố an toàn thông tin mạng"), 60, COLUMNS, provide, series=series,
                           chart=chart))
