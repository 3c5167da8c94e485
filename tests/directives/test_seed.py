"""`attt seed` gives every seeded province a published dispatch assigned to all its units, so the
completion matrix and the inbox can be measured at scale; a second run adds nothing."""
import datetime as dt

from django.db.models import F

from attt.core import clock


def test_seed_publishes_directives_assigned_to_every_unit(db):
    from attt.directives import seed as directives_seed
    from attt.directives import selectors
    from attt.directives.models import Assignment, Directive
    from attt.orgs import seed as orgs_seed
    from attt.seed import SeedContext

    clock.travel_to(dt.date(2026, 11, 21))
    ctx = SeedContext(provinces=2, units=12, users=10, systems=0, out=lambda *a: None)
    orgs_seed.generate(ctx)
    directives_seed.generate(ctx)
    directives = list(Directive.objects.filter(state=Directive.State.PUBLISHED))
    assert len(directives) == 2
    for d in directives:
        units = set(Assignment.objects.filter(directive=d).values_list("organisation_id", flat=True))
        assert len(units) == 12 and all(a.organisation.parent_id == d.province_id
                                        for a in Assignment.objects.filter(directive=d)[:20])
        assert Assignment.objects.filter(directive=d).count() == 12 * directives_seed.TASKS
        # the bulk insert copied each unit's path (what visible_to filters)
        assert not Assignment.objects.filter(directive=d).exclude(org_path=F("organisation__path")).exists()
        totals = selectors.matrix_totals(selectors.matrix_units(directive=d, today=clock.today()))
        assert totals["units"] == 12 and 0 < totals["done"] < totals["total"] and totals["overdue"] > 0
    directives_seed.generate(ctx)
    assert Directive.objects.count() == 2
