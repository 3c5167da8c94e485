"""Every main page, as every demo role, at 1366×768 (a desk) and 390×844 (a phone).

The PNGs go to docs/screens/ (committed, looked at). The test fails when the navigation bar
wraps onto a second line at 1366 px, when a main page has a horizontal scrollbar, or when a
menu entry is not reachable through its menu.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TOTP_SECRET

from .conftest import PASSWORD, sign_in

pytestmark = pytest.mark.e2e

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
ROLES = ["canbo", "thutruong", "chuyentrach", "ungcuu", "lanhdao", "kiemtra", "quantri"]
DESK, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
PHONE_PAGES = 3  # home and the first entries of the first menu, per role


@pytest.fixture
def demo_users(transactional_db, settings, tmp_path):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from attt import demo
    from attt.orgs.models import User

    settings.DATA_DIR = tmp_path
    demo.build()
    totp = {}
    for username in ROLES:
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        if user.is_staff or username in {"chuyentrach", "quantri"}:
            if not Authenticator.objects.filter(user=user).exists():
                TOTP.activate(user, TOTP_SECRET)
            totp[username] = TOTP_SECRET
    return totp


def _layout(page) -> dict:
    return page.evaluate("""() => {
        const menus = [...document.querySelectorAll('#nav-menus > li')];
        const tops = new Set(menus.map(m => Math.round(m.getBoundingClientRect().top)));
        const nav = document.querySelector('nav.navbar');
        return {menuRows: tops.size, navHeight: nav.getBoundingClientRect().height,
                scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth};
    }""")


def _menu_links(page) -> list[tuple[str, str, str]]:
    return page.evaluate("""() => [...document.querySelectorAll('#nav-menus [data-nav]')].map(a =>
        [a.closest('.dropdown').querySelector('[data-nav-group]').dataset.navGroup, a.dataset.nav,
         a.getAttribute('href')])""")


def _shoot(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENS / f"{name}.png"))


def test_every_main_page_fits_per_role(browser, live_server, demo_users):
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems = []
    for username in ROLES:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=DESK)
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, username, totp_secret=demo_users.get(username))
        links = _menu_links(page)
        assert links, username
        pages = [("home", "/")] + [(key, href) for _group, key, href in links]
        for key, href in pages:
            page.goto(href)
            layout = _layout(page)
            if layout["menuRows"] > 1 or layout["navHeight"] > 64:
                problems.append(f"{username} {href}: navigation on {layout['menuRows']} lines")
            if layout["scroll"] > 0:
                problems.append(f"{username} {href}: horizontal scrollbar at 1366 px ({layout['scroll']} px)")
            _shoot(page, f"{username}-{key}-1366")
        # Every entry is reachable through its menu with the mouse and with the keyboard.
        page.goto("/")
        group, key, href = links[-1]
        page.click(f"[data-nav-group={group}]")
        page.click(f"[data-nav={key}]")
        page.wait_for_url(f"**{href}")
        page.goto("/")
        page.focus(f"[data-nav-group={links[0][0]}]")
        page.keyboard.press("Enter")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{links[0][2]}")

        page.set_viewport_size(PHONE)
        for key, href in pages[:PHONE_PAGES]:
            page.goto(href)
            if _layout(page)["scroll"] > 0:
                problems.append(f"{username} {href}: horizontal scrollbar at 390 px")
            _shoot(page, f"{username}-{key}-390")
        page.goto("/")
        page.click("button.navbar-toggler")
        page.click(f"[data-nav-group={links[0][0]}]")
        page.wait_for_selector(f"[data-nav={links[0][1]}]", state="visible")
        _shoot(page, f"{username}-menu-390")
        context.close()
    assert problems == [], "\n".join(problems)
