"""Vulnerability scans in a browser (issue 15): a unit officer imports a Nessus scan (upload -> job ->
summary); later the specialist opens the findings list and sees the overdue critical."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attt.core import clock
from tests.conftest import TOTP_SECRET

from .conftest import open_nav, sign_in

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parent.parent / "vulns" / "data"
SHOTS = Path("/tmp/attt-shots")


def test_officer_imports_a_scan_and_the_specialist_sees_the_overdue_critical(page, browser, live_server, world):
    from attt.systems.models import System
    from attt.vulns import services

    SHOTS.mkdir(exist_ok=True)
    clock.travel_to(dt.datetime(2026, 3, 2, 9, 30))
    officer = world.users["unit_officer"]
    portal = System(name="Cổng dịch vụ công xã An Bình", owner=world.org("commune_a"), operator=world.org("commune_a"),
                    approved_level=3)
    portal.save()
    services.address_add(actor=officer, system=portal, kind="ip", value="10.10.1.10")

    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "unit_officer")
    open_nav(page, "vulns")
    page.click("text=Nhập bản quét >> nth=0")
    page.set_input_files("input[name=file]", str(DATA / "portal.nessus"))
    page.click("#scan-submit")
    page.wait_for_selector("text=Nessus (.nessus v2): 3 máy")
    page.screenshot(path=str(SHOTS / "vulns-import.png"), full_page=True)
    page.click("#job-result")
    page.wait_for_selector("#scan-summary")
    assert "172.16.9.9" in page.content()  # a host of no system of commune A: listed to assign
    page.screenshot(path=str(SHOTS / "vulns-scan.png"), full_page=True)
    page.goto(portal.get_absolute_url())
    page.click("#system-addresses")
    page.fill("#id_value", "10.10.1.16/28")
    page.select_option("#id_kind", "cidr")
    page.click("#address-form button[type=submit]")
    page.wait_for_selector("#addresses >> text=10.10.1.16/28")
    page.screenshot(path=str(SHOTS / "vulns-addresses.png"), full_page=True)

    clock.travel_to(dt.datetime(2026, 3, 20, 9, 0))  # the critical's 15 days have passed
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 768})
    specialist = context.new_page()
    sign_in(specialist, "specialist", totp_secret=TOTP_SECRET)
    specialist.goto("/vulns/")
    assert specialist.inner_text("#overdue-count") == "1"
    specialist.click("#overdue-link")
    row = specialist.locator("#findings-table tbody tr").first
    assert "Log4j" in row.inner_text() and row.locator(".overdue").count() == 1
    assert "Nghiêm trọng" in row.inner_text() and "17/03/2026" in row.inner_text()
    specialist.screenshot(path=str(SHOTS / "vulns-overdue.png"), full_page=True)
    row.locator("a").first.click()
    specialist.wait_for_selector("#finding-state")
    specialist.screenshot(path=str(SHOTS / "vulns-finding.png"), full_page=True)

    source, _key = services.soc_source_create(actor=world.users["specialist"], organisation=world.org("province"),
                                              name="SOC tỉnh (Wazuh)")
    services.alerts_ingest(source=source, content_type="text/plain", body=(
        "<134>Mar 20 08:15:01 fw01 CEF:0|Fortinet|FortiGate|7.2|0419016384|IPS: Log4j RCE attempt|8|"
        "src=203.0.113.7 dst=10.10.1.10 rt=1773969301000").encode())
    specialist.goto("/vulns/alerts/")
    specialist.wait_for_selector("text=IPS: Log4j RCE attempt")
    assert specialist.inner_text("#under-soc") == "1"
    specialist.screenshot(path=str(SHOTS / "vulns-alerts.png"), full_page=True)
    context.close()
