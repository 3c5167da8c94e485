"""The organisation tree: paths, scoping, cycles, duplicates, renames and mergers."""
from __future__ import annotations

import datetime as dt

import pytest

from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.orgs import services
from attt.orgs.models import Membership, Organisation


def test_paths_follow_the_tree(world):
    province, centre = world.org("province"), world.org("centre_a")
    assert province.path == f"/{province.pk}/"
    assert centre.path == f"{world.org('commune_a').path}{centre.pk}/"
    assert centre.depth == 2


def test_unit_officer_sees_only_its_subtree(world):
    visible = set(Organisation.objects.visible_to(world.users["unit_officer"]).values_list("code", flat=True))
    assert visible == {"P1-XA", "P1-XA-TT"}


def test_province_roles_reach_the_whole_province_from_a_department(world):
    # The specialist's membership is at the police unit, yet reaches the province, not province Q.
    visible = set(Organisation.objects.visible_to(world.users["specialist"]).values_list("code", flat=True))
    assert "P1-XB" in visible and "P1" in visible
    assert "P2-XC" not in visible


def test_auditor_is_scoped_to_its_subtree(world):
    visible = Organisation.objects.visible_to(world.users["auditor"])
    assert visible.filter(code="P2").exists() is False
    assert visible.filter(code="P1-XA-TT").exists()


def test_move_rewrites_paths_and_refuses_cycles(world):
    specialist = world.users["specialist"]
    a, b, centre = world.org("commune_a"), world.org("commune_b"), world.org("centre_a")
    with pytest.raises(DomainError, match="chính nó"):
        services.org_move(actor=specialist, org=a, new_parent=centre)
    services.org_move(actor=specialist, org=a, new_parent=b)
    centre.refresh_from_db()
    assert centre.path == f"{b.path}{a.pk}/{centre.pk}/"
    assert centre.depth == 3
    # The commune officer's membership still reaches its commune (scope rewritten).
    m = Membership.objects.get(user=world.users["unit_officer"])
    assert m.scope_path == f"{b.path}{a.pk}/"


def test_duplicate_code_is_refused_and_nothing_saved(world):
    before = Organisation.objects.count()
    with pytest.raises(DomainError, match="đã được dùng"):
        services.org_create(actor=world.users["specialist"], parent=world.org("province"), code="P1-XA",
                            name="Trùng mã", kind="commune")
    assert Organisation.objects.count() == before


def test_unit_officer_cannot_create_units(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.org_create(actor=world.users["unit_officer"], parent=world.org("commune_a"), code="X",
                            name="X", kind="other")


def test_rename_keeps_history_and_is_audited(world):
    org = world.org("commune_b")
    services.org_update(actor=world.users["specialist"], org=org, name="Phường Bình Minh Mới")
    assert list(org.former_names.values_list("name", flat=True)) == ["Phường Bình Minh"]
    event = AuditEvent.objects.filter(action="org.update", object_id=str(org.pk)).get()
    assert event.changes["name"] == ["Phường Bình Minh", "Phường Bình Minh Mới"]
    assert event.actor_label == "specialist"


def test_merge_points_to_successor_and_keeps_records_readable(world):
    a, b = world.org("commune_a"), world.org("commune_b")
    services.org_merge(actor=world.users["specialist"], merged=[b], successor=a, on=dt.date(2025, 7, 1))
    b.refresh_from_db()
    assert b.successor_id == a.pk and b.valid_to == dt.date(2025, 7, 1)
    # Old records stay readable by the province.
    assert Organisation.objects.visible_to(world.users["province_leader"]).filter(pk=b.pk).exists()
    with pytest.raises(DomainError, match="hết hiệu lực"):
        services.org_merge(actor=world.users["specialist"], merged=[b], successor=a)


def test_merge_into_own_descendant_is_refused(world):
    with pytest.raises(DomainError):
        services.org_merge(actor=world.users["specialist"], merged=[world.org("commune_a")],
                           successor=world.org("centre_a"))


def test_end_before_start_is_refused(world):
    with pytest.raises(DomainError, match="sau ngày bắt đầu"):
        services.org_update(actor=world.users["specialist"], org=world.org("commune_b"),
                            valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2025, 1, 1))


def test_bootstrap_province_from_vietnam_provinces_is_idempotent(db):
    from attt.orgs.bootstrap import bootstrap_province

    root, created = bootstrap_province("tuyen quang")
    assert root.name == "Tỉnh Tuyên Quang"
    assert created == 124
    assert Organisation.objects.filter(parent=root, kind="commune").count() == 124
    _root, again = bootstrap_province("Tuyên Quang")
    assert again == 0
    with pytest.raises(DomainError):
        bootstrap_province("Atlantis")
