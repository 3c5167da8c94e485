"""Assignment.org_path, the copy of its unit's path that `visible_to` filters: set by publishing
(bulk_create), by save, bulk_update and update(organisation=...), followed after an organisation
move; visibility reads the assignment table alone, and sees what the join saw."""
from __future__ import annotations

from django.db.models import Q

from attt.directives.models import Assignment, Attachment, Task
from attt.directives.rules import ASSIGNMENT_VIEWERS
from attt.orgs import services as org_services


def _copies_equal_actual():
    rows = Assignment.objects.select_related("organisation")
    assert rows.exists()
    for a in rows:
        assert a.org_path == a.organisation.path, a


def _visible_by_join(user):
    """What `visible_to` answered before the copy: a prefix of the unit's path, through the join."""
    condition = Q()
    for prefix in user.scope_paths(roles=ASSIGNMENT_VIEWERS):
        condition |= Q(organisation__path__startswith=prefix)
    return set(Assignment.objects.filter(condition).values_list("pk", flat=True)) if condition else set()


def test_publishing_fills_the_copies_and_visibility_is_unchanged(world, published):
    _copies_equal_actual()
    for user in world.users.values():
        seen = set(Assignment.objects.visible_to(user, roles=ASSIGNMENT_VIEWERS).values_list("pk", flat=True))
        assert seen == _visible_by_join(user), user
    assert Assignment.objects.visible_to(world.users["officer_q"]).count() == 0
    assert Assignment.objects.visible_to(world.users["unit_officer"]).exists()


def test_the_scope_is_one_column_of_the_assignment_table(world, published):
    sql = str(Assignment.objects.visible_to(world.users["specialist"]).query)
    assert "org_path" in sql and "orgs_organisation" not in sql
    sql = str(Attachment.objects.visible_to(world.users["specialist"]).query)
    assert '"directives_assignment"."org_path"' in sql and "orgs_organisation" not in sql


def test_every_write_keeps_the_copy(world, published):
    a, b = Assignment.objects.filter(organisation=world.org("commune_a"))[:2]
    # (units no task of the directive went to, so that (task, unit) stays unique)
    a.organisation = world.org("commune_q")
    a.save(update_fields=["organisation"])
    assert Assignment.objects.get(pk=a.pk).org_path == world.org("commune_q").path
    b.organisation_id = world.org("province_q").pk
    Assignment.objects.bulk_update([b], ["organisation"])
    assert Assignment.objects.get(pk=b.pk).org_path == world.org("province_q").path
    Assignment.objects.filter(pk__in=[a.pk, b.pk]).update(organisation=world.org("provider"))
    assert set(Assignment.objects.filter(pk__in=[a.pk, b.pk]).values_list("org_path", flat=True)) == {
        world.org("provider").path}
    # a bulk_create given ids only (as the national seed does) reads the paths itself
    c = Assignment.objects.get(pk=a.pk)
    c.pk, c.org_path, c.organisation_id = None, "", world.org("police").pk
    c.task = Task.objects.filter(directive=published).exclude(assignments__organisation=world.org("police")).first()
    Assignment.objects.bulk_create([c])
    assert Assignment.objects.get(pk=c.pk).org_path == world.org("police").path
    _copies_equal_actual()


def test_moving_a_commune_moves_its_assignments(world, published):
    """Commune A moves into province Q: Q's officer now sees A's assignments, P's specialist no more."""
    mine = set(Assignment.objects.filter(organisation=world.org("commune_a")).values_list("pk", flat=True))
    officer_q, specialist = world.users["officer_q"], world.users["specialist"]
    assert mine and not Assignment.objects.visible_to(officer_q).filter(pk__in=mine).exists()
    org_services.org_move(actor=None, org=world.org("commune_a"), new_parent=world.org("commune_q"))
    _copies_equal_actual()
    officer_q, specialist = (type(u).objects.get(pk=u.pk) for u in (officer_q, specialist))
    assert set(Assignment.objects.visible_to(officer_q).filter(pk__in=mine).values_list("pk", flat=True)) == mine
    assert not Assignment.objects.visible_to(specialist).filter(pk__in=mine).exists()


def test_refresh_paths_repairs_every_copy(world, published):
    """`manage.py refresh_paths` repairs the copies of every app, those declared with
    `copied_paths` and those the systems keep by their own means."""
    from django.core.management import call_command
    from django.db import models

    from attt.incidents.models import Incident
    from attt.preparedness.models import Supplier
    from attt.systems.models import System
    from tests.incidents.factories import make_incident

    a, b = world.org("commune_a"), world.org("commune_b")
    system = System.objects.create(name="Cổng", owner=a, operator=a)
    supplier = Supplier.objects.create(organisation=b, name="Công ty", tax_code="0101234567")
    incident = make_incident(world, "commune_a")
    # a restore or a write outside the ORM left the copies wrong
    models.QuerySet.update(System.objects.all(), owner_path="/x/", operator_path="/x/")
    for model in (Assignment, Incident, Supplier):
        models.QuerySet.update(model.objects.all(), org_path="/x/")
    Supplier.objects.update(province_path="")
    call_command("refresh_paths", stdout=open("/dev/null", "w"))
    _copies_equal_actual()
    system, supplier, incident = (type(o).objects.get(pk=o.pk) for o in (system, supplier, incident))
    assert (system.owner_path, system.operator_path) == (a.path, a.path)
    assert incident.org_path == a.path
    assert (supplier.org_path, supplier.province_path) == (b.path, world.org("province").path)
