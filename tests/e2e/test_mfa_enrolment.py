"""Issue 10, item 11, in a browser: a new specialist enrols TOTP while the browser fetches the
favicon (and a stray image), and the first correct code of the QR code on screen is accepted."""
from __future__ import annotations

import re

import pytest

from .conftest import PASSWORD, sign_in, totp_code

pytestmark = pytest.mark.e2e


def test_first_code_is_accepted_despite_favicon_and_stray_requests(page, world):
    from allauth.mfa.models import Authenticator

    from attt.orgs import services

    user, _ = services.user_create(actor=None, username="chuyentrach", email="ct@test.local", password=PASSWORD)
    services.membership_grant(actor=world.users["admin"], user=user, organisation=world.org("police"),
                              role="specialist")
    sign_in(page, "chuyentrach")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    icon_href = page.locator("link[rel=icon]").get_attribute("href")
    assert icon_href == "/static/attt/favicon.ico"
    # What the browser fetches on its own, with the session's cookies: the favicon at both addresses.
    for url in ("/favicon.ico", icon_href):
        response = page.request.get(url)
        assert response.ok and response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
        assert "activate" not in response.url
    # A stray request from the page lands on the enrolment page again: the secret must not change.
    landed = page.evaluate("""async () => (await fetch('/systems/')).url""")
    assert "/accounts/2fa/totp/activate/" in landed
    assert page.locator("#authenticator_secret").input_value() == secret  # the page still shows the QR code
    page.fill("input[name=code]", totp_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/2fa/totp/activate/" not in url)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    page.goto("/orgs/")
    assert page.url.endswith("/orgs/")
    page.wait_for_selector("nav.navbar")
