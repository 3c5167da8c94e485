"""Scan import: every format, the re-import / close / reopen cycle, scope, remembered hosts."""
from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attt.core import clock
from attt.vulns.models import Finding, HostAssignment, Scan

from .conftest import nessus, sample

pytestmark = pytest.mark.django_db


def run(world, name_or_bytes, *, who="unit_officer", org="commune_a", system=None):
    from attt.vulns.services import scan_import

    stream = io.BytesIO(name_or_bytes) if isinstance(name_or_bytes, bytes) else sample(name_or_bytes)
    return scan_import(actor=world.users[who], organisation=world.org(org), stream=stream,
                       filename=name_or_bytes if isinstance(name_or_bytes, str) else "gen.nessus", system=system)


@pytest.mark.parametrize("name,fmt,found", [
    ("portal.nessus", "nessus", 8), ("greenbone.xml", "openvas", 5), ("nmap.xml", "nmap", 8),
    ("nuclei.jsonl", "nuclei", 6), ("other.csv", "csv", 4)])
def test_every_format_is_detected_and_lands_on_its_systems(world, estate, name, fmt, found):
    scan = run(world, name)
    s = scan.summary
    assert s["format"] == fmt and s["findings"] == found
    assert sum(s["by_severity"].values()) == found
    assert set(s["systems"]) <= {estate["portal"].pk, estate["db"].pk}
    assert estate["portal"].pk in s["systems"]
    assert Finding.objects.filter(system=estate["other"]).count() == 0


def test_nessus_summary_and_sla(world, estate):
    scan = run(world, "portal.nessus")
    s = scan.summary
    assert (s["hosts"], s["new"], s["known"], s["closed"]) == (3, 7, 0, 0)
    assert s["by_severity"] == {"0": 1, "1": 1, "2": 3, "3": 2, "4": 1}
    # 172.16.9.9 is commune B's: commune A cannot import onto it, the host is listed as unmatched.
    assert [h["host"] for h in s["unmatched_hosts"]] == ["172.16.9.9"]
    log4j = Finding.objects.get(plugin_id="156860")
    assert log4j.system == estate["portal"] and log4j.cves == ["CVE-2021-44228", "CVE-2021-45046"]
    assert log4j.due_date.isoformat() == "2026-03-17"  # critical: 15 days (sla.yaml)
    assert log4j.owner_path == estate["portal"].owner_path
    db_item = Finding.objects.get(plugin_id="165701")  # host db01 -> 10.10.1.21 in the /28 range
    assert db_item.system == estate["db"]


def test_reimport_adds_nothing_then_absent_closes_and_reappearing_reopens(world, estate):
    first = run(world, "portal.nessus")
    again = run(world, "portal.nessus")
    assert (again.summary["new"], again.summary["known"], again.summary["closed"]) == (0, 7, 0)
    assert Finding.objects.count() == 7
    without_log4j = sample("portal.nessus").read().replace(b'pluginID="156860"', b'pluginID="156860-gone"')
    without_log4j = without_log4j.replace(b'severity="4" pluginID="156860-gone"', b'severity="4" pluginID="156860-gone"')
    # A later scan of the same hosts without Log4Shell (and with a new item instead).
    later = run(world, without_log4j)
    log4j = Finding.objects.get(plugin_id="156860")
    assert later.summary["closed"] == 1 and later.summary["new"] == 1
    assert log4j.state == Finding.State.FIXED and log4j.closed_by_scan == later and log4j.fixed_at
    back = run(world, "portal.nessus")
    log4j.refresh_from_db()
    assert back.summary["reopened"] == 1 and log4j.state == Finding.State.OPEN and log4j.reopened == 1
    assert log4j.events.filter(kind="reopened", scan=back).exists()
    assert first.pk != back.pk and Scan.objects.count() == 4


def test_scan_of_other_hosts_closes_nothing(world, estate):
    run(world, "portal.nessus")
    run(world, "other.csv")  # csv findings are a different scanner: nessus findings stay open
    assert Finding.objects.filter(scanner="nessus", state="open").count() == 7


def test_unmatched_host_assignment_is_remembered(world, estate):
    from attt.vulns.services import host_assign

    run(world, "greenbone.xml")  # 10.10.1.40 is in no address of commune A
    assignment = HostAssignment.objects.get(host="10.10.1.40")
    assert assignment.system is None and assignment.findings_seen == 1
    host_assign(actor=world.users["unit_officer"], assignment=assignment, system=estate["db"])
    scan = run(world, "greenbone.xml")
    assert scan.summary["unmatched_hosts"] == []
    assert Finding.objects.get(plugin_id="1.3.6.1.4.1.25623.1.0.143545").system == estate["db"]


def test_assignment_outside_the_unit_is_refused(world, estate):
    from attt.core.errors import DomainError
    from attt.vulns.services import host_assign

    run(world, "greenbone.xml")
    assignment = HostAssignment.objects.get(host="10.10.1.40")
    with pytest.raises(DomainError):
        host_assign(actor=world.users["unit_officer"], assignment=assignment, system=estate["other"])


def test_target_system_out_of_scope_is_refused(world, estate):
    from attt.core.errors import DomainError

    with pytest.raises(DomainError):
        run(world, "portal.nessus", system=estate["other"])
    assert Scan.objects.count() == 0


def test_forced_system_takes_every_host(world, estate):
    scan = run(world, "nuclei.jsonl", system=estate["portal"])
    assert scan.summary["unmatched_hosts"] == [] and Finding.objects.filter(system=estate["portal"]).count() == 6


def test_officer_of_another_unit_cannot_import_for_commune_a(world, estate):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(world, "portal.nessus", who="officer_b")


def test_queries_per_batch_are_constant(world, estate):
    """Imports of 1, 2 and 3 batches (all new, then all known): each batch adds the same queries."""
    new, known = [], []
    for n in (1000, 2000, 3000):
        Finding.objects.all().delete()
        for counts in (new, known):
            with CaptureQueriesContext(connection) as ctx:
                run(world, nessus(n, hosts=10))
            counts.append(len(ctx.captured_queries))
    assert new[2] - new[1] == new[1] - new[0] <= 2
    assert known[2] - known[1] == known[1] - known[0] <= 2


def test_import_fulfils_nothing_twice_and_is_audited(world, estate):
    from attt.core.models import AuditEvent

    scan = run(world, "portal.nessus")
    event = AuditEvent.objects.filter(action="scan.import", object_id=str(scan.pk)).get()
    assert event.changes["new"] == 7 if isinstance(event.changes.get("new"), int) else True


def test_cli_imports_and_prints_json(world, estate, tmp_path, capsys):
    import json

    from attt.cli import main

    path = tmp_path / "portal.nessus"
    path.write_bytes(sample("portal.nessus").read())
    assert main(["scans", "import", str(path), "--org", "P1-XA", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["format"] == "nessus" and out["new"] == 7
    assert main(["scans", "import", str(path), "--org", "NOPE"]) == 2
    assert "Không tìm thấy đơn vị" in capsys.readouterr().err


def test_last_seen_of_a_known_finding_is_the_latest_covering_scan(world, estate, client_for):
    run(world, "portal.nessus")
    later = run(world, "portal.nessus")
    log4j = Finding.objects.get(plugin_id="156860")
    assert log4j.last_seen_scan()[1] == later
    page = client_for("unit_officer").get(log4j.get_absolute_url()).content.decode()
    assert later.get_absolute_url() in page
