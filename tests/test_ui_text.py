"""The demo province read by every demo user: no internal code ("new-nd331", "mgmt.policy",
"report.create", "seed 003", "DOMAIN.md §7", "Not defined in…"), no English decimal point in
Vietnamese ("12.0%"), no number of five digits or more without grouping ("2035000000").

Reuses the crawl of test_demo_crawl.py (breadth-first over the links of each page) and the
patterns of tests/ui_text.py on the visible text of each page.
"""
from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import TOTP_SECRET, sign_in_client
from tests.test_demo_crawl import LINK, SKIP, demo_world  # noqa: F401 - fixture
from tests.ui_text import problems

PAGES_PER_USER = 120


def _read_all(client: Client, limit: int) -> tuple[int, dict]:
    seen, queue, found = set(), ["/"], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode(errors="ignore")
        for kind, line in problems(body):
            found.setdefault((kind, line), url)
        for href in LINK.findall(body):
            href = href.replace("&amp;", "&")
            if not href.startswith(SKIP + ("/api/",)) and href not in seen:
                queue.append(href)
    return len(seen), found


@pytest.mark.parametrize("username", ["lanhdao", "chuyentrach", "ungcuu", "thutruong", "canbo", "kiemtra", "quantri"])
def test_pages_show_no_internal_codes_and_one_number_format(demo_world, username):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from attt.orgs.models import User

    user = User.objects.get(username=username)
    if not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, TOTP_SECRET)
    client = sign_in_client(Client(raise_request_exception=False), user)
    visited, found = _read_all(client, PAGES_PER_USER)
    assert visited > 10
    report = [f"{kind}: {line!r} on {url}" for (kind, line), url in sorted(found.items())]
    assert report == [], f"{username}:\n" + "\n".join(report[:30])


def test_the_patterns_catch_what_issue_14_saw():
    page = ("<body><p>Chế độ: new-nd331</p><p>management · mgmt.policy</p><p>law.monitoring_connection</p>"
            "<p>(DOMAIN.md §7)</p><p>seed 003</p><p>Not defined in NĐ 331/2026</p><td>report.create</td>"
            "<p>12.0%</p><p>2035000000/18900000000</p></body>")
    kinds = {kind for kind, _line in problems(page)}
    assert kinds == {"regime code", "catalogue ref", "management · code", "docs reference", "seed number",
                     "English note", "action code", "English decimal", "ungrouped number"}
    clean = "<body><p>2.035.000.000 đ</p><p>12,0 %</p><p>mục 4.1</p><p>CVE-2024-7347</p><p>Mã: 00691</p></body>"
    assert problems(clean) == []
