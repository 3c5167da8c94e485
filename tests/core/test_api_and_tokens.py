"""API tokens (hashed at rest, acting with the user's rights) and API errors in the caller's language."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from attt.core import clock
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.orgs import services
from attt.orgs.models import ApiToken


def test_token_is_hashed_at_rest_and_acts_with_the_users_rights(world):
    token, key = services.token_create(actor=world.users["unit_officer"], name="script")
    assert key not in token.key_hash and token.key_hash == ApiToken.hash_key(key)
    assert not ApiToken.objects.filter(key_hash=key).exists()
    client = Client()
    response = client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {key}")
    codes = {item["code"] for item in response.json()["items"]}
    assert codes == {"P1-XA", "P1-XA-TT"}


def test_forged_token_is_refused_in_the_callers_language_and_audited(world):
    client = Client()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer attt_forged", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 401
    assert response.json()["detail"] == "Cần đăng nhập hoặc khóa API hợp lệ."
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer attt_forged", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Sign in or send a valid API token."
    # Aggregated (issue 10): one event per client address per minute, with the count.
    assert AuditEvent.objects.filter(action="api.token_rejected").count() == 1


def test_revoked_and_expired_tokens_stop_working(world):
    user = world.users["unit_officer"]
    token, key = services.token_create(actor=user, name="a", expires_at=clock.now() + dt.timedelta(days=1))
    client = Client()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    clock.set_offset(dt.timedelta(days=2))
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    clock.set_offset(dt.timedelta(0))
    services.token_revoke(actor=user, token=token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    with pytest.raises(DomainError):
        services.token_revoke(actor=world.users["admin"], token=token)


def test_foreign_id_is_404_json(world):
    _t, key = services.token_create(actor=world.users["unit_officer"], name="a")
    response = Client().get(f"/api/v1/organisations/{world.org('commune_b').pk}", HTTP_AUTHORIZATION=f"Bearer {key}",
                            HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}


def test_tree_endpoint_nests_children(world):
    _t, key = services.token_create(actor=world.users["province_leader"], name="a")
    tree = Client().get(f"/api/v1/organisations/{world.org('province').pk}/tree?depth=2",
                        HTTP_AUTHORIZATION=f"Bearer {key}").json()
    commune = next(c for c in tree["children"] if c["code"] == "P1-XA")
    assert [c["code"] for c in commune["children"]] == ["P1-XA-TT"]


def test_session_api_needs_mfa_for_specialists(world):
    from attt.orgs.models import User

    user = User.objects.create_user("sp2", password="x-Mật-khẩu-12")
    services.membership_grant(actor=None, user=user, organisation=world.org("police"), role="specialist")
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/orgs/").status_code == 302  # sent to TOTP enrolment


def test_openapi_document(world):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations/{org_id}/tree" in schema["paths"]
    assert "/api/v1/memberships" in schema["paths"]
