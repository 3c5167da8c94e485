"""Importing one Nessus file of 100,000 findings (issue 15: ≤ 40 s on SQLite, ≤ 20 s on PostgreSQL,
peak RSS ≤ 200 MB, constant queries per batch; re-import ≤ 10 s). Generates the file on disk
(streamed), imports it with the service the job runs, then imports it again. Prints seconds, peak
RSS (getrusage: C allocations count too), the RSS before the import, queries per batch of 1,000,
and the first page of the findings list for a unit officer. Prints; never asserts.

    .venv/bin/python bench/bench_scans.py [--findings 100000 --hosts 500 --unmatched-hosts 0 --no-soc]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/h_vulns .venv/bin/python bench/bench_scans.py
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import setup_django


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """The peak RSS since the last reset_peak() (VmHWM), else of the whole process (getrusage)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the peak RSS, so the figure is the import's alone."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def write_nessus(path: Path, findings: int, hosts: int, unmatched: int = 0, skip_every: int = 0) -> None:
    """`unmatched` of the hosts are outside the system's range (10.78.x.x): their findings are kept pending.
    `skip_every` N leaves out every Nth item (a later scan in which those were fixed)."""
    per = findings // hosts
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" ?>\n<NessusClientData_v2>\n<Report name="bench">\n')
        n = 0
        for h in range(hosts):
            ip = f"10.{78 if h < unmatched else 77}.{h // 250}.{h % 250 + 1}"
            out.write(f'<ReportHost name="{ip}"><HostProperties><tag name="host-ip">{ip}</tag>'
                      f'<tag name="host-fqdn">host{h}.bench.gov.vn</tag></HostProperties>\n')
            count = per if h < hosts - 1 else findings - n
            for i in range(count):
                if skip_every and i % skip_every == skip_every - 1:
                    continue
                sev = (0, 0, 1, 2, 2, 3, 4)[i % 7]
                out.write(f'<ReportItem port="{(i % 40) + 1}" svc_name="svc" protocol="tcp" severity="{sev}" '
                          f'pluginID="{10000 + i}" pluginName="Bench plugin {i} on port {(i % 40) + 1}">'
                          f'<cve>CVE-2024-{20000 + i}</cve><risk_factor>Medium</risk_factor>'
                          f'<description>Synthetic finding {i} for the import benchmark; the remote service '
                          f'version is affected by several issues.</description>'
                          f'<solution>Upgrade to the latest version.</solution>'
                          f'<plugin_output>Installed version : 1.{i % 9}\nFixed version : 2.0</plugin_output>'
                          f'</ReportItem>\n')
            n += count
            out.write("</ReportHost>\n")
        out.write("</Report>\n</NessusClientData_v2>\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--unmatched-hosts", type=int, default=0,
                        help="hosts outside every system's addresses (their findings are kept pending)")
    parser.add_argument("--later-skip", type=int, default=10,
                        help="a third import: the same file less every Nth finding (those close); 0 to skip it")
    parser.add_argument("--no-soc", action="store_true", help="skip the SOC intake figure")
    args = parser.parse_args()
    setup_django("scans")
    from django.db import connection

    from attt.orgs import services as orgs
    from attt.orgs.models import Organisation as O
    from attt.systems.models import System
    from attt.vulns import selectors
    from attt.vulns.models import Finding, SystemAddress
    from attt.vulns.services import scan_import
    from attt.vulns.services.matching import normalise

    run = int(time.time()) % 100000
    province = orgs.org_create(actor=None, parent=None, code=f"VB{run}", name=f"Tỉnh Đo Quét {run}",
                               kind=O.Kind.PROVINCE)
    unit = orgs.org_create(actor=None, parent=province, code=f"VB{run}-X", name="Xã Đo Quét", kind=O.Kind.COMMUNE)
    system = System(name="Hệ thống đo quét", owner=unit, operator=unit, approved_level=3)
    system.save()
    value, start, end, name = normalise("cidr", "10.77.0.0/16")
    SystemAddress(system=system, kind="cidr", value=value, ip_start=start, ip_end=end, name=name).save()
    user, _ = orgs.user_create(actor=None, username=f"vb{run}", password="Mật-khẩu-đo-đạc-123")
    orgs.membership_grant(actor=None, user=user, organisation=unit, role="unit_officer")

    path = Path(tempfile.mkdtemp(prefix="attt-bench-scan-")) / "bench.nessus"
    started = time.perf_counter()
    write_nessus(path, args.findings, args.hosts, args.unmatched_hosts)
    print(f"database: {connection.vendor}; file: {path.stat().st_size / 1048576:.1f} MB, {args.findings:,} findings, "
          f"{args.hosts} hosts (generated in {time.perf_counter() - started:.1f} s)")

    queries = [0]
    by_kind: dict[str, float] = {}

    def count(execute, sql, params, many, context):
        queries[0] += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kind = sql.split(None, 1)[0].upper() + (" many" if many else "")
            by_kind[kind] = by_kind.get(kind, 0.0) + time.perf_counter() - started

    later = path.with_name("later.nessus")
    if args.later_skip:
        write_nessus(later, args.findings, args.hosts, args.unmatched_hosts, args.later_skip)
    runs = [("import", path), ("re-import", path)] + ([("later scan", later)] if args.later_skip else [])
    for label, source in runs:
        if label != "import" and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum would have done after the first import
                cursor.execute("ANALYZE vulns_finding")
        marks, steps = [], []

        def progress(percent, step=""):
            marks.append(queries[0])
            steps.append(str(step))

        rss_before = rss_mb()
        reset_peak()
        queries[0] = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            with open(source, "rb") as handle:
                scan = scan_import(actor=user, organisation=unit, stream=handle, filename=source.name,
                                   progress=progress)
            seconds = time.perf_counter() - started
        per_batch = sorted({b - a for a, b in zip(marks[1:-2], marks[2:-1])})
        s = scan.summary
        print(f"{label}: {seconds:.1f} s; RSS before {rss_before:.0f} MB, peak {peak_rss_mb():.0f} MB; "
              f"{queries[0]} queries in all, per batch of 1,000: {per_batch}; new {s['new']:,}, known {s['known']:,}, "
              f"closed {s['closed']:,}, pending {s.get('pending', 0):,}")
        print(f"  progress reports: {len(marks)}, last batch step: {steps[-2] if len(steps) > 1 else ''}")
        print("  time in the database by statement: " + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(by_kind.items())))
        by_kind.clear()
    if args.unmatched_hosts:
        from attt.vulns.models import HostAssignment, PendingFinding
        from attt.vulns.services import host_assign

        pending = PendingFinding.objects.count()
        reset_peak()
        started = time.perf_counter()
        landed = 0
        for assignment in HostAssignment.objects.filter(organisation=unit, system__isnull=True):
            landed += sum(host_assign(actor=user, assignment=assignment, system=system).landed.values())
        print(f"assigning {args.unmatched_hosts} hosts: {pending:,} pending findings landed ({landed:,}) in "
              f"{time.perf_counter() - started:.1f} s; peak RSS {peak_rss_mb():.0f} MB")
    print(f"findings stored: {Finding.objects.count():,}")
    for label, kwargs in (("findings list, first page", {}), ("critical, overdue", {"severity": 4, "overdue": True})):
        times = []
        for _ in range(10):
            started = time.perf_counter()
            selectors.finding_page(selectors.finding_list(user=user, **kwargs), 51)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"{label}: p50 {times[4]:.1f} ms, p95 {times[-1]:.1f} ms")
    started = time.perf_counter()
    selectors.open_by_severity_per_unit(user)
    print(f"open findings by severity per unit: {(time.perf_counter() - started) * 1000:.1f} ms")
    if not args.no_soc:
        soc_intake(unit, user, args.hosts)
    return 0


def soc_intake(unit, user, hosts: int, requests: int = 10, per_request: int = 1000) -> None:
    """SOC alerts through the service the endpoint calls: `requests` bodies of `per_request` Wazuh
    alerts each (one JSON list a request), every alert new; prints alerts per second."""
    import json

    from attt.vulns.services import alerts_ingest

    from attt.vulns.models import SocSource
    from attt.vulns.services.soc import hash_key

    source = SocSource.objects.create(organisation=unit, name="SOC đo đạc", key_hash=hash_key(f"soc_bench{time.time()}"))
    bodies = []
    for r in range(requests):
        bodies.append(json.dumps([{"id": f"{r}.{i}", "timestamp": "2026-03-02T09:00:00+0700",
                                   "rule": {"id": str(5700 + i % 50), "level": 3 + i % 10,
                                            "description": f"Cảnh báo đo đạc {i % 50}"},
                                   "agent": {"name": f"host{i % hosts}.bench.gov.vn",
                                             "ip": f"10.77.{(i % hosts) // 250}.{(i % hosts) % 250 + 1}"}}
                                  for i in range(per_request)]).encode())
    started = time.perf_counter()
    for body in bodies:
        alerts_ingest(source=source, body=body, content_type="application/json")
    seconds = time.perf_counter() - started
    print(f"SOC intake: {requests * per_request:,} alerts in {requests} requests: {seconds:.1f} s, "
          f"{requests * per_request / seconds:,.0f} alerts/s")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
