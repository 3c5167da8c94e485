"""Incident.org_path and WarningTarget.org_path, the copies of their unit's path that
`visible_to` filters: set when an incident is reported and a warning sent (bulk_create), followed
after an organisation move; visibility reads their own tables."""
from __future__ import annotations

from attt.incidents.models import Incident, Warning, WarningTarget
from attt.orgs import services as org_services

from .factories import make_incident, make_warning


def _copies_equal_actual():
    for model in (Incident, WarningTarget):
        rows = model.objects.select_related("unit")
        assert rows.exists()
        for row in rows:
            assert row.org_path == row.unit.path, row


def test_reporting_and_sending_fill_the_copies(world):
    make_incident(world, "commune_a")
    make_incident(world, "finance")
    make_warning(world, manual=("commune_a", "commune_b", "centre_a"))
    _copies_equal_actual()
    assert set(Incident.objects.visible_to(world.users["unit_officer"]).values_list("unit__code", flat=True)) == {
        "P1-XA"}
    assert set(WarningTarget.objects.visible_to(world.users["unit_officer"]).values_list("unit__code", flat=True)) \
        == {"P1-XA", "P1-XA-TT"}
    assert not Incident.objects.visible_to(world.users["officer_q"]).exists()
    assert not Warning.objects.visible_to(world.users["officer_q"]).exists()


def test_the_scope_is_one_column_of_each_table(world):
    user = world.users["specialist"]
    # (without the default orders, which sort by the unit's name or path)
    for qs in (Incident.objects.visible_to(user), WarningTarget.objects.visible_to(user)):
        sql = str(qs.order_by().query)
        assert "org_path" in sql and "orgs_organisation" not in sql, sql
    # the warnings reached by a targeted unit: the EXISTS reads the targets' copy too
    sql = str(Warning.objects.visible_to(world.users["unit_officer"]).query)
    assert '"org_path"' in sql and "unit_id" not in sql, sql


def test_a_seeded_bulk_create_with_ids_only_reads_the_paths(world):
    incident = make_incident(world, "commune_a")
    copy = Incident.objects.get(pk=incident.pk)
    copy.pk, copy.org_path, copy.unit_id, copy.tracking_code = None, "", world.org("commune_b").pk, "SC-TEST-0000-0001"
    Incident.objects.bulk_create([copy])
    assert Incident.objects.get(pk=copy.pk).org_path == world.org("commune_b").path


def test_moving_a_commune_moves_its_incidents_and_warnings(world):
    incident = make_incident(world, "commune_a")
    warning = make_warning(world, manual=("commune_a",))
    officer_q = world.users["officer_q"]
    assert not Incident.objects.visible_to(officer_q).exists()
    org_services.org_move(actor=None, org=world.org("commune_a"), new_parent=world.org("commune_q"))
    _copies_equal_actual()
    officer_q = type(officer_q).objects.get(pk=officer_q.pk)
    assert list(Incident.objects.visible_to(officer_q)) == [incident]
    assert list(WarningTarget.objects.visible_to(officer_q)) == list(warning.targets.all())
    assert list(Warning.objects.visible_to(officer_q)) == [warning]
