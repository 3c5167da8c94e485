"""Issue 10, item 1: nobody grants a role beyond their own reach, province roles and administrator
need an administrator whose scope covers the province, and nobody changes their own memberships.
The same rule holds in the service, the pages and the API; each refusal is recorded."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from attt.core.models import AuditEvent
from attt.orgs import services
from attt.orgs.models import Membership
from tests.conftest import enrol_totp, sign_in_client


@pytest.fixture
def commune_admin(world):
    """An administrator of commune A only (the attacker of the review)."""
    user, _ = services.user_create(actor=None, username="admin_a", email="admin_a@test.local",
                                   password="Mật-khẩu-thử-123")
    services.membership_grant(actor=None, user=user, organisation=world.org("commune_a"), role="admin")
    enrol_totp(user)
    return user


def _refusals(action="membership.grant_refused"):
    return AuditEvent.objects.filter(action=action)


def test_commune_admin_cannot_grant_itself_specialist_in_the_page(world, commune_admin):
    client = sign_in_client(Client(), commune_admin)
    scope_before = commune_admin.scope_paths()
    response = client.post(f"/orgs/users/{commune_admin.pk}/", {"organisation_code": "P1-XA", "role": "specialist"})
    assert response.status_code == 403
    assert "Bạn không thể tự gán, sửa hoặc thu hồi vai trò của chính mình." in response.content.decode()
    assert not Membership.objects.filter(user=commune_admin, role="specialist").exists()
    commune_admin.forget_memberships()
    assert commune_admin.scope_paths() == scope_before == [world.org("commune_a").path]
    event = _refusals().get()
    assert event.actor_id == commune_admin.pk and event.changes["role"] == [None, "specialist"]


@pytest.mark.parametrize("role", ["specialist", "province_leader", "responder", "admin"])
def test_commune_admin_cannot_grant_province_roles_or_admin_to_others(world, commune_admin, role):
    officer = world.users["unit_officer"]
    with pytest.raises(PermissionDenied) as refused:
        services.membership_grant(actor=commune_admin, user=officer, organisation=world.org("commune_a"), role=role)
    assert "phạm vi toàn tỉnh" in str(refused.value)
    assert not Membership.objects.filter(user=officer, role=role).exists()
    assert _refusals().filter(object_repr__contains=role).count() == 1


def test_commune_admin_grants_unit_roles_inside_its_commune_only(world, commune_admin):
    officer_b = world.users["officer_b"]
    services.membership_grant(actor=commune_admin, user=world.users["unit_officer"],
                              organisation=world.org("centre_a"), role="auditor")
    with pytest.raises(PermissionDenied) as refused:
        services.membership_grant(actor=commune_admin, user=officer_b, organisation=world.org("commune_b"),
                                  role="auditor")
    assert "trong phạm vi đơn vị mình quản trị" in str(refused.value)
    assert Membership.objects.filter(user=world.users["unit_officer"], role="auditor").exists()
    assert not officer_b.memberships.filter(role="auditor").exists()


def test_the_form_offers_only_grantable_roles(world, commune_admin, client_for):
    page = sign_in_client(Client(), commune_admin).get(f"/orgs/users/{world.users['unit_officer'].pk}/")
    html = page.content.decode()
    assert 'value="unit_officer"' in html and 'value="auditor"' in html
    assert 'value="specialist"' not in html and 'value="admin"' not in html
    province_page = client_for("admin").get(f"/orgs/users/{world.users['unit_officer'].pk}/").content.decode()
    assert 'value="specialist"' in province_page and 'value="admin"' in province_page


def test_a_forged_role_in_the_page_is_refused_and_recorded(world, commune_admin):
    client = sign_in_client(Client(), commune_admin)
    officer = world.users["unit_officer"]
    response = client.post(f"/orgs/users/{officer.pk}/", {"organisation_code": "P1-XA", "role": "specialist"})
    assert response.status_code == 403
    assert "Chỉ quản trị viên có phạm vi toàn tỉnh" in response.content.decode()
    assert not officer.memberships.filter(role="specialist").exists()
    assert _refusals().count() == 1


def test_new_account_with_a_province_role_is_refused_whole(world, commune_admin):
    from attt.orgs.models import User

    client = sign_in_client(Client(), commune_admin)
    response = client.post("/orgs/users/", {"username": "moi", "full_name": "Người Mới", "email": "moi@test.local",
                                            "organisation_code": "P1-XA", "role": "admin"})
    assert response.status_code == 403
    assert not User.objects.filter(username="moi").exists()  # nothing half-saved
    assert _refusals().count() == 1


def test_province_admin_grants_province_roles_but_never_to_itself(world, client_for):
    admin = world.users["admin"]
    client = client_for("admin")
    officer_b = world.users["officer_b"]
    response = client.post(f"/orgs/users/{officer_b.pk}/", {"organisation_code": "P1-XB", "role": "specialist"})
    assert response.status_code == 302
    assert officer_b.memberships.filter(role="specialist", active=True, scope_path=world.org("province").path).exists()
    response = client.post(f"/orgs/users/{admin.pk}/", {"organisation_code": "P1", "role": "specialist"})
    assert response.status_code == 403
    own = admin.memberships.get(role="admin")
    response = client.post(f"/orgs/memberships/{own.pk}/revoke/")
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.active
    assert _refusals("membership.revoke_refused").count() == 1


def test_commune_admin_cannot_revoke_a_province_role(world, commune_admin):
    officer = world.users["unit_officer"]
    elevated = services.membership_grant(actor=world.users["admin"], user=officer,
                                         organisation=world.org("commune_a"), role="responder")
    response = sign_in_client(Client(), commune_admin).post(f"/orgs/memberships/{elevated.pk}/revoke/")
    assert response.status_code == 403
    elevated.refresh_from_db()
    assert elevated.active
    assert _refusals("membership.revoke_refused").count() == 1


def _token(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {services.token_create(actor=user, name='t')[1]}"}


def test_api_refuses_with_403_json_and_records(world, commune_admin):
    client = Client()
    body = {"user_id": commune_admin.pk, "organisation_id": world.org("commune_a").pk, "role": "specialist"}
    response = client.post("/api/v1/memberships", body, content_type="application/json", **_token(commune_admin))
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không thể tự gán, sửa hoặc thu hồi vai trò của chính mình."
    body["user_id"] = world.users["unit_officer"].pk
    response = client.post("/api/v1/memberships", body, content_type="application/json", **_token(commune_admin))
    assert response.status_code == 403 and "phạm vi toàn tỉnh" in response.json()["detail"]
    assert not Membership.objects.filter(role="specialist", user__in=[commune_admin, world.users["unit_officer"]]).exists()
    assert _refusals().count() == 2


def test_api_grant_and_revoke_by_the_province_admin(world):
    admin = world.users["admin"]
    client = Client()
    body = {"user_id": world.users["officer_b"].pk, "organisation_id": world.org("commune_b").pk, "role": "responder"}
    response = client.post("/api/v1/memberships", body, content_type="application/json", **_token(admin))
    assert response.status_code == 201 and response.json()["role"] == "responder"
    membership_id = response.json()["id"]
    response = client.delete(f"/api/v1/memberships/{membership_id}", **_token(admin))
    assert response.status_code == 204
    assert not Membership.objects.get(pk=membership_id).active
    own = admin.memberships.get(role="admin").pk
    response = client.delete(f"/api/v1/memberships/{own}", **_token(admin))
    assert response.status_code == 403 and Membership.objects.get(pk=own).active
