"""The organisation paths copied onto systems: kept right on every write and after an org move;
the visibility, lists and overview built on them answer as before, in few queries."""
from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from attt.orgs import services as org_services
from attt.systems import selectors, services
from attt.systems.models import Control, Dossier, System
from attt.systems.models.paths import prefix_upper_bound

paths = st.text(alphabet="0123456789/", min_size=1, max_size=12)


@given(prefix=paths, path=paths)
def test_prefix_range_means_startswith(prefix, path):
    assert (prefix <= path < prefix_upper_bound(prefix)) == path.startswith(prefix)


def _paths(system):
    system = System.objects.select_related("owner", "operator").get(pk=system.pk)
    return (system.owner_path, system.operator_path), (system.owner.path, system.operator.path)


def test_paths_follow_create_and_update(world, portal):
    copied, actual = _paths(portal)
    assert copied == actual == (world.org("finance").path, world.org("commune_a").path)
    services.system_update(actor=None, system=portal, owner=world.org("commune_b"))
    copied, actual = _paths(portal)
    assert copied == actual and copied[0] == world.org("commune_b").path


def test_bulk_writes_fill_paths(world):
    a, q = world.org("commune_a"), world.org("commune_q")
    made = System.objects.bulk_create([System(name=f"Hệ thống {i}", owner_id=a.pk, operator_id=a.pk)
                                       for i in range(3)])
    assert {(s.owner_path, s.operator_path) for s in System.objects.filter(pk__in=[s.pk for s in made])} == \
        {(a.path, a.path)}
    assert System.objects.visible_to(world.users["officer_q"]).count() == 0
    System.objects.filter(pk=made[0].pk).update(operator=q)
    made[1].operator = q
    System.objects.bulk_update([made[1]], ["operator"])
    seen = set(System.objects.visible_to(world.users["officer_q"]).values_list("pk", flat=True))
    assert seen == {made[0].pk, made[1].pk}
    assert all(c == a for c, a in map(_paths, made))


def test_startswith_on_paths_matches_python(world, portal):
    """The SQLite range and the LIKE elsewhere select exactly the rows a Python startswith does,
    including the /1/ versus /10/ and /1 versus /1x boundaries."""
    values = ["/1/", "/1/2/", "/10/", "/10/1/", "/1", "/2/", "/1/9/", "/0/", "/19/"]
    made = System.objects.bulk_create([System(name=f"S{i}", owner_id=portal.owner_id, operator_id=portal.owner_id)
                                       for i in range(len(values))])
    for system, value in zip(made, values):
        System.objects.filter(pk=system.pk).update(owner_path=value, operator_path="/x/")
    for prefix in ("/1/", "/1", "/10/", "/1/2/", "/", "/19/", "/2"):
        got = set(System.objects.filter(pk__in=[s.pk for s in made], owner_path__startswith=prefix)
                  .values_list("owner_path", flat=True))
        assert got == {v for v in values if v.startswith(prefix)}, prefix


def test_moving_an_org_moves_visibility(world, draft):
    """Commune A (operator of the portal) moves into province Q: Q's commune officer now sees the
    system, its dossier and its controls; the copied paths equal the organisations' new paths."""
    officer_q, officer_b = world.users["officer_q"], world.users["officer_b"]
    system = draft.system
    assert not System.objects.visible_to(officer_q).filter(pk=system.pk).exists()
    org_services.org_move(actor=None, org=world.org("commune_a"), new_parent=world.org("commune_q"))
    copied, actual = _paths(system)
    assert copied == actual and copied[1].startswith(world.org("commune_q").path)
    assert System.objects.visible_to(officer_q).filter(pk=system.pk).exists()
    assert Dossier.objects.visible_to(officer_q).filter(pk=draft.pk).exists()
    assert Control.objects.visible_to(officer_q).filter(system=system).count() == system.controls.count() > 0
    officer_a = type(officer_q).objects.get(pk=world.users["unit_officer"].pk)  # memberships re-read
    assert System.objects.visible_to(officer_a).filter(pk=system.pk).exists()
    assert not System.objects.visible_to(officer_b).filter(pk=system.pk).exists()


def test_refresh_command_repairs_paths(world, portal):
    System.objects.filter(pk=portal.pk).update(owner_path="", operator_path="")
    assert not System.objects.visible_to(world.users["unit_officer"]).exists()
    call_command("systems_refresh_paths", stdout=open("/dev/null", "w"))
    copied, actual = _paths(portal)
    assert copied == actual
    assert System.objects.visible_to(world.users["unit_officer"]).filter(pk=portal.pk).exists()


def test_level_filter_is_approved_else_proposed(world):
    a = world.org("commune_a")
    System.objects.bulk_create([
        System(name="Đã duyệt 2, đề xuất 3", owner_id=a.pk, operator_id=a.pk, approved_level=2, proposed_level=3),
        System(name="Đề xuất 3", owner_id=a.pk, operator_id=a.pk, proposed_level=3),
        System(name="Đã duyệt 3", owner_id=a.pk, operator_id=a.pk, approved_level=3, proposed_level=3),
        System(name="Chưa xác định", owner_id=a.pk, operator_id=a.pk),
    ])
    names = list(selectors.system_list(user=world.users["specialist"], level="3").values_list("name", flat=True))
    assert names == ["Đã duyệt 3", "Đề xuất 3"]


def test_list_visibility_reads_one_table(world, portal, client_for):
    """The list's count and page filter System's own columns: no join to organisations for scope."""
    client = client_for("unit_officer")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/systems/")
    assert portal.name in response.content.decode()
    count = next(q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "systems_system" in q["sql"])
    assert "orgs_organisation" not in count and "owner_path" in count


def test_overview_queries_do_not_grow(world, draft, django_assert_num_queries):
    user = world.users["specialist"]
    selectors.province_overview(user=user)
    with django_assert_num_queries(4):
        before = selectors.province_overview(user=user)
    for i, owner in enumerate(["commune_a", "commune_b", "finance", "centre_a"] * 3):
        System.objects.create(name=f"Thêm {i}", owner=world.org(owner), operator=world.org(owner),
                              status="operating", approved_level=1 + i % 5, proposed_level=1 + i % 5,
                              compliance=10 * i, plan_complete=bool(i % 2))
    user = type(user).objects.get(pk=user.pk)
    selectors.province_overview(user=user)
    with django_assert_num_queries(4):
        after = selectors.province_overview(user=user)
    assert after["figures"]["total"] == before["figures"]["total"] + 12
    assert [lv["approved"] for lv in after["levels"]] == [3, 3, 2, 2, 2]
    assert sum(lv["proposed"] for lv in after["levels"]) == sum(lv["proposed"] for lv in before["levels"])


def test_overview_figures_match_a_python_count(world, draft):
    a, b = world.org("commune_a"), world.org("commune_b")
    rows = [(a, "operating", 3, 3, 50, True), (a, "operating", None, 2, None, False),
            (b, "planned", None, None, None, False), (b, "operating", 1, 1, 100, True),
            (b, "retired", 2, 2, 20, False)]
    for i, (org, status, approved, proposed, comp, plan) in enumerate(rows):
        System.objects.create(name=f"Đếm {i}", owner=org, operator=org, status=status, approved_level=approved,
                              proposed_level=proposed, compliance=comp, plan_complete=plan)
    data = selectors.province_overview(user=world.users["specialist"], root=world.org("province"))
    systems = list(System.objects.visible_to(world.users["specialist"]))
    operating = [s for s in systems if s.status == "operating"]
    approved = [s for s in operating if s.approved_level is not None]
    with_compliance = [float(s.compliance) for s in systems if s.compliance is not None]
    f = data["figures"]
    assert (f["total"], f["operating"], f["operating_approved"]) == (len(systems), len(operating), len(approved))
    assert f["approved"] == sum(1 for s in systems if s.approved_level is not None)
    assert f["compliance"] == round(sum(with_compliance) / len(with_compliance), 1)
    for lv in data["levels"]:
        assert lv["approved"] == sum(1 for s in systems if s.approved_level == lv["level"])
        assert lv["proposed"] == sum(1 for s in systems if s.approved_level is None and s.proposed_level == lv["level"])
    units = {u["org"].pk: u for u in data["units"] if u["org"] is not None and not u.get("own")}
    assert units[b.pk]["total"] == 3 and units[b.pk]["operating"] == 1 and units[b.pk]["compliance"] == 60.0
