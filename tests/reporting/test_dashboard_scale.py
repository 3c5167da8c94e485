"""The province dashboard at scale: its figures are computed once and served from the shared cache
until a write changes the audit chain; the scorecard table shows one page of units (lowest scores
first) with a search, so the page stays small however many units the province has."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attt.orgs import services as org_services
from attt.reporting import selectors, services
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db
Q3 = Period(2025, 3)
URL = reverse("reporting:dashboard") + "?period=2025-Q3"


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_dashboard_is_served_from_the_cache_until_a_write(world, coverage, client_for):
    client = client_for("province_leader")
    client.get(reverse("home"))
    first, computed = _get(client, URL)
    again, cached = _get(client, URL)
    assert again.split("<main")[1] == first.split("<main")[1]  # the same page (the CSRF token differs)
    assert cached <= 8 < computed  # session, user, memberships, province, audit head
    officer = world.users["unit_officer"]
    services.report_submit(actor=officer, report=services.report_create(
        actor=officer, organisation=world.org("commune_a"), period=Q3))
    after, recomputed = _get(client, URL)
    assert 'id="submitted-count">1/4' in after and recomputed > cached
    # Another user with the same scope reads the same figures; the board carries its own user.
    board = selectors.dashboard(user=world.users["auditor"], period=Q3)
    assert board.user == world.users["auditor"] and board.submissions["submitted"] == 1


def test_scorecard_shows_a_page_of_units_worst_first_with_search(world, coverage, client_for):
    for i in range(60):
        org_services.org_create(actor=None, parent=world.org("province"), code=f"P1-S{i:02d}",
                                name=f"Xã Thử Điểm {i:02d}", kind="commune")
    client = client_for("province_leader")
    html, _n = _get(client, URL)
    rows = html.count("<tr data-unit=")
    assert rows == selectors.SCORECARD_PAGE
    assert "Sở Tài chính" not in html.split('id="scorecard"')[1]  # the best unit is not on the first page
    best, _n = _get(client, URL + "&order=best")
    assert "Sở Tài chính" in best.split('id="scorecard"')[1].split("</table>")[0]
    found, _n = _get(client, URL + "&unit_q=thu+diem+07")  # folded, without diacritics
    table = found.split('id="scorecard"')[1].split("</table>")[0]
    assert table.count("<tr data-unit=") == 1 and "Xã Thử Điểm 07" in table
    last, _n = _get(client, URL + "&page=2")
    total = len(selectors.dashboard(user=world.users["province_leader"], period=Q3).scorecard)
    assert last.count("<tr data-unit=") == total - selectors.SCORECARD_PAGE
