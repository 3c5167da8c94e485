"""Scale data for benchmarks: `ctx.systems` systems spread over the seeded units, with
dossiers (approved, open, some overdue) and control statuses for every system with a level."""
from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from attt.core import audit, clock
from attt.core.bulk import insert_rows
from attt.orgs.models import Organisation
from attt.regimes import rules_engine

from .models import Control, Dossier, DossierStep, System
from .services.controls import compliance_of

BATCH = 1000
KINDS = [System.Kind.INTERNAL, System.Kind.PUBLIC_SERVICE, System.Kind.INFRASTRUCTURE, System.Kind.OTHER]
NAMES = ["Cổng thông tin điện tử", "Hệ thống quản lý văn bản", "Phần mềm một cửa", "Hệ thống thư điện tử",
         "Cơ sở dữ liệu chuyên ngành", "Hệ thống hội nghị truyền hình", "Phần mềm kế toán", "Mạng nội bộ"]


def generate(ctx) -> None:
    """Grows the seeded systems to `ctx.systems` (a second run, or `--top-up`, adds only what is
    missing). Each batch of BATCH systems is one transaction with one audit event; controls go
    in through COPY on PostgreSQL (attt.core.bulk)."""
    if not ctx.systems or not ctx.unit_ids:
        return
    existing = System.objects.filter(name__startswith="Mẫu ").count()
    if existing >= ctx.systems:
        ctx.out(f"  systems: {existing} already seeded")
        return
    code = rules_engine.regime_in_force(clock.today()) or "legacy-nd85"
    regime = rules_engine.regime(code)
    version = rules_engine.regime_version(code).version
    reqs = {lv: regime.requirements_for(lv) for lv in range(1, 6)}
    today = clock.today()
    cal = rules_engine.calendar()
    units = list(Organisation.objects.filter(pk__in=ctx.unit_ids).values_list("pk", flat=True))
    statuses = [Control.Status.IMPLEMENTED] * 5 + [Control.Status.PARTIAL] * 2 + [Control.Status.NOT_STARTED] * 2 + \
        [Control.Status.NOT_APPLICABLE]
    made, target = existing, ctx.systems
    rng = random.Random(20 + existing)
    while made < target:
        n = min(BATCH, target - made)
        with transaction.atomic():
            _batch(rng, made, n, units=units, reqs=reqs, code=code, version=version, today=today, cal=cal,
                   statuses=statuses)
        made += n
    ctx.out(f"  {made - existing} systems with dossiers and control statuses ({made} in all)")


def _batch(rng, made: int, n: int, *, units, reqs, code, version, today, cal, statuses) -> None:
    systems, plans = [], []
    for i in range(n):
        k = made + i
        owner = units[rng.randrange(len(units))]
        level = rng.choice([1, 2, 2, 2, 3, 3, 4])
        fate = rng.random()
        approved = level if fate < 0.7 else None
        proposed = level if fate < 0.85 else None
        status = System.Status.OPERATING if rng.random() < 0.9 else System.Status.PLANNED
        ctrl = []
        if proposed:
            ctrl = [(r, rng.choice(statuses) if approved else Control.Status.NOT_STARTED) for r in reqs[level]]
        pct, complete = compliance_of([s for _r, s in ctrl])
        systems.append(System(name=f"Mẫu {NAMES[k % len(NAMES)]} {k:06d}", owner_id=owner, operator_id=owner,
                              kind=KINDS[k % len(KINDS)], status=status, regime_code=code,
                              info_types=["public", "private"] if k % 2 else ["public"],
                              users_count=rng.randrange(10, 200000), approved_level=approved,
                              proposed_level=proposed, compliance=pct, plan_complete=complete,
                              soc_monitored=rng.random() < 0.6, central_antimalware=rng.random() < 0.4,
                              search_text=f"mau {NAMES[k % len(NAMES)].lower()} {k:06d}"))
        plans.append((level, approved, proposed, ctrl))
    created = System.objects.bulk_create(systems, batch_size=BATCH)
    if created and created[0].pk is None:  # pragma: no cover - backends without RETURNING
        created = list(System.objects.filter(name__in=[s.name for s in systems]).order_by("id"))
    dossiers, controls = [], []
    for system, (level, approved, proposed, ctrl) in zip(created, plans):
        if proposed:
            if approved:
                state, start, due = Dossier.State.APPROVED, today - dt.timedelta(days=rng.randrange(30, 900)), None
            else:
                state = rng.choice([Dossier.State.DRAFT, Dossier.State.SUBMITTED, Dossier.State.UNDER_APPRAISAL,
                                    Dossier.State.APPRAISED])
                start = today - dt.timedelta(days=rng.randrange(0, 40))
                due = cal.add_working_days(start, 15) if state != Dossier.State.DRAFT else None
            dossiers.append(Dossier(system=system, regime_code=code, regime_version=version, state=state,
                                    level=level, criteria_level=level, step_started=start, step_due=due,
                                    decision_number=f"{system.pk}/QĐ" if approved else "",
                                    decision_date=start if approved else None))
        for position, (req, status) in enumerate(ctrl):
            controls.append({
                "system_id": system.pk, "regime_code": code, "requirement_id": req.id, "level": level,
                "group": req.group, "category": req.category, "title": req.title_vi[:300],
                "clause": req.clause.get(level, "")[:200], "position": position, "status": status,
                "na_reason": "Không có thành phần này" if status == Control.Status.NOT_APPLICABLE else ""})
    dossiers = Dossier.objects.bulk_create(dossiers, batch_size=BATCH)
    DossierStep.objects.bulk_create([DossierStep(dossier=d, state=d.state, started_on=d.step_started, due_on=d.step_due)
                                     for d in dossiers if d.pk], batch_size=BATCH)
    insert_rows(Control, controls)
    audit.record(actor=None, action="seed.systems", object_type="systems.system", object_id="",
                 object_repr=f"{len(created)} hệ thống mẫu",
                 changes={"systems": len(created), "dossiers": len(dossiers), "controls": len(controls)})
