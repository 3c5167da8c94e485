"""Reads of the systems module. Every one starts with `visible_to(user)`."""
from __future__ import annotations

from django.db.models import Avg, Count, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from attt.core import clock

from .models import Control, Dossier, System


def system_list(*, user, query: str = "", level: str = "", status: str = "", owner_id: int | None = None,
                approval: str = "") -> QuerySet[System]:
    qs = System.objects.visible_to(user).select_related("owner", "operator")
    if query:
        qs = qs.search(query)
    if level.isdigit():
        # The approved level, else the proposed one. As an expression it does not tempt SQLite into
        # the level index (a third of all systems) rather than the scope's path ranges.
        qs = qs.alias(current_level=Coalesce("approved_level", "proposed_level")).filter(current_level=int(level))
    if status in System.Status.values:
        qs = qs.filter(status=status)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if approval == "missing":
        qs = qs.filter(status=System.Status.OPERATING, approved_level__isnull=True)
    elif approval == "approved":
        qs = qs.filter(approved_level__isnull=False)
    return qs.order_by("name", "id")


def system_get(*, user, pk: int) -> System:
    return get_object_or_404(System.objects.visible_to(user).select_related("owner", "operator", "parent"), pk=pk)


def dossier_list(*, user, state: str = "", overdue: bool = False) -> QuerySet[Dossier]:
    qs = Dossier.objects.visible_to(user).select_related("system", "system__owner")
    if state in Dossier.State.values:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state__in=Dossier.OPEN_STATES, step_due__lt=clock.today())
    return qs.order_by("-updated_at", "-id")


def dossier_get(*, user, pk: int) -> Dossier:
    return get_object_or_404(Dossier.objects.visible_to(user).select_related("system__owner", "system__operator"),
                             pk=pk)


def control_get(*, user, pk: int) -> Control:
    return get_object_or_404(Control.objects.visible_to(user).select_related("system__owner", "system__operator"),
                             pk=pk)


def controls_of(*, system: System) -> QuerySet[Control]:
    return (system.controls.filter(active=True).annotate(n_evidence=Count("evidence"))
            .order_by("position", "id"))


def _figures(qs) -> dict:
    today = clock.today()
    agg = qs.aggregate(
        total=Count("id"),
        operating=Count("id", filter=Q(status=System.Status.OPERATING)),
        approved=Count("id", filter=Q(approved_level__isnull=False)),
        operating_approved=Count("id", filter=Q(status=System.Status.OPERATING, approved_level__isnull=False)),
        leveled=Count("id", filter=Q(approved_level__isnull=False) | Q(proposed_level__isnull=False)),
        plan_complete=Count("id", filter=Q(plan_complete=True)),
        compliance=Avg("compliance"),
    )
    agg["operating_without"] = agg["operating"] - agg["operating_approved"]
    agg["approved_pct"] = round(100 * agg["operating_approved"] / agg["operating"], 1) if agg["operating"] else None
    agg["plan_pct"] = round(100 * agg["plan_complete"] / agg["leveled"], 1) if agg["leveled"] else None
    agg["compliance"] = round(float(agg["compliance"]), 1) if agg["compliance"] is not None else None
    agg["today"] = today
    return agg


LEVELS = range(1, 6)
COUNTERS = ("total", "operating", "operating_approved", "plan_complete", "leveled", "compliance_n")


def _unit_aggregates() -> dict:
    """Conditional aggregates of one GROUP BY owner_path, from which the figures and the unit rows
    add up (served by the index systems_sys_figures_idx without reading the table). Each
    aggregate costs a pass over every row: keep the list short."""
    operating = Q(status=System.Status.OPERATING)
    return {
        "total": Count("id"),
        "operating": Count("id", filter=operating),
        "operating_approved": Count("id", filter=operating & Q(approved_level__isnull=False)),
        "plan_complete": Count("id", filter=Q(plan_complete=True)),
        "leveled": Count("id", filter=Q(approved_level__isnull=False) | Q(proposed_level__isnull=False)),
        "compliance_sum": Sum("compliance", output_field=FloatField()),  # a float: no Decimal per row
        "compliance_n": Count("compliance"),
    }


def _empty_bucket(org, **extra) -> dict:
    return {"org": org, **{key: 0 for key in COUNTERS}, "compliance_sum": 0.0, "overdue": 0, **extra}


def _add(target: dict, row: dict) -> None:
    for key in COUNTERS:
        target[key] += row[key]
    target["compliance_sum"] += float(row["compliance_sum"] or 0)


def _rates(item: dict) -> None:
    item["approved_pct"] = round(100 * item["operating_approved"] / item["operating"], 1) if item["operating"] else None
    item["plan_pct"] = round(100 * item["plan_complete"] / item["leveled"], 1) if item["leveled"] else None
    item["compliance"] = round(item["compliance_sum"] / item["compliance_n"], 1) if item["compliance_n"] else None
    item["operating_without"] = item["operating"] - item["operating_approved"]


def province_overview(*, user, root=None) -> dict:
    """Figures for the user's scope (or under `root`), by level, and one row per child unit.
    Four queries whatever the scale: systems grouped by owner path, systems grouped by level, overdue
    dossier steps grouped by owner path, the child units."""
    from attt.orgs.models import Organisation

    systems = System.objects.visible_to(user)
    dossiers = Dossier.objects.visible_to(user)
    if root is not None:
        systems = systems.filter(owner_path__startswith=root.path)
        dossiers = dossiers.filter(system__owner_path__startswith=root.path)
    rows = list(systems.order_by().values("owner_path").annotate(**_unit_aggregates()))
    overdue = dossiers.filter(state__in=Dossier.OPEN_STATES, step_due__lt=clock.today())
    overdue_by_path = {r["system__owner_path"]: r["n"] for r in overdue.order_by().values("system__owner_path")
                       .annotate(n=Count("id"))}
    totals = _empty_bucket(None)
    for row in rows:
        _add(totals, row)
    _rates(totals)
    # Levels: a GROUP BY served by the index (approved_level, proposed_level).
    by_level = list(systems.order_by().values("approved_level", "proposed_level").annotate(n=Count("id")))
    figures = {key: totals[key] for key in ("total", "operating", "operating_approved", "leveled", "plan_complete",
                                            "operating_without", "approved_pct", "plan_pct", "compliance")}
    figures["approved"] = sum(r["n"] for r in by_level if r["approved_level"] is not None)
    figures["today"] = clock.today()
    figures["overdue_steps"] = sum(overdue_by_path.values())
    levels = [{"level": lv,
               "approved": sum(r["n"] for r in by_level if r["approved_level"] == lv),
               "proposed": sum(r["n"] for r in by_level if r["approved_level"] is None and r["proposed_level"] == lv)}
              for lv in LEVELS]
    # One row per child unit of the root (or of the user's top nodes): roll up per owner path.
    if root is not None:
        children = list(Organisation.objects.filter(parent=root).order_by("kind", "name"))
    else:
        prefixes = user.scope_paths() if not user.is_superuser else []
        tops = Organisation.objects.filter(path__in=prefixes) if prefixes else Organisation.objects.filter(
            parent__isnull=True)
        children = list(tops.order_by("name"))
    by_child = {c.path: _empty_bucket(c) for c in children}
    own = _empty_bucket(root, own=True)
    for row in rows:
        _add(_bucket(row["owner_path"], by_child) or own, row)
    for path, n in overdue_by_path.items():
        (_bucket(path, by_child) or own)["overdue"] += n
    units = []
    for item in ([own] if own["total"] and root is not None else []) + list(by_child.values()):
        _rates(item)
        units.append(item)
    units = [u for u in units if u["total"] or u.get("own")] + [u for u in units if not u["total"] and not u.get("own")]
    return {"figures": figures, "levels": levels, "units": units}


def _bucket(path: str, by_child: dict):
    """The child row whose path is a prefix of `path` (paths look like /1/23/456/)."""
    parts = [p for p in (path or "").split("/") if p]
    for i in range(1, len(parts) + 1):
        item = by_child.get("/" + "/".join(parts[:i]) + "/")
        if item is not None:
            return item
    return None
