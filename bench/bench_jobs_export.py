"""Report exports as background jobs: the province report of one seeded province (1,200 units,
5,000 systems by default) exported to XLSX, DOCX and PDF, each job run by a fresh worker process
(as `attt worker` would), printing the job time (from the job record) and the peak RSS of that
worker process (VmHWM: C allocations such as lxml count too; not tracemalloc) and, for PDF,
the peak RSS of the LibreOffice process tree the worker starts (the sum over every descendant
process, sampled every 0.2 s from /proc). Prints; never asserts.

    python bench/bench_jobs_export.py [--units 1200 --systems 5000] [--formats pdf] [--pdf-timeout 900]

Set DATABASE_URL to measure on PostgreSQL; ATTT_BENCH_DIR to reuse a data directory.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from common import ROOT, setup_django

WORKER = """
import json, os, resource, sys, threading, time
import django
django.setup()
from attt.core import jobs
from attt.core.models import Job
from django.urls import get_resolver
get_resolver().url_patterns
PAGE = resource.getpagesize()
tree = {"peak_mb": 0.0, "procs": 0}
done = threading.Event()

def descendants_rss():
    parent = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                parent[int(pid)] = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    mine, grew = {os.getpid()}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in mine and p not in mine}
        mine |= more
        grew = bool(more)
    mine.discard(os.getpid())
    total = 0
    for pid in mine:
        try:
            total += int(open(f"/proc/{pid}/statm").read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total / 2**20, len(mine)

def sample():
    while not done.wait(0.2):
        mb, n = descendants_rss()
        if mb > tree["peak_mb"]:
            tree["peak_mb"], tree["procs"] = mb, n

threading.Thread(target=sample, daemon=True).start()
def hwm():
    # The peak RSS of this process image (VmHWM). Not getrusage's ru_maxrss: that survives execve,
    # so a worker started by a large parent would report the parent's size.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

idle = hwm()
state = jobs.run(int(sys.argv[1]))
done.set()
job = Job.objects.get(pk=int(sys.argv[1]))
after = int(open("/proc/self/statm").read().split()[1]) * PAGE / 2**20
print(json.dumps({"state": state, "error": job.error, "name": job.result_name, "after_mb": after,
                  "size": job.result_file.size if job.result_file else 0,
                  "seconds": (job.finished_at - job.started_at).total_seconds(), "idle_mb": idle,
                  "peak_mb": hwm(),
                  "tree_peak_mb": tree["peak_mb"], "tree_procs": tree["procs"],
                  "child_max_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1200)
    ap.add_argument("--systems", type=int, default=5000)
    ap.add_argument("--formats", default="xlsx,docx,pdf", help="comma-separated, among xlsx, docx, pdf")
    ap.add_argument("--pdf-timeout", type=int, default=0, help="ATTT_PDF_TIMEOUT for the worker (seconds)")
    args = ap.parse_args()
    data = setup_django("jobs-export")
    from django.db import connection

    from attt import seed
    from attt.core import clock
    from attt.orgs.models import Organisation, User
    from attt.reporting import jobs as report_jobs
    from attt.reporting import services
    from attt.reporting.models import Report
    from attt.reporting.periods import containing

    province = Organisation.objects.filter(code__startswith="SEED-", depth=0).order_by("pk").first()
    if province is None:
        started = time.perf_counter()
        seed.run(provinces=1, units=args.units, users=50, systems=args.systems, out=lambda *a: None)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        province = Organisation.objects.filter(code__startswith="SEED-", depth=0).order_by("pk").first()
    specialist = User.objects.filter(memberships__role="specialist", memberships__organisation=province).first()
    period = containing(clock.today())
    report = (Report.objects.filter(organisation=province, kind=Report.Kind.PROVINCE, status="draft").first()
              or services.report_create(actor=specialist, organisation=province, period=period,
                                        kind=Report.Kind.PROVINCE))
    units = Organisation.objects.filter(parent=province).count()
    print(f"{connection.vendor}; province report of {units} units; data in {data}")
    print(f"  {'job':<22}{'state':>7}{'job time':>11}{'idle RSS':>11}{'peak RSS':>11}{'RSS after':>11}{'file':>10}")
    from attt.reporting.models import ReportRow

    annex_rows = ReportRow.objects.filter(report=report).count()
    print(f"  annex rows in the report: {annex_rows}")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if args.pdf_timeout:
        env["ATTT_PDF_TIMEOUT"] = str(args.pdf_timeout)
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        job = report_jobs.report_export_start(actor=specialist, report=report, fmt=fmt)
        out = subprocess.run([sys.executable, "-c", WORKER, str(job.pk)], env=env, capture_output=True, text=True)
        if out.returncode:
            print(f"  export {fmt}: worker failed\n{out.stderr[-1500:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  export {fmt.upper():<15}{r['state']:>7}{r['seconds']:>9.2f} s{r['idle_mb']:>8.0f} MB"
              f"{r['peak_mb']:>8.0f} MB{r['after_mb']:>8.0f} MB{r['size'] / 1024:>7.0f} KB" + (f"  {r['error']}" if r["error"] else ""))
        if r["tree_procs"]:
            print(f"    child processes (LibreOffice): peak RSS of the tree {r['tree_peak_mb']:.0f} MB over "
                  f"{r['tree_procs']} processes; largest single child {r['child_max_mb']:.0f} MB")


if __name__ == "__main__":
    main()
