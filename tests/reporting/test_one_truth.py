"""One truth per figure: "systems under SOC" has one definition (per organisation: the inventory
when it registered operating systems, else its typed figure; in the inventory, a system is under
SOC when its SOC sent an alert or a heartbeat within the window), and the dashboard card, the table by
kind of body, the drill-down, the unit report's section and the API give the same numbers.

Before, the card used the inventory per unit and the table the typed figures per organisation:
the demo showed 6/13 in the card and 14/22 just below."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from attt.orgs.services import token_create
from attt.reporting import selectors, services
from attt.reporting.periods import Period
from attt.core import clock
from attt.systems.models import System
from attt.vulns.models import SocContact

pytestmark = pytest.mark.django_db
Q3 = Period(2025, 3)


@pytest.fixture
def registered(world, coverage):
    """Commune A registers 3 operating systems (1 under SOC) although nothing typed; its centre
    keeps its typed 1/2; Sở Tài chính its typed 3/3; commune B registers 2 (1 under SOC)."""
    now = clock.now()
    for org, n, soc in (("commune_a", 3, 1), ("commune_b", 2, 1)):
        for i in range(n):
            system = System.objects.create(name=f"Hệ thống {org} {i}", owner=world.org(org), operator=world.org(org),
                                           status=System.Status.OPERATING, soc_monitored=True)
            if i < soc:  # its SOC sent a heartbeat yesterday; the others declared a SOC that is silent
                _contact(system, now - dt.timedelta(days=1))
            else:
                _contact(system, now - dt.timedelta(days=40))  # too long ago: not under SOC now
    retired = System.objects.create(name="Hệ thống dừng", owner=world.org("commune_a"),
                                    operator=world.org("commune_a"), status=System.Status.RETIRED)
    _contact(retired, now)  # not operating: not counted
    return world


def _contact(system, at):
    SocContact.objects.create(system=system, last_seen_at=at, last_heartbeat_at=at, owner_path=system.owner_path,
                              operator_path=system.operator_path)


# inventory commune A 1/3 + typed centre A 1/2 + typed finance 3/3 + inventory commune B 1/2
EXPECTED = (6, 10)


def test_card_table_drilldown_report_and_api_agree(registered, client_for):
    world = registered
    leader = world.users["province_leader"]
    board = selectors.dashboard(user=leader, period=Q3)
    card = {r.key: (r.n, r.d) for r in board.ratios}["soc"]
    assert card == EXPECTED

    by_kind = sum(k["values"]["systems_soc"] for k in board.kinds), sum(k["values"]["systems_total"] for k in board.kinds)
    assert by_kind == EXPECTED
    kinds = {k["kind"]: (k["values"]["systems_soc"], k["values"]["systems_total"]) for k in board.kinds}
    assert kinds["commune"] == (2, 5) and kinds["service_centre"] == (1, 2) and kinds["department"] == (3, 3)

    _label, rows = selectors.figure_rows(board=board, key="soc")
    assert (sum(r["n"] for r in rows), sum(r["d"] for r in rows)) == EXPECTED
    assert {r["unit"].code: (r["n"], r["d"]) for r in rows}["P1-XA"] == (2, 5)

    report = services.report_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"), period=Q3)
    assert (report.figure("coverage", "systems_soc"), report.figure("coverage", "systems_total")) == (2, 5)
    assert "Danh mục hệ thống" in report.figure("coverage", "systems_source")

    token = token_create(actor=leader, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/reports/dashboard?period=2025-Q3").json()
    assert {r["key"]: (r["numerator"], r["denominator"]) for r in api["ratios"]}["soc"] == EXPECTED

    page = client_for("province_leader").get(reverse("reporting:dashboard") + "?period=2025-Q3")
    html = page.content.decode()
    assert page.status_code == 200 and "6/10" in html.replace("\u00a0", " ")
    assert 'id="soc-sources"' in html  # the page says where the number comes from


def test_each_cell_of_the_table_by_kind_drills_down_to_its_organisations(registered, client_for):
    world = registered
    client = client_for("province_leader")
    html = client.get(reverse("reporting:dashboard") + "?period=2025-Q3").content.decode()
    link = reverse("reporting:figure", args=["soc"]) + "?period=2025-Q3&amp;kind=commune"
    assert link in html
    page = client.get(reverse("reporting:figure", args=["soc"]) + "?period=2025-Q3&kind=commune")
    assert page.status_code == 200
    body = page.content.decode().replace("\u00a0", " ")
    # commune A 1/3 and commune B 1/2 (inventory): the drill-down adds up to the cell, 2/5.
    assert "2/5" in body and "Xã An Bình" in body and "Phường Bình Minh" in body
    assert "Sở Tài chính" not in body
    centres = client.get(reverse("reporting:figure", args=["antimalware"]) + "?period=2025-Q3&kind=service_centre")
    assert centres.status_code == 200 and "Trung tâm Phục vụ hành chính công xã An Bình" in centres.content.decode()
    assert client.get(reverse("reporting:figure", args=["nope"]) + "?period=2025-Q3&kind=commune").status_code == 404
