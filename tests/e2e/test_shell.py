"""The shell in a browser: sign in, MFA enrolment, language switch, search without diacritics,
refusal of another commune's page."""
from __future__ import annotations

import re

import pytest

from tests.conftest import TOTP_SECRET

from .conftest import PASSWORD, sign_in, totp_code

pytestmark = pytest.mark.e2e


def test_officer_signs_in_searches_and_is_refused_another_commune(page, world):
    page.goto("/accounts/login/")
    assert "Đăng nhập" in page.title()
    sign_in(page, "unit_officer")
    assert "Xin chào" in page.content()
    page.fill("nav input[name=q]", "xa an binh")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results")
    assert page.locator("#results a", has_text="Xã An Bình").count() >= 1
    response = page.goto(f"/orgs/{world.org('commune_b').pk}/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.content()


def test_search_without_diacritics_finds_the_police(page, world):
    sign_in(page, "province_leader")
    page.goto("/search/?q=cong+an")
    assert page.locator("#results a", has_text="Công an tỉnh Thử Nghiệm").count() == 1


def test_language_switch_to_english_and_back(page, world):
    sign_in(page, "province_leader")
    assert page.locator("[data-nav=orgs]").text_content().strip() == "Tổ chức"
    page.click("#lang-switch")
    page.wait_for_selector("#lang-switch:has-text('Tiếng Việt')")
    assert page.locator("[data-nav=orgs]").text_content().strip() == "Organisations"
    page.goto("/orgs/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("#lang-switch")
    page.wait_for_selector("#lang-switch:has-text('English')")
    assert page.locator("[data-nav=orgs]").text_content().strip() == "Tổ chức"


def test_specialist_must_enrol_totp_then_signs_in_with_it(page, world):
    from attt.orgs import services

    user, _ = services.user_create(actor=None, username="newspecialist", email="ns@test.local", password=PASSWORD)
    services.membership_grant(actor=None, user=user, organisation=world.org("police"), role="specialist")
    sign_in(page, "newspecialist")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    page.goto("/orgs/")  # anything else sends the specialist back to enrolment
    assert "/accounts/2fa/totp/activate/" in page.url
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", "000000")
    page.click("main form button[type=submit]")
    assert page.locator("input[name=code]").count() == 1  # a wrong code is refused, still on the form
    page.fill("input[name=code]", totp_code(secret))
    page.click("main form button[type=submit]")
    page.goto("/orgs/")
    assert page.url.endswith("/orgs/")
    # A new session asks for the second factor.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "newspecialist")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", "123456" if totp_code(secret) != "123456" else "654321")
    page.click("main form button[type=submit]")
    assert page.locator("input[name=code]").count() == 1
    page.fill("input[name=code]", totp_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_selector("nav.navbar [data-nav=orgs]", state="attached")


def test_specialist_with_totp_signs_in(page, world):
    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    page.goto("/orgs/import/")
    assert "Nhập cây tổ chức" in page.content()
