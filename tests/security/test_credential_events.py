"""Issue 10, item 4: credential events are audited, through the real allauth pages; a flood of bad
API tokens writes one aggregated event per client address per minute, not one per request."""
from __future__ import annotations

import re
import time

from django.core import mail
from django.test import Client

from attt.core import audit
from attt.core.models import AuditEvent
from tests.conftest import TOTP_SECRET
from tests.e2e.conftest import totp_code

PASSWORD = "Mật-khẩu-thử-123"


def _events(action: str, user=None):
    qs = AuditEvent.objects.filter(action=action)
    if user is not None:
        qs = qs.filter(object_id=str(user.pk))
    return list(qs.order_by("seq"))


def _sign_in(client, username: str, secret: str | None = None):
    response = client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    if secret:
        assert "/2fa/authenticate" in response["Location"]
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return response


def test_sign_in_and_sign_out_are_recorded_with_the_unit(world):
    user = world.users["unit_officer"]
    client = Client()
    _sign_in(client, "unit_officer")
    (login,) = _events("auth.login", user)
    assert login.actor_label == "unit_officer" and login.ip == "127.0.0.1"
    assert login.org_path == world.org("commune_a").path  # auditors of the commune can read it
    client.post("/accounts/logout/")
    (logout,) = _events("auth.logout", user)
    assert logout.seq > login.seq and logout.actor_id == user.pk


def test_failed_sign_in_is_recorded(world):
    Client().post("/accounts/login/", {"login": "unit_officer", "password": "sai-mat-khau"})
    (event,) = _events("auth.login_failed")
    assert event.object_repr == "unit_officer" and event.actor_id is None


def test_password_change_is_recorded(world):
    user = world.users["unit_officer"]
    client = Client()
    _sign_in(client, "unit_officer")
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "Mật-khẩu-mới-456", "password2": "Mật-khẩu-mới-456"})
    assert response.status_code == 302
    assert len(_events("auth.password_changed", user)) == 1


def test_password_reset_by_email_is_recorded(world):
    user = world.users["unit_officer"]
    client = Client()
    client.post("/accounts/password/reset/", {"email": "unit_officer@test.local"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": "Mật-khẩu-mới-456", "password2": "Mật-khẩu-mới-456"})
    assert response.status_code == 302
    (event,) = _events("auth.password_reset", user)
    assert event.actor_id == user.pk


def test_email_verification_is_recorded(world):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    user = world.users["unit_officer"]
    address = EmailAddress.objects.create(user=user, email="moi@xa-anbinh.gov.vn", verified=False, primary=False)
    key = EmailConfirmationHMAC(address).key
    client = Client()
    _sign_in(client, "unit_officer")
    response = client.post(f"/accounts/confirm-email/{key}/")
    assert response.status_code == 302
    (event,) = _events("auth.email_verified", user)
    assert event.changes == {"email": [None, "moi@xa-anbinh.gov.vn"]}


def test_totp_enrolment_and_recovery_codes_are_recorded(world, django_capture_on_commit_callbacks):
    user = world.users["unit_officer"]
    client = Client()
    _sign_in(client, "unit_officer")
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals the enrolment after commit
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    (enrolled,) = _events("mfa.enrolled", user)
    assert enrolled.changes == {"type": [None, "totp"]}
    generated = _events("mfa.recovery_codes_generated", user)
    assert generated and generated[0].seq > enrolled.seq


def test_totp_removal_is_recorded(world):
    from attt.orgs.models import User
    from tests.conftest import enrol_totp

    user = User.objects.get(username="officer_b")
    enrol_totp(user)
    client = Client()
    _sign_in(client, "officer_b", secret=TOTP_SECRET)
    response = client.post("/accounts/2fa/totp/deactivate/")
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        response = client.post(response["Location"], {"password": PASSWORD})
        response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    (event,) = _events("mfa.removed", user)
    assert event.changes == {"type": ["totp", None]}


def test_a_used_recovery_code_is_recorded(world):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = world.users["specialist"]
    codes = RecoveryCodes.activate(user).get_unused_codes()
    client = Client()
    client.post("/accounts/login/", {"login": "specialist", "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    (event,) = _events("mfa.recovery_code_used", user)
    assert event.changes == {"unused_left": [None, len(codes) - 1]}


# The flood: bad API tokens without signing in.

def test_a_burst_of_bad_tokens_writes_one_aggregated_event(world):
    before = AuditEvent.objects.count()
    bad = Client(HTTP_AUTHORIZATION="Bearer attt_khong-hop-le")
    for _ in range(50):
        assert bad.get("/api/v1/systems").status_code == 401
    events = _events("api.token_rejected")
    assert len(events) == 1 and AuditEvent.objects.count() == before + 1
    assert events[0].changes == {"count": 1} and events[0].ip == "127.0.0.1"


def test_each_client_address_gets_its_own_event_and_the_next_one_carries_the_count(world, monkeypatch):
    monkeypatch.setattr(audit, "FAILURE_WINDOW_SECONDS", 1)
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(10):
        first.get("/api/v1/systems", HTTP_AUTHORIZATION="Bearer attt_sai")
    second.get("/api/v1/systems", HTTP_AUTHORIZATION="Bearer attt_sai")
    assert [(e.ip, e.changes["count"]) for e in _events("api.token_rejected")] == [("10.0.0.1", 1), ("10.0.0.2", 1)]
    time.sleep(1.1)
    first.get("/api/v1/systems", HTTP_AUTHORIZATION="Bearer attt_sai")
    last = _events("api.token_rejected")[-1]
    assert (last.ip, last.changes["count"]) == ("10.0.0.1", 10)  # 9 held back in the burst, and this one


def test_aggregation_holds_on_the_shared_redis_cache(world, settings):
    """Production counts in Redis, shared by every web process: same result there."""
    import os

    import redis

    url = os.environ.get("ATTT_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        from tests.tooling import missing

        missing(f"Redis not reachable at {url}")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": "attt-test-audit"}}
    from django.core.cache import cache

    cache.clear()
    try:
        bad = Client(HTTP_AUTHORIZATION="Bearer attt_khong-hop-le", REMOTE_ADDR="192.0.2.50")
        for _ in range(20):
            assert bad.get("/api/v1/systems").status_code == 401
        assert [e.changes for e in _events("api.token_rejected")] == [{"count": 1}]
    finally:
        cache.clear()
