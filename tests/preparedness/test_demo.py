"""The demo builder fills every part of preparedness with valid data through the services."""
import pytest

pytestmark = pytest.mark.date_sensitive


def test_demo_populate(world, make_system, now):
    from attt.demo import DemoContext
    from attt.preparedness import demo, selectors
    from attt.preparedness.models import Attestation, Contract, Drill, ResponsePlan, Supplier
    from attt.preparedness.services import tax_code_valid
    from attt.systems.services import sync_checklist

    system = make_system(level=3)
    sync_checklist(system=system)
    ctx = DemoContext(province=world.org("province"),
                      orgs={"province": world.org("province"), "commune_a": world.org("commune_a"),
                            "vnpt": world.org("provider")},
                      users={r: world.users[r] for r in ("specialist", "unit_officer", "admin")})
    demo.populate(ctx)
    demo.populate(ctx)  # once only
    assert ResponsePlan.objects.get().approved_version is not None
    assert Drill.objects.count() == 2 and Contract.objects.count() == 1
    assert all(tax_code_valid(s.tax_code) for s in Supplier.objects.all())
    assert Attestation.objects.count() == 1
    system.refresh_from_db()
    assert system.hosted_by == world.org("provider") and system.compliance > 0
    figures = selectors.drill_figures(user=world.users["specialist"])
    assert figures["done"] == 1 and figures["findings_open"] == 1
