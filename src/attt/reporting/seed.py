"""Scale data for benchmarks (`attt seed`): for every seeded unit, a coverage snapshot of the current
period, and for about four units in five a submitted unit report of that period carrying the
snapshot's figures. Bulk inserts, one transaction and one audit event (`seed.reporting`) per batch.

A second run adds nothing. `--top-up` fills in what is missing per unit and period: the units of
new provinces get their snapshot and report, and a run in a later quarter adds that quarter's.
Which units report is decided by the unit (its id), so a repeated top-up never adds a report twice."""
from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from attt.core import audit, clock

from .models import COVERAGE_FIELDS, CoverageSnapshot, Report
from .periods import containing

BATCH = 1000
REPORTING_SHARE = 0.8  # of the units submit their report


def generate(ctx) -> None:
    from attt.orgs.models import Organisation

    seeded = CoverageSnapshot.objects.filter(organisation__code__startswith="SEED-", source=CoverageSnapshot.Source.DEMO)
    if seeded.exists() and not getattr(ctx, "top_up", False):
        ctx.out("  reporting seed already present; reusing it")
        return
    today = clock.today()
    period = containing(today)
    as_of = max(period.start, today - dt.timedelta(days=10))
    units = list(Organisation.objects.filter(pk__in=ctx.unit_ids).order_by("pk").only("id", "parent_id"))
    have_snapshot = set(seeded.filter(as_of__gte=period.start, as_of__lte=period.end)
                        .values_list("organisation_id", flat=True))
    have_report = set(Report.objects.filter(organisation__code__startswith="SEED-", kind=Report.Kind.UNIT,
                                            year=period.year, quarter=period.quarter)
                      .values_list("organisation_id", flat=True))
    provinces = {o.pk: o for o in Organisation.objects.filter(pk__in={u.parent_id for u in units})}
    due = {pk: period.unit_due(province) for pk, province in provinces.items()}
    snapshots = reports = 0
    for start in range(0, len(units), BATCH):
        with transaction.atomic():
            made = _batch(units[start:start + BATCH], period=period, as_of=as_of, due=due,
                          have_snapshot=have_snapshot, have_report=have_report)
            if any(made):
                audit.record(actor=None, action="seed.reporting", object_type="reporting.report", object_id="",
                             object_repr=period.code, changes={"snapshots": made[0], "reports": made[1]})
        snapshots += made[0]
        reports += made[1]
    ctx.out(f"  {snapshots} coverage snapshots, {reports} submitted reports for {period.code}")


def _values(rng: random.Random) -> dict:
    computers = rng.randint(5, 60)
    systems = rng.randint(0, 6)
    staff = rng.randint(0, 5)
    budget = rng.randint(0, 40) * 100_000_000
    return {"computers_total": computers, "computers_antimalware": rng.randint(0, computers),
            "computers_licensed_os": rng.randint(0, computers), "systems_total": systems,
            "systems_soc": rng.randint(0, systems), "staff_security": staff,
            "staff_trained": rng.randint(0, staff), "trainings_held": rng.randint(0, 2),
            "drills_held": rng.randint(0, 1), "it_plans": rng.randint(0, 3), "it_budget_total": budget,
            "security_budget": budget * rng.randint(0, 20) // 100}


def _batch(units, *, period, as_of, due, have_snapshot, have_report) -> tuple[int, int]:
    """The missing snapshots and reports of these units; the figures of a unit depend on the unit
    and the period only, so its report agrees with its snapshot whichever run made them."""
    now = clock.now()
    snaps, reports = [], []
    for unit in units:
        rng = random.Random(f"{unit.pk}/{period.code}")
        values = _values(rng)
        if unit.pk not in have_snapshot:
            snaps.append(CoverageSnapshot(organisation_id=unit.pk, as_of=as_of, source=CoverageSnapshot.Source.DEMO,
                                          **values))
        if unit.pk in have_report or rng.random() >= REPORTING_SHARE:
            continue
        figures = {"coverage": {"available": True, "note": "",
                                "figures": [[f, str(label), values[f]] for f, label, _d in COVERAGE_FIELDS]}}
        reports.append(Report(organisation_id=unit.pk, kind=Report.Kind.UNIT, year=period.year, quarter=period.quarter,
                              version=1, status=Report.Status.SUBMITTED, due_date=due.get(unit.parent_id) or
                              period.unit_due(None), figures=figures, generated_at=now, submitted_at=now))
    CoverageSnapshot.objects.bulk_create(snaps, batch_size=BATCH)
    Report.objects.bulk_create(reports, batch_size=BATCH)
    return len(snaps), len(reports)
