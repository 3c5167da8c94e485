"""Reads of the incidents module. Every one starts from `visible_to(user)`."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from attt.core import clock

from . import clocks, regime
from .models import Incident, IncidentEvent, Warning, WarningTarget


def incident_list(*, user, query: str = "", status: str = "", kind: str = "", serious: str = "",
                  overdue_only: bool = False) -> QuerySet[Incident]:
    qs = Incident.objects.visible_to(user).select_related("unit").prefetch_related("affected")
    if query:
        qs = qs.search(query)
    if status == "open":
        qs = qs.filter(status__in=Incident.OPEN)
    elif status in Incident.Status.values:
        qs = qs.filter(status=status)
    if kind in Incident.Kind.values:
        qs = qs.filter(kind=kind)
    if serious == "1":
        qs = qs.filter(serious=True)
    return qs.order_by("-detected_at", "-id")


# What a list row and the home card show of an incident, and what its clocks read: the long texts
# (description, reports, search text) stay in the database.
ROW_FIELDS = ("id", "tracking_code", "unit__id", "unit__name", "source", "regime_code", "title", "kind", "severity",
              "status", "phase", "detected_at", "received_at", "response_ended_at", "closed_at", "serious",
              "serious_facts", "serious_decided_at", "notified_at")


def incident_rows(*, user, **filters) -> QuerySet[Incident]:
    """`incident_list` for the pages that show a row per incident."""
    return incident_list(user=user, **filters).prefetch_related(None).only(*ROW_FIELDS)


def incident_get(*, user, pk: int) -> Incident:
    return get_object_or_404(
        Incident.objects.visible_to(user).select_related("unit", "operator", "owner", "reported_by",
                                                         "serious_decided_by"),
        pk=pk)


def incident_timeline(incident: Incident) -> QuerySet[IncidentEvent]:
    return incident.events.select_related("actor").order_by("at", "id")


def public_status(code: str) -> tuple[Incident | None, list[IncidentEvent]]:
    """The citizen's view: the incident by its tracking code and its public timeline lines only."""
    code = (code or "").strip().upper()
    if not code:
        return None, []
    incident = Incident.objects.filter(tracking_code=code).only(
        "id", "tracking_code", "title", "status", "received_at", "detected_at", "closed_at").first()
    if incident is None:
        return None, []
    return incident, list(incident.events.filter(public=True).only("at", "text").order_by("at", "id"))


def incident_clocks(incident: Incident, *, now: dt.datetime | None = None,
                    regimes: regime.Regimes | None = None) -> list[clocks.ClockState]:
    """The legal clocks of the incident under its regime (the current version of the regime's
    `incident_clocks`; working days by the regimes' calendar), with their state now. Pass one
    `regime.Regimes()` for a whole page so the regimes are read once."""
    if incident.status == Incident.Status.DISMISSED:
        return []
    regimes = regimes or regime.Regimes()
    conditions = set()
    if incident.serious:
        conditions.add("serious")
    facts = set(incident.serious_facts or [])
    beyond = "owner_cannot_handle" in facts
    if beyond:
        conditions.add("beyond_capacity")
    if "national_security" in facts:
        conditions.add("national_security")
    events = {"detected": incident.detected_at, "response_ended": incident.response_ended_at,
              "beyond_capacity_found": incident.serious_decided_at if beyond else None,
              "notified": incident.notified_at, "closed": incident.closed_at}
    return clocks.evaluate(clocks=regimes.clocks(incident.regime_code), events=events, conditions=conditions,
                           now=now or clock.now(), tz=clocks.local_tz(settings.TIME_ZONE),
                           calendar=regimes.calendar)


def worst_clock(states: list[clocks.ClockState]) -> clocks.ClockState | None:
    """The open clock that runs out first (overdue ones first)."""
    open_ = [s for s in states if s.is_open and s.due is not None]
    return min(open_, key=lambda s: s.due) if open_ else None


def incident_figures(*, user, start: dt.date, end: dt.date, unit_path: str = "") -> dict:
    """Incidents detected in [start, end] by kind, severity, unit and highest system level.
    The reporting module calls this for its periodic reports."""
    tz = clocks.local_tz(settings.TIME_ZONE)
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = Incident.objects.visible_to(user).filter(detected_at__gte=lo, detected_at__lt=hi).exclude(
        status=Incident.Status.DISMISSED)
    if unit_path:
        qs = qs.filter(org_path__startswith=unit_path)
    rows = list(qs.annotate(level=Max("affected__level")).values("kind", "severity", "unit__name", "level",
                                                                  "serious", "status"))
    kinds, severities = dict(Incident.Kind.choices), dict(Incident.Severity.choices)
    by_kind = Counter(str(kinds.get(r["kind"], r["kind"])) for r in rows)
    by_severity = Counter(str(severities.get(r["severity"], r["severity"])) for r in rows)
    by_unit = Counter(r["unit__name"] for r in rows)
    by_level = Counter((f"Cấp độ {r['level']}" if r["level"] else "Chưa xác định") for r in rows)
    return {
        "start": start, "end": end, "total": len(rows),
        "serious": sum(1 for r in rows if r["serious"]),
        "closed": sum(1 for r in rows if r["status"] == Incident.Status.CLOSED),
        "open": sum(1 for r in rows if r["status"] in Incident.OPEN),
        "by_kind": by_kind.most_common(), "by_severity": by_severity.most_common(),
        "by_unit": by_unit.most_common(), "by_level": sorted(by_level.items()),
    }


def warning_list(*, user, query: str = "") -> QuerySet[Warning]:
    # Counts over the targets the user answers for or oversees: a commune reads "its" 0/1, not the
    # province's 0/2.
    mine = WarningTarget.objects.visible_to(user).filter(warning=OuterRef("pk")).order_by().values("warning")
    qs = Warning.objects.visible_to(user).select_related("issuer").annotate(
        n_targets=Coalesce(Subquery(mine.annotate(c=Count("pk")).values("c")[:1]), 0),
        n_fixed=Coalesce(Subquery(mine.filter(fixed_at__isnull=False).annotate(c=Count("pk")).values("c")[:1]), 0),
    )
    if query:
        qs = qs.search(query)
    return qs.order_by("-published_at", "-id")


def warning_get(*, user, pk: int) -> Warning:
    return get_object_or_404(
        Warning.objects.visible_to(user).select_related("issuer", "source_incident").prefetch_related(
            "products", Prefetch("targets", queryset=WarningTarget.objects.select_related("unit"))),
        pk=pk)


def my_targets(*, user, warning: Warning) -> QuerySet[WarningTarget]:
    """The targets of this warning that the user's units answer for."""
    return WarningTarget.objects.visible_to(user).filter(warning=warning).select_related("unit")


def warning_matrix(warning: Warning) -> dict:
    today = clock.today()
    rows = []
    counts = Counter()
    for target in warning.targets.all():
        state = target.state(today)
        counts[state] += 1
        rows.append({"target": target, "state": state})
    counts["exposed"] = len(rows)
    counts["acknowledged_total"] = sum(1 for r in rows if r["target"].acknowledged_at)
    counts["fixed_total"] = sum(1 for r in rows if r["target"].fixed_at)
    return {"rows": rows, "counts": counts}
