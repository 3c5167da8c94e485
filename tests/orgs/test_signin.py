"""Sign-in: throttling, password reset by email, the second factor, and their audit trail."""
from __future__ import annotations

from django.core import mail
from django.test import Client

from attt.core.models import AuditEvent
from tests.conftest import TOTP_SECRET


def test_repeated_failures_are_throttled(world):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "unit_officer", "password": "sai"})
    response = client.post("/accounts/login/", {"login": "unit_officer", "password": "Mật-khẩu-thử-123"})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session  # even the right password is refused while throttled
    assert AuditEvent.objects.filter(action="auth.login_failed").count() >= 5


def test_password_reset_sends_an_email(world):
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "unit_officer@test.local"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body


def test_specialist_needs_the_second_factor_and_a_wrong_code_is_audited(world):
    from tests.e2e.conftest import totp_code

    client = Client()
    response = client.post("/accounts/login/", {"login": "specialist", "password": "Mật-khẩu-thử-123"})
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    assert "_auth_user_id" not in client.session
    wrong = "000000" if totp_code(TOTP_SECRET) != "000000" else "111111"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.mfa_failed", object_repr="specialist").exists()
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(world.users["specialist"].pk)


def test_no_self_signup(world):
    response = Client().get("/accounts/signup/")
    assert "Rất tiếc, hiện không mở đăng ký tài khoản." in response.content.decode()
    Client().post("/accounts/signup/", {"username": "x", "email": "x@x.vn", "password1": "Abc-123456789",
                                        "password2": "Abc-123456789"})
    from attt.orgs.models import User

    assert not User.objects.filter(username="x").exists()
