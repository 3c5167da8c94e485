"""The demo province, clicked through by every demo user: no link leads to a server error.

Builds the real demo (every module's sample data), then follows the links of each page
breadth-first, as each role, and fails on any 5xx answer or exception.
"""
from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import TOTP_SECRET, sign_in_client

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/accounts/logout", "/django-admin", "/i18n/")
PAGES_PER_USER = 150


@pytest.fixture
def demo_world(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    from attt import demo

    demo.build()


def _crawl(client: Client, limit: int) -> tuple[int, list]:
    seen, queue, failures, visited = set(), ["/"], [], 0
    while queue and visited < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        visited += 1
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
            continue
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in LINK.findall(response.content.decode(errors="ignore")):
                href = href.replace("&amp;", "&")
                if not href.startswith(SKIP) and href not in seen:
                    queue.append(href)
    return visited, failures


@pytest.mark.parametrize("username", ["lanhdao", "chuyentrach", "ungcuu", "thutruong", "canbo", "kiemtra", "quantri"])
def test_demo_pages_never_fail(demo_world, username):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from attt.orgs.models import User

    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, TOTP_SECRET)
    client = sign_in_client(Client(raise_request_exception=False), user)
    visited, failures = _crawl(client, PAGES_PER_USER)
    assert visited > 10
    assert failures == [], f"{username}: {failures[:10]}"
