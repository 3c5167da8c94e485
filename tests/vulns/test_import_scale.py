"""Import at scale, by algorithm (the memory figure is the bench's): a re-import closes exactly the
open findings it did not see, on both databases, with no Python set of the findings; the job's
progress moves each batch and the page shows it while the import's transaction is still open."""
from __future__ import annotations

import io

import pytest
from django.db import transaction

from attt.core import jobs
from attt.core.models import Job
from attt.vulns.models import Finding

pytestmark = pytest.mark.django_db


def nessus_of(items) -> bytes:
    """A Nessus file of (host, plugin id, severity) items, grouped by host in the given order."""
    out, current = ['<?xml version="1.0" ?>\n<NessusClientData_v2><Report name="t">'], None
    for host, plugin, severity in items:
        if host != current:
            if current is not None:
                out.append("</ReportHost>")
            out.append(f'<ReportHost name="{host}"><HostProperties><tag name="host-ip">{host}</tag></HostProperties>')
            current = host
        out.append(f'<ReportItem port="443" svc_name="www" protocol="tcp" severity="{severity}" pluginID="{plugin}" '
                   f'pluginName="Plugin {plugin}"><description>d</description></ReportItem>')
    out.append("</ReportHost></Report></NessusClientData_v2>")
    return "".join(out).encode()


def run(world, data: bytes, *, progress=None, filename="t.nessus"):
    from attt.vulns.services import scan_import

    return scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                       stream=io.BytesIO(data), filename=filename, progress=progress)


# 3 hosts of the database server's range (10.10.1.16/28), 1,200 items each: batches of 1,000 cross hosts.
HOSTS = ["10.10.1.17", "10.10.1.18", "10.10.1.19"]
FULL = [(h, 20000 + i, i % 5) for h in HOSTS for i in range(1200)]


def test_reimport_closes_exactly_the_unseen_open_findings(world, estate):
    from attt.vulns.services import finding_fix, finding_mark_false_positive

    run(world, nessus_of(FULL))
    assert Finding.objects.filter(state="open").count() == 3600
    officer = world.users["unit_officer"]
    # A finding people fixed, and one judged a false positive: a scan that no longer reports them
    # leaves them as people decided; a portal finding (another system) is not covered either.
    fixed = Finding.objects.get(host="10.10.1.17", plugin_id="20003")
    finding_fix(actor=officer, finding=fixed, note="Đã vá")
    fp = Finding.objects.get(host="10.10.1.18", plugin_id="20002")
    finding_mark_false_positive(actor=officer, finding=fp, reason="Không áp dụng")
    run(world, nessus_of([("10.10.1.10", 1, 3)]))
    portal = Finding.objects.get(host="10.10.1.10")
    # The later scan: every 7th item gone on the first two hosts; the third host not scanned at all.
    later = [(h, p, s) for h, p, s in FULL if h != "10.10.1.19" and not (h == "10.10.1.17" and p % 7 == 0)
             and not (h == "10.10.1.18" and p % 7 == 3)]
    reported = {(h, str(p)) for h, p, _s in later}
    expected = {f.pk for f in Finding.objects.filter(state="open", host__in=["10.10.1.17", "10.10.1.18"])
                if (f.host, f.plugin_id) not in reported}
    assert len(expected) == 171 + 172 - 1  # the items dropped, less the false positive (plugin 20002)
    scan = run(world, nessus_of(later))
    closed = set(Finding.objects.filter(closed_by_scan=scan).values_list("pk", flat=True))
    assert scan.summary["closed"] == len(closed) == len(expected) and closed == expected
    assert scan.summary["known"] == len(later) - 1 and scan.summary["new"] == 0  # the fixed one reopens
    assert Finding.objects.filter(host="10.10.1.19", state="open").count() == 1200  # not covered: untouched
    fp.refresh_from_db(), portal.refresh_from_db(), fixed.refresh_from_db()
    assert fp.state == "false_positive" and portal.state == "open"
    assert fixed.state == "open" and fixed.reopened == 1 and scan.summary["reopened"] == 1
    assert all(f.fixed_at and f.state == "fixed" for f in Finding.objects.filter(pk__in=closed))
    # The same file again: nothing more to close; the closed ones stay closed.
    again = run(world, nessus_of(later))
    assert (again.summary["closed"], again.summary["new"], again.summary["reopened"]) == (0, 0, 0)


def test_a_failed_import_leaves_the_findings_and_no_temporary_rows(world, estate):
    from attt.core.errors import DomainError

    run(world, nessus_of(FULL))
    truncated = nessus_of(FULL[:1500])[:-40]  # cut in the middle of the last host
    with pytest.raises(DomainError):
        run(world, truncated)
    assert Finding.objects.filter(state="open").count() == 3600 and Finding.objects.count() == 3600
    # The next import works on clean temporary tables: one missing item closes one finding.
    scan = run(world, nessus_of(FULL[1:]))
    assert scan.summary["closed"] == 1 and Finding.objects.get(closed_by_scan=scan).plugin_id == "20000"


def test_the_importer_keeps_no_per_finding_set(world, estate):
    """The importer's memory is per host (matching, coverage) and per batch, never per finding."""
    from attt.vulns.services import imports

    assert not hasattr(imports._Importer, "seen_pks")
    scan = run(world, nessus_of(FULL))
    assert scan.summary["new"] == 3600


def test_progress_moves_each_batch_with_the_counts(world, estate):
    steps = []
    run(world, nessus_of(FULL), progress=lambda percent, step="": steps.append((int(percent), str(step))))
    batches = [s for s in steps if s[1].startswith("Đã xử lý")]
    assert [s[1] for s in batches] == ["Đã xử lý 1.000/3.600 phát hiện", "Đã xử lý 2.000/3.600 phát hiện",
                                      "Đã xử lý 3.000/3.600 phát hiện"]
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and batches[0][0] > 5 and batches[-1][0] < 92


def test_progress_reported_inside_the_transaction_shows_on_the_page(world, estate, client_for):
    """The import's progress is written inside its all-or-nothing transaction: the page that polls
    the job must see it before (and whatever) that transaction commits."""
    from attt.core import clock

    job = Job.objects.create(user=world.users["unit_officer"], kind="vulns.import", label="Nhập bản quét t.nessus",
                             state=Job.State.RUNNING, started_at=clock.now(), step="Đang xử lý")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            jobs.Progress(job)(40, "Đã xử lý 40.000/100.000 phát hiện")
            raise RuntimeError("the import's transaction is still open, then rolls back")
    assert Job.objects.get(pk=job.pk).progress == 0  # the row knows nothing of it
    page = client_for("unit_officer").get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Đã xử lý 40.000/100.000 phát hiện" in page and 'value="40"' in page
    listing = client_for("unit_officer").get("/jobs/").content.decode()
    assert "40%" in listing


def test_the_page_follows_a_running_import_batch_by_batch(world, estate, client_for):
    """The job's reporter, as the worker passes it, and the page polled after each report."""
    from attt.core import clock

    job = Job.objects.create(user=world.users["unit_officer"], kind="vulns.import", label="Nhập bản quét t.nessus",
                             state=Job.State.RUNNING, started_at=clock.now(), step="Đang xử lý")
    reporter, c, pages = jobs.Progress(job), client_for("unit_officer"), []

    def progress(percent, step=""):
        reporter(percent, step)
        pages.append(c.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode())

    run(world, nessus_of(FULL), progress=progress)
    assert any("Đã xử lý 2.000/3.600 phát hiện" in page for page in pages)
    assert "Đang đóng các lỗ hổng không còn thấy" in pages[-1]


def test_count_hint_counts_findings_across_chunks():
    from attt.vulns.scanparse import count_hint

    data = nessus_of(FULL)
    assert count_hint("nessus", io.BytesIO(data), chunk=7) == 3600
    assert count_hint("csv", io.BytesIO(b"host,title,severity\n1,a,low\n2,b,high")) == 2
    assert count_hint("nmap", io.BytesIO(b"<nmaprun/>")) is None
