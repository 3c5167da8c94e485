import datetime as dt

import pytest

from attt.core import clock

TODAY = dt.date(2025, 9, 10)

# Hand-written fixture figures (each organisation's own figures).
FIGURES = {
    # org key: (as_of, values)
    "centre_a": (dt.date(2025, 8, 1), dict(computers_total=10, computers_antimalware=3, computers_licensed_os=6,
                                           systems_total=2, systems_soc=1, staff_security=2, staff_trained=1)),
    "commune_a": (dt.date(2025, 7, 1), dict(computers_total=20, computers_antimalware=5, computers_licensed_os=12,
                                            staff_security=1, staff_trained=1, trainings_held=1)),
    "finance": (dt.date(2025, 8, 15), dict(computers_total=40, computers_antimalware=30, computers_licensed_os=35,
                                           systems_total=3, systems_soc=3, staff_security=3, staff_trained=2,
                                           it_plans=2, it_budget_total=1_000_000_000, security_budget=80_000_000)),
    "commune_q": (dt.date(2025, 8, 1), dict(computers_total=500, computers_antimalware=500)),
}


@pytest.fixture
def today():
    clock.travel_to(TODAY)
    return TODAY


@pytest.fixture
def coverage(world, today):
    """Snapshots of FIGURES, plus an older commune A snapshot that must be ignored and a
    later one (after Q3) that must not count for Q3."""
    from attt.reporting import services

    specialist = world.users["specialist"]
    snaps = {}
    clock.travel_to(dt.date(2025, 12, 31))
    services.snapshot_create(actor=specialist, organisation=world.org("commune_a"), as_of=dt.date(2025, 1, 2),
                             values={"computers_total": 99, "computers_antimalware": 1})
    services.snapshot_create(actor=specialist, organisation=world.org("commune_b"), as_of=dt.date(2025, 10, 5),
                             values={"computers_total": 7, "computers_antimalware": 7})
    for key, (as_of, values) in FIGURES.items():
        actor = world.users["officer_q"] if key == "commune_q" else specialist
        snaps[key] = services.snapshot_create(actor=actor, organisation=world.org(key), as_of=as_of, values=values)
    clock.travel_to(TODAY)
    return snaps


@pytest.fixture
def submitted(world, coverage):
    """Commune A's report for Q3/2025, filled in and sent."""
    from attt.reporting import services
    from attt.reporting.periods import Period

    officer = world.users["unit_officer"]
    report = services.report_create(actor=officer, organisation=world.org("commune_a"), period=Period(2025, 3))
    services.report_update(actor=officer, report=report, number="12/BC-UBND", summary="Đánh giá chung của xã.",
                           signer_name="Nguyễn Văn Ký")
    return services.report_submit(actor=officer, report=report)
