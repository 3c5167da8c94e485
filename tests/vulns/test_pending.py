"""Findings of hosts that match no system: kept (pending, within the importing unit), counted on the
unmatched-hosts page, updated (not duplicated) by a later import, and landed on the system the unit
assigns the host to, with no re-import; the figures count only findings on systems."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from attt.core import clock
from attt.vulns.models import Finding, HostAssignment, PendingFinding

from .test_import_scale import nessus_of

pytestmark = pytest.mark.django_db

# 10.10.9.5 is in no address of commune A: 12 findings (every severity), plus 2 on the portal.
STRAY = [("10.10.9.5", 30000 + i, i % 5) for i in range(12)]
PORTAL = [("10.10.1.10", 31000 + i, 4) for i in range(2)]


def run(world, items, *, who="unit_officer", org="commune_a", replace=None):
    from attt.vulns.services import scan_import

    data = nessus_of(items)
    for old, new in (replace or {}).items():
        data = data.replace(old, new)
    return scan_import(actor=world.users[who], organisation=world.org(org), stream=io.BytesIO(data),
                       filename="stray.nessus")


def assign(world, system, who="unit_officer"):
    from attt.vulns.services import host_assign

    return host_assign(actor=world.users[who], assignment=HostAssignment.objects.get(host="10.10.9.5"), system=system)


def test_findings_of_an_unmatched_host_are_kept_and_counted_not_figured(world, estate, client_for):
    from attt.vulns import selectors

    scan = run(world, STRAY + PORTAL)
    host = HostAssignment.objects.get(host="10.10.9.5")
    assert host.findings_pending == 12 and host.system is None and scan.summary["pending"] == 12
    pending = PendingFinding.objects.filter(assignment=host)
    assert pending.count() == 12 and {p.first_scan_id for p in pending} == {scan.pk}
    assert {p.org_path for p in pending} == {world.org("commune_a").path}
    # Figures read findings on systems only: the 2 portal criticals.
    assert Finding.objects.count() == 2
    assert sum(sum(v.values()) for v in selectors.open_by_severity_per_unit(world.org("commune_a")).values()) == 2
    clock.travel_to(dt.datetime(2026, 6, 1, 9, 0))
    assert selectors.sla_overdue_count(world.org("commune_a")) == 2
    # The importing unit's pages count them; another unit sees nothing of them.
    page = client_for("unit_officer").get(scan.get_absolute_url()).content.decode()
    assert "12 phát hiện đang chờ gán hệ thống" in page
    assert "12 phát hiện đang chờ gán hệ thống" in client_for("unit_officer").get("/vulns/scans/").content.decode()
    assert not PendingFinding.objects.visible_to(world.users["officer_b"]).exists()
    assert PendingFinding.objects.visible_to(world.users["unit_officer"]).count() == 12


def test_a_later_import_before_assignment_updates_its_pending_findings(world, estate):
    first = run(world, STRAY)
    again = run(world, STRAY)
    assert PendingFinding.objects.count() == 12 and HostAssignment.objects.get().findings_pending == 12
    assert set(PendingFinding.objects.values_list("last_scan", flat=True)) == {again.pk}
    assert set(PendingFinding.objects.values_list("first_scan", flat=True)) == {first.pk}
    # Reworded, re-rated, and one no longer reported: updated in place, the absent one dropped.
    later = run(world, STRAY[1:], replace={b'severity="1" pluginID="30001" pluginName="Plugin 30001"':
                                           b'severity="4" pluginID="30001" pluginName="Plugin 30001 (new name)"'})
    assert PendingFinding.objects.count() == 11 and HostAssignment.objects.get().findings_pending == 11
    changed = PendingFinding.objects.get(plugin_id="30001")
    assert (changed.title, changed.severity, changed.first_scan_id, changed.last_scan_id) == (
        "Plugin 30001 (new name)", 4, first.pk, later.pk)
    assert not PendingFinding.objects.filter(plugin_id="30000").exists()


def test_assigning_the_host_lands_its_pending_findings_on_the_system(world, estate):
    from attt.core.models import AuditEvent
    from attt.vulns import selectors

    scan = run(world, STRAY)  # Monday 02/03/2026
    clock.travel_to(dt.datetime(2026, 3, 20, 10, 0))
    assignment = assign(world, estate["db"])  # level 2: critical 15 days, from the day the scan saw it
    assert assignment.landed == {"new": 12, "known": 0, "reopened": 0}
    landed = Finding.objects.filter(system=estate["db"], host="10.10.9.5")
    assert landed.count() == 12 and not PendingFinding.objects.exists()
    assert HostAssignment.objects.get().findings_pending == 0
    critical = landed.get(plugin_id="30004")
    assert critical.due_date == dt.date(2026, 3, 17) and critical.first_scan == scan and critical.state == "open"
    assert critical.owner_path == estate["db"].owner_path and critical.cve_text == ""
    assert selectors.sla_overdue_count(world.org("commune_a")) == 2  # the two criticals, since 17/03
    assert sum(selectors.open_by_severity_per_system(world.org("commune_a"))[estate["db"].pk].values()) == 12
    event = AuditEvent.objects.get(action="scan.host_assign")
    assert event.changes["findings"][1] == {"new": 12, "known": 0, "reopened": 0}
    # The next import of the host puts its findings on the system, known: nothing doubles.
    again = run(world, STRAY)
    assert (again.summary["new"], again.summary["known"], again.summary["pending"]) == (0, 12, 0)
    assert Finding.objects.count() == 12 and not PendingFinding.objects.exists()


def test_landing_dedups_against_the_system_and_reopens_what_the_scan_saw_again(world, estate):
    from attt.vulns.services import finding_fix

    run(world, STRAY)
    assign(world, estate["db"])
    fixed = Finding.objects.get(plugin_id="30003")
    finding_fix(actor=world.users["unit_officer"], finding=fixed, note="Đã vá")
    assign(world, None)  # the unit takes the host back: the next scan keeps its findings pending
    clock.travel_to(dt.datetime(2026, 4, 1, 9, 0))
    run(world, STRAY)
    assert PendingFinding.objects.count() == 12 and Finding.objects.count() == 12
    assignment = assign(world, estate["db"])
    assert assignment.landed == {"new": 0, "known": 11, "reopened": 1}
    fixed.refresh_from_db()
    assert fixed.state == "open" and fixed.reopened == 1 and fixed.events.filter(kind="reopened").exists()
    assert Finding.objects.count() == 12


def test_assignment_by_page_lands_findings_and_stays_in_scope(world, estate, client_for):
    run(world, STRAY)
    host = HostAssignment.objects.get(host="10.10.9.5")
    url = f"/vulns/hosts/{host.pk}/assign/"
    assert client_for("officer_b").post(url, {"system": estate["other"].pk}).status_code == 404
    r = client_for("unit_officer").post(url, {"system": estate["other"].pk}, follow=True)
    assert r.status_code == 404 or "không thuộc phạm vi" in r.content.decode()
    assert PendingFinding.objects.count() == 12 and not Finding.objects.exists()
    r = client_for("unit_officer").post(url, {"system": estate["db"].pk}, follow=True)
    assert "12 phát hiện mới" in r.content.decode()
    assert Finding.objects.filter(system=estate["db"]).count() == 12 and not PendingFinding.objects.exists()


def test_a_host_matched_later_by_an_address_drops_its_stale_pending_findings(world, estate):
    from attt.vulns.services import address_add

    run(world, STRAY)
    address_add(actor=world.users["unit_officer"], system=estate["portal"], kind="ip", value="10.10.9.5")
    scan = run(world, STRAY)
    assert scan.summary["new"] == 12 and not PendingFinding.objects.exists()
    assert HostAssignment.objects.get().findings_pending == 0


def test_pending_findings_keep_their_cves_and_land_with_them(world, estate):
    data = nessus_of(STRAY[:1]).replace(b"<description>d</description>",
                                        b"<cve>CVE-2021-44228</cve><cve>CVE-2021-45046</cve><description>d</description>")
    from attt.vulns.services import scan_import

    for _ in range(2):  # the second import goes through the update of the upsert
        scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"), stream=io.BytesIO(data),
                    filename="cve.nessus")
    assert PendingFinding.objects.get().cves == ["CVE-2021-44228", "CVE-2021-45046"]
    assign(world, estate["db"])
    finding = Finding.objects.get()
    assert finding.cves == ["CVE-2021-44228", "CVE-2021-45046"]
    assert finding.cve_text == " CVE-2021-44228 CVE-2021-45046 "
