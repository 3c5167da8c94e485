"""Scale data for benchmarks: one coverage snapshot per unit, systems if the systems seed did
not create them, and submitted quarterly reports for most units (bulk, in batches)."""
from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from attt.core import clock
from attt.core.text import fold

from .models import COVERAGE_FIELDS, CoverageSnapshot, Report
from .periods import containing

BATCH = 1000


@transaction.atomic
def generate(ctx) -> None:
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    rng = random.Random(60)
    units = list(Organisation.objects.filter(pk__in=ctx.unit_ids).only("id", "path", "parent_id", "name"))
    if CoverageSnapshot.objects.filter(organisation__code__startswith="SEED-").exists():
        ctx.out("  reporting seed already present; reusing it")
        return
    today = clock.today()
    period = containing(today)
    as_of = max(period.start, today - dt.timedelta(days=10))
    snaps, values_of = [], {}
    for unit in units:
        computers = rng.randint(5, 60)
        systems = rng.randint(0, 6)
        staff = rng.randint(0, 5)
        budget = rng.randint(0, 40) * 100_000_000
        values = {"computers_total": computers, "computers_antimalware": rng.randint(0, computers),
                  "computers_licensed_os": rng.randint(0, computers), "systems_total": systems,
                  "systems_soc": rng.randint(0, systems), "staff_security": staff,
                  "staff_trained": rng.randint(0, staff), "trainings_held": rng.randint(0, 2),
                  "drills_held": rng.randint(0, 1), "it_plans": rng.randint(0, 3), "it_budget_total": budget,
                  "security_budget": budget * rng.randint(0, 20) // 100}
        values_of[unit.pk] = values
        snaps.append(CoverageSnapshot(organisation_id=unit.pk, as_of=as_of, source=CoverageSnapshot.Source.DEMO,
                                      **values))
    CoverageSnapshot.objects.bulk_create(snaps, batch_size=BATCH)
    made_systems = 0
    missing = ctx.systems - System.objects.count()
    if missing > 0 and units:
        batch = []
        for i in range(missing):
            unit = units[i % len(units)]
            name = f"Hệ thống mẫu {i} của {unit.name}"
            approved = rng.choice([None, 1, 2, 2, 3, 3, 4])
            batch.append(System(name=name, search_text=fold(name), owner_id=unit.pk, operator_id=unit.pk,
                                status=System.Status.OPERATING if rng.random() < .9 else System.Status.PLANNED,
                                proposed_level=approved or rng.choice([None, 2, 3]), approved_level=approved))
            if len(batch) >= BATCH:
                System.objects.bulk_create(batch)
                made_systems += len(batch)
                batch = []
        if batch:
            System.objects.bulk_create(batch)
            made_systems += len(batch)
    reports = []
    now = clock.now()
    province = Organisation.objects.filter(pk=units[0].parent_id).first() if units else None
    due = period.unit_due(province)
    for unit in units:
        if rng.random() > 0.8:
            continue
        values = values_of[unit.pk]
        figures = {"coverage": {"available": True, "note": "",
                                "figures": [[f, str(label), values[f]] for f, label, _d in COVERAGE_FIELDS]}}
        reports.append(Report(organisation_id=unit.pk, kind=Report.Kind.UNIT, year=period.year, quarter=period.quarter,
                              version=1, status=Report.Status.SUBMITTED, due_date=due, figures=figures,
                              generated_at=now, submitted_at=now))
    Report.objects.bulk_create(reports, batch_size=BATCH)
    ctx.out(f"  {len(snaps)} coverage snapshots, {made_systems} systems, {len(reports)} submitted reports "
            f"for {period.code}")
