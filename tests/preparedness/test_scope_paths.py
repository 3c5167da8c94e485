"""The preparedness copies (org_path, DrillFinding.drill_path, Supplier.province_path) follow an
organisation move: before attt.core.paths nothing refreshed them, and a moved commune's rows stayed
visible to its former province only."""
from __future__ import annotations

import datetime as dt

from attt.orgs import services as org_services
from attt.preparedness import services
from attt.preparedness.models import Drill, DrillFinding, Supplier


def test_moving_a_commune_refreshes_every_preparedness_copy(world, make_system, now):
    a = world.org("commune_a")
    drill = services.drill_plan(actor=world.users["specialist"], organisation=a, title="Diễn tập xã",
                                scenario="ransomware", planned_on=dt.date(2026, 11, 18), systems=[make_system()])
    finding = DrillFinding.objects.create(drill=drill, description="Sao lưu chưa kiểm tra",
                                          organisation=world.org("commune_b"), deadline=dt.date(2026, 12, 31))
    supplier = Supplier.objects.create(organisation=a, name="Công ty Thử", tax_code="0101234567")
    assert (supplier.org_path, supplier.province_path) == (a.path, world.org("province").path)
    assert (finding.org_path, finding.drill_path) == (world.org("commune_b").path, a.path)

    org_services.org_move(actor=None, org=a, new_parent=world.org("province_q"))
    a.refresh_from_db()
    drill, finding, supplier = (type(o).objects.get(pk=o.pk) for o in (drill, finding, supplier))
    assert drill.org_path == a.path
    assert (finding.org_path, finding.drill_path) == (world.org("commune_b").path, a.path)
    assert (supplier.org_path, supplier.province_path) == (a.path, world.org("province_q").path)
    officer_q = type(world.users["officer_q"]).objects.get(pk=world.users["officer_q"].pk)
    assert list(Supplier.objects.visible_to(officer_q)) == [supplier]
    assert list(Drill.objects.visible_to(world.users["specialist"])) == []


def test_bulk_writes_fill_the_copies(world):
    a, q = world.org("commune_a"), world.org("commune_q")
    made = Supplier.objects.bulk_create([Supplier(organisation_id=a.pk, name="A", tax_code="0101234567"),
                                         Supplier(organisation=q, name="Q", tax_code="0101234568")])
    assert [(s.org_path, s.province_path) for s in Supplier.objects.filter(pk__in=[m.pk for m in made])
            .order_by("name")] == [(a.path, world.org("province").path), (q.path, world.org("province_q").path)]
    Supplier.objects.filter(name="A").update(organisation=q)
    assert Supplier.objects.get(name="A").province_path == world.org("province_q").path
