"""Reads of the preparedness module: scoped querysets, and the figures the dashboard and the annual
report use (drills done / due this year per unit, open drill findings, suppliers at risk)."""
from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from attt.core import clock

from .models import Attestation, Contract, Drill, DrillFinding, PlanVersion, ResponsePlan, Supplier
from .models.suppliers import RiskLevel

LIVE_DRILL_MIN_LEVEL = 3
AT_RISK = (RiskLevel.HIGH, RiskLevel.CRITICAL)


def plans_visible(*, user, query: str | None = None) -> QuerySet[ResponsePlan]:
    return (ResponsePlan.objects.visible_to(user).search(query).select_related("organisation", "approved_version")
            .annotate(n_systems=Count("systems", distinct=True)).order_by("organisation__path", "title", "id"))


def plan_get(*, user, pk: int) -> ResponsePlan:
    return get_object_or_404(ResponsePlan.objects.visible_to(user).select_related("organisation", "approved_version"),
                             pk=pk)


def plan_versions(plan: ResponsePlan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("created_by", "approved_by").order_by("-number")


def plans_review_due(*, user, on: dt.date | None = None) -> QuerySet[ResponsePlan]:
    on = on or clock.today()
    return ResponsePlan.objects.visible_to(user).filter(Q(review_due__lte=on) | Q(review_due__isnull=True))


def drills_visible(*, user, year: int | None = None, query: str | None = None) -> QuerySet[Drill]:
    qs = Drill.objects.visible_to(user).search(query).select_related("organisation")
    if year:
        qs = qs.filter(planned_on__year=year)
    return qs.annotate(n_open=Count("findings", filter=Q(findings__status=DrillFinding.Status.OPEN), distinct=True),
                       n_systems=Count("systems", distinct=True)).order_by("-planned_on", "-id")


def drill_get(*, user, pk: int) -> Drill:
    return get_object_or_404(Drill.objects.visible_to(user).select_related("organisation", "plan"), pk=pk)


def findings_open(*, user, on: dt.date | None = None) -> QuerySet[DrillFinding]:
    """Open drill findings (remediation tasks) the user sees, overdue first by deadline."""
    return (DrillFinding.objects.visible_to(user).filter(status=DrillFinding.Status.OPEN)
            .select_related("drill__organisation", "organisation").order_by("deadline", "id"))


def finding_get(*, user, pk: int) -> DrillFinding:
    return get_object_or_404(DrillFinding.objects.visible_to(user).select_related("drill", "organisation"), pk=pk)


def drill_figures(*, user, year: int | None = None) -> dict:
    """This year's drills for the dashboard and the annual report: done and still due per unit,
    systems of level 3+ that need a live drill and how many a done drill covered, the province's
    own drill, open and overdue findings."""
    from attt.systems.models import System

    today = clock.today()
    year = year or today.year
    drills = Drill.objects.visible_to(user).filter(planned_on__year=year).exclude(state=Drill.State.CANCELLED)
    per_unit: dict[int, dict] = {}
    by_state = {Drill.State.DONE: 0, Drill.State.PLANNED: 0}
    for row in drills.values("organisation_id", "organisation__name", "organisation__kind", "state").annotate(n=Count("id")):
        item = per_unit.setdefault(row["organisation_id"], {"organisation_id": row["organisation_id"],
                                                             "name": row["organisation__name"], "done": 0, "due": 0})
        item["done" if row["state"] == Drill.State.DONE else "due"] += row["n"]
        by_state[row["state"]] = by_state.get(row["state"], 0) + row["n"]
    level = Q(approved_level__gte=LIVE_DRILL_MIN_LEVEL) | Q(approved_level__isnull=True,
                                                            proposed_level__gte=LIVE_DRILL_MIN_LEVEL)
    drilled = Exists(Drill.systems.through.objects.filter(
        system_id=OuterRef("pk"), drill__state=Drill.State.DONE, drill__held_on__year=year))
    systems = (System.objects.visible_to(user).filter(level, status=System.Status.OPERATING)
               .aggregate(due=Count("id"), drilled=Count("id", filter=Q(drilled))))
    province_done = Drill.objects.filter(state=Drill.State.DONE, held_on__year=year, organisation__parent__isnull=True,
                                         org_path__in=_province_paths(user)).exists()
    findings = findings_open(user=user).order_by().aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(deadline__lt=today)))
    return {
        "year": year,
        "done": by_state[Drill.State.DONE],
        "due": by_state[Drill.State.PLANNED],
        "per_unit": sorted(per_unit.values(), key=lambda r: r["name"]),
        "systems_due": systems["due"],
        "systems_drilled": systems["drilled"],
        "province_drill_done": province_done,
        "findings_open": findings["open"],
        "findings_overdue": findings["overdue"],
    }


def _province_paths(user) -> list[str]:
    """The root paths of the provinces the user works in (a commune also sees whether its province
    held its own yearly drill)."""
    if user.is_superuser:
        from attt.orgs.models import Organisation

        return list(Organisation.objects.filter(parent__isnull=True).values_list("path", flat=True))
    return sorted({"/" + p.strip("/").split("/")[0] + "/" for p in user.scope_paths() if p.strip("/")})


def suppliers_visible(*, user, query: str | None = None) -> QuerySet[Supplier]:
    return (Supplier.objects.visible_to(user).search(query).select_related("organisation")
            .annotate(n_contracts=Count("contracts", distinct=True)).order_by("name", "id"))


def supplier_get(*, user, pk: int) -> Supplier:
    return get_object_or_404(Supplier.objects.visible_to(user).select_related("organisation"), pk=pk)


def suppliers_at_risk(*, user) -> QuerySet[Supplier]:
    return suppliers_visible(user=user).filter(risk_level__in=AT_RISK)


def suppliers_at_risk_count(*, user) -> int:
    return Supplier.objects.visible_to(user).filter(risk_level__in=AT_RISK).count()


def contracts_of(*, user, supplier: Supplier) -> QuerySet[Contract]:
    from attt.systems.models import System

    return (Contract.objects.visible_to(user).filter(supplier=supplier).select_related("organisation")
            .prefetch_related(Prefetch("systems", queryset=System.objects.visible_to(user).order_by("name")))
            .order_by("ends_on", "id"))


def exposed_systems(*, user, supplier: Supplier, on: dt.date | None = None):
    """Systems (visible to the user) served by a contract with `supplier` in force on `on`, or running
    a product of one of its vendor names: who is exposed when the supplier has an incident or a
    warning targets its product."""
    from attt.systems.models import System, SystemProduct

    on = on or clock.today()
    by_contract = Q(contracts__supplier=supplier, contracts__starts_on__lte=on, contracts__ends_on__gte=on)
    keys = supplier.vendor_keys()
    by_product = Q(pk__in=SystemProduct.objects.filter(product_key__regex=r"^(%s)( |$)" % "|".join(
        re.escape(k) for k in keys)).values("system_id")) if keys else Q(pk__in=[])
    return (System.objects.visible_to(user).filter(by_contract | by_product)
            .select_related("owner", "operator").distinct().order_by("name"))


def supplier_dependencies(*, user, on: dt.date | None = None) -> list[dict]:
    """Which systems depend on which supplier (contracts in force)."""
    from attt.systems.models import System

    on = on or clock.today()
    suppliers = list(suppliers_visible(user=user))
    links = (System.contracts.through.objects
             .filter(contract__supplier__in=[s.pk for s in suppliers], contract__starts_on__lte=on,
                     contract__ends_on__gte=on, system__in=System.objects.visible_to(user))
             .values_list("contract__supplier_id", "system_id"))
    by_supplier: dict[int, set[int]] = {}
    for supplier_id, system_id in links:
        by_supplier.setdefault(supplier_id, set()).add(system_id)
    systems = {s.pk: s for s in System.objects.filter(pk__in={i for ids in by_supplier.values() for i in ids})
               .select_related("owner")}
    return [{"supplier": s, "systems": sorted((systems[i] for i in by_supplier.get(s.pk, ())), key=lambda x: x.name)}
            for s in suppliers]


def attestations_of(*, user, provider=None) -> QuerySet[Attestation]:
    from attt.systems.models import System

    hosted = System.objects.filter(hosted_by=OuterRef("organisation")).order_by().values("hosted_by").annotate(
        n=Count("id")).values("n")
    qs = (Attestation.objects.visible_to(user).select_related("organisation")
          .annotate(n_hosted=Subquery(hosted[:1])))
    return qs.filter(organisation=provider) if provider is not None else qs
