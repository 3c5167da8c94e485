"""Issue 10, item 11: new specialists and administrators do not get stuck. The favicon and other
assets are never sent to TOTP enrolment, the enrolment page keeps its secret until enrolment
succeeds (the first correct code is accepted), and a password reset by e-mail proves the address,
so that enrolment is not refused with "verify your e-mail first"."""
from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from attt.orgs import services
from tests.e2e.conftest import totp_code

PASSWORD = "Mật-khẩu-thử-123"
ACTIVATE = "/accounts/2fa/totp/activate/"


def _new_specialist(world, username="sp_moi"):
    user, _ = services.user_create(actor=None, username=username, email=f"{username}@test.local",
                                   password=PASSWORD)
    services.membership_grant(actor=world.users["admin"], user=user, organisation=world.org("police"),
                              role="specialist")
    return user


def _sign_in(username):
    client = Client()
    response = client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_favicon_is_a_real_icon_and_never_the_enrolment_page(world):
    _new_specialist(world)
    client = _sign_in("sp_moi")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/attt/favicon.ico"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content if icon.streaming else [icon.content])[:4] == b"\x00\x00\x01\x00"
    page = client.get(ACTIVATE)
    assert '<link rel="icon" href="/static/attt/favicon.ico"' in page.content.decode()


def test_the_enrolment_secret_survives_reloads_and_stray_requests(world):
    user = _new_specialist(world)
    client = _sign_in("sp_moi")
    assert client.get("/").status_code == 302
    client.get(ACTIVATE)
    shown = client.session["mfa.totp.secret"]
    client.get("/favicon.ico")
    client.get("/orgs/", HTTP_SEC_FETCH_DEST="image")
    client.get("/systems/")  # a stray page request: redirected to enrolment, which renders again
    page = client.get(ACTIVATE)
    assert client.session["mfa.totp.secret"] == shown
    assert f'value="{shown}"' in page.content.decode()
    response = client.post(ACTIVATE, {"code": totp_code(shown)})  # the first code of the secret scanned
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert "mfa.totp.secret" not in client.session  # cleared once enrolled
    assert client.get("/").status_code == 200


def _reset_password(address: str, new_password: str) -> None:
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": address}).status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # to the same page without the key in the address
    form_url = response["Location"]
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302, response.content.decode()[:400]


def test_after_a_password_reset_by_email_enrolment_is_not_refused(world):
    user = _new_specialist(world)
    user.set_unusable_password()  # accounts are created without a password: the user sets one by e-mail
    user.save()
    new_password = "Mật-khẩu-mới-456"
    _reset_password("sp_moi@test.local", new_password)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    client = Client()
    response = client.post("/accounts/login/", {"login": "sp_moi", "password": new_password})
    assert response.status_code == 302
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(ACTIVATE)
    html = response.content.decode()
    assert 'name="code"' in html
    secret = client.session["mfa.totp.secret"]
    assert client.post(ACTIVATE, {"code": totp_code(secret)}).status_code == 302
    assert client.get("/").status_code == 200


def test_an_address_other_than_the_one_reset_is_not_marked_verified(world):
    user = _new_specialist(world)
    EmailAddress.objects.create(user=user, email="khac@test.local", verified=False, primary=False)
    _reset_password("sp_moi@test.local", "Mật-khẩu-mới-456")
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()


def test_an_unverified_address_leads_to_the_email_page_not_a_dead_end(world):
    user = _new_specialist(world)
    EmailAddress.objects.create(user=user, email="sp_moi@test.local", verified=False, primary=True)
    client = _sign_in("sp_moi")
    response = client.get("/orgs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/email/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Hãy xác minh địa chỉ email của bạn" in page.content.decode()
    mail.outbox.clear()
    client.post("/accounts/email/", {"email": "sp_moi@test.local", "action_send": ""})
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/orgs/")["Location"].startswith(ACTIVATE)
    assert client.get(ACTIVATE).status_code == 200
