"""The demo contributes duty rules, Tuyên Quang's setting, occurrences (some submitted); the
seed generator fills every seeded unit."""
import datetime as dt

from attt.core import audit, clock


def test_demo_populates_duties_for_tuyen_quang(db):
    from attt.demo import DemoContext
    from attt.obligations import demo as obligations_demo
    from attt.obligations.models import DutyRule, Occurrence, ProvinceSetting, Submission
    from attt.orgs import demo as orgs_demo

    clock.travel_to(dt.date(2026, 11, 21))
    ctx = DemoContext()
    orgs_demo.populate(ctx)
    obligations_demo.populate(ctx)
    assert ProvinceSetting.objects.get(province=ctx.province).quarterly_report_due_day == 15
    assert DutyRule.objects.filter(origin="regime").exists() and DutyRule.objects.filter(origin="directive").exists()
    in_province = Occurrence.objects.filter(organisation__path__startswith=ctx.province.path)
    assert in_province.count() > 1000  # ~250 units × several duties
    assert in_province.filter(status="accepted").count() == 1
    assert in_province.filter(status="returned").count() == 1
    assert in_province.filter(status="submitted").exists()
    assert in_province.filter(due_date__lt=clock.today(), status="pending").exists()  # overdue ones too
    assert Submission.objects.count() >= 3 and audit.verify().ok


def test_seed_generates_occurrences_for_seeded_units(db):
    from attt.obligations import seed as obligations_seed
    from attt.obligations.models import Occurrence
    from attt.orgs import seed as orgs_seed
    from attt.seed import SeedContext

    clock.travel_to(dt.date(2026, 11, 21))
    ctx = SeedContext(provinces=2, units=15, users=10, systems=0, out=lambda *a: None)
    orgs_seed.generate(ctx)
    obligations_seed.generate(ctx)
    units = Occurrence.objects.filter(organisation_id__in=ctx.unit_ids).values("organisation_id").distinct().count()
    assert units == 30
    assert ctx.extra["obligations_occurrences"] == Occurrence.objects.count()
