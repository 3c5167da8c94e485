"""The organisation paths copied onto duty occurrences: set on every write path, followed after an
organisation move or a change of a system's owner, repaired by the command; visibility reads the
occurrence table alone."""
from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attt.obligations import services
from attt.obligations.models import Occurrence
from attt.orgs import services as org_services
from attt.systems import services as system_services


def _copied_equal_actual():
    rows = Occurrence.objects.select_related("organisation", "system__owner")
    assert rows.exists()
    for o in rows:
        assert o.org_path == o.organisation.path, o
        assert o.system_owner_path == (o.system.owner.path if o.system_id else ""), o


def test_generation_fills_paths(synced, on_day, world, make_system):
    on_day(dt.date(2026, 11, 21))
    system = make_system(operator="commune_a", owner="finance")
    services.generate_occurrences()
    _copied_equal_actual()
    occ = Occurrence.objects.filter(system=system).first()
    assert (occ.org_path, occ.system_owner_path) == (world.org("commune_a").path, world.org("finance").path)


def test_bulk_create_and_save_fill_missing_paths(synced, world, make_system):
    from attt.obligations.models import DutyRule

    rule = DutyRule.objects.filter(active=True).first()
    system = make_system(operator="commune_a", owner="finance")
    base = dict(rule=rule, rule_key=rule.key, title="Kỳ thử", period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 3, 31), due_date=dt.date(2026, 4, 15))
    Occurrence.objects.bulk_create([Occurrence(organisation=world.org("commune_b"), target_key="o1", **base),
                                    Occurrence(organisation=world.org("commune_a"), system=system,
                                               target_key="s1", **base)])
    Occurrence(organisation=world.org("centre_a"), target_key="o2", **base).save()
    _copied_equal_actual()


def test_moving_an_org_moves_the_duties_visibility(synced, on_day, world, make_system):
    """Commune A moves into province Q: Q's commune officer now sees A's duties and those of the
    system A owns; officer B of province P does not."""
    on_day(dt.date(2026, 11, 21))
    make_system(operator="commune_a")
    services.generate_occurrences()
    officer_q = world.users["officer_q"]
    mine = set(Occurrence.objects.filter(organisation=world.org("commune_a")).values_list("pk", flat=True))
    assert mine and not Occurrence.objects.visible_to(officer_q).filter(pk__in=mine).exists()
    org_services.org_move(actor=None, org=world.org("commune_a"), new_parent=world.org("commune_q"))
    _copied_equal_actual()
    officer_q = type(officer_q).objects.get(pk=officer_q.pk)
    assert set(Occurrence.objects.visible_to(officer_q).filter(pk__in=mine).values_list("pk", flat=True)) == mine


def test_a_new_owner_sees_the_systems_duties(synced, on_day, world, make_system):
    on_day(dt.date(2026, 11, 21))
    system = make_system(operator="commune_a", owner="commune_a")
    services.generate_occurrences()
    officer_b = world.users["officer_b"]
    assert not Occurrence.objects.visible_to(officer_b).filter(system=system).exists()
    system_services.system_update(actor=None, system=system, owner=world.org("commune_b"))
    _copied_equal_actual()
    assert Occurrence.objects.visible_to(officer_b).filter(system=system).count() == \
        Occurrence.objects.filter(system=system).count() > 0


def test_refresh_command_repairs_paths(synced, on_day, world, make_system):
    on_day(dt.date(2026, 11, 21))
    make_system(operator="commune_a", owner="finance")
    services.generate_occurrences()
    Occurrence.objects.update(org_path="", system_owner_path="")
    assert not Occurrence.objects.visible_to(world.users["unit_officer"]).exists()
    call_command("obligations_refresh_paths", stdout=open("/dev/null", "w"))
    _copied_equal_actual()
    assert Occurrence.objects.visible_to(world.users["unit_officer"]).exists()


def test_duties_list_scopes_on_the_occurrence_table(synced, on_day, world, make_system, client_for):
    """The list's count and page filter the occurrence's own path columns: no join to organisations
    or systems decides visibility (an OR across joins scanned every occurrence of the nation)."""
    on_day(dt.date(2026, 11, 21))
    make_system(operator="commune_a", owner="finance")
    services.generate_occurrences()
    with CaptureQueriesContext(connection) as ctx:
        response = client_for("unit_officer").get(reverse("obligations:calendar"), {"view": "list"})
    assert response.status_code == 200
    count = next(q["sql"] for q in ctx.captured_queries
                 if "COUNT(" in q["sql"] and "obligations_occurrence" in q["sql"])
    where = count.split("WHERE", 1)[1]
    assert "org_path" in where and "system_owner_path" in where
    assert "orgs_organisation" not in count and "systems_system" not in count


def test_officer_pages_keep_their_query_counts_as_the_nation_grows(synced, on_day, world, make_system, client_for,
                                                                   django_assert_max_num_queries):
    """Home, duties list and the duties API for a unit officer: the same number of queries with one
    province's occurrences as with many more units' elsewhere, and only the officer's rows."""
    from django.test import Client

    from attt.orgs.services import token_create

    on_day(dt.date(2026, 11, 21))
    make_system(operator="commune_a", owner="finance")
    services.generate_occurrences()
    key = token_create(actor=world.users["unit_officer"], name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    client = client_for("unit_officer")
    pages = [(client, "/"), (client, reverse("obligations:calendar") + "?view=list"),
             (api, "/api/v1/duties/occurrences")]

    def counts():
        out = []
        for c, url in pages:
            c.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
            scoped = [q["sql"] for q in ctx.captured_queries if 'FROM "obligations_occurrence"' in q["sql"]]
            # Visibility never filters on a joined organisation's or system's path.
            assert all('"orgs_organisation"."path"' not in sql.split("WHERE", 1)[-1]
                       and '"systems_system"."owner_path"' not in sql.split("WHERE", 1)[-1] for sql in scoped), url
        return out

    before = counts()
    mine = Occurrence.objects.visible_to(world.users["unit_officer"]).count()
    for i in range(20):
        org_services.org_create(actor=None, parent=world.org("province_q"), code=f"P2-N{i}", name=f"Xã Xa {i}",
                                kind="commune")
    services.generate_occurrences()
    assert Occurrence.objects.count() > 2 * mine
    assert counts() == before
    assert Occurrence.objects.visible_to(world.users["unit_officer"]).count() == mine
    with django_assert_max_num_queries(8):
        api.get("/api/v1/duties/occurrences")
