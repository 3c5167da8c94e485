"""Browser tests: Playwright driving Debian's Chromium against a live server, in Vietnamese.

Fixtures: `browser` (one Chromium per session), `page` (a fresh context on the live server),
and helpers `sign_in(page, username, password, totp_secret=None)` and `totp_code(secret)`.
"""
from __future__ import annotations

import os
import shutil

import pytest
from tests.tooling import missing

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "Mật-khẩu-thử-123"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        missing("Chromium is not installed (apt-get install chromium); scripts/test installs it as root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    try:  # let in-flight requests finish before the live server's database goes away
        page.wait_for_load_state("networkidle", timeout=5_000)
    except Exception:  # noqa: BLE001 - a page that never idles is closed anyway
        pass
    context.close()


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in(page, username: str, password: str = PASSWORD, totp_secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    if totp_secret:
        page.wait_for_selector("input[name=code]")
        page.fill("input[name=code]", totp_code(totp_secret))
        page.click("main form button[type=submit]")
    # The sign-in pages have a navbar too: wait until the browser has really left them.
    page.wait_for_url(lambda url: "/accounts/login/" not in url and "/2fa/authenticate/" not in url)
    page.wait_for_load_state()
    page.wait_for_selector("nav.navbar")


def open_nav(page, key: str) -> None:
    """Follow the navigation entry `key` (its data-nav) through its menu, as a person would."""
    link = page.locator(f"nav.navbar [data-nav={key}]")
    if not link.is_visible():
        toggler = page.locator("nav.navbar .navbar-toggler")
        if toggler.is_visible() and page.locator("#mainnav.show").count() == 0:
            toggler.click()
        group = link.locator("xpath=ancestor::li[contains(@class,'dropdown')]//*[@data-nav-group]")
        group.click()
    link.click()
