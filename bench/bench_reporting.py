"""The province report and the dashboard for one province with 1,200 units and 5,000 systems
(from `attt seed`): time and peak Python memory (tracemalloc) of each step. Prints; never asserts.

    python bench/bench_reporting.py [--units 1200 --systems 5000]

Set DATABASE_URL to measure on PostgreSQL. The report streams rows: providers yield rows, the
report stores them in batches of 1,000, and the exports read them back with iterators and
write XLSX in write-only mode, so memory stays flat as the province grows.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc

from common import measure, print_rows, setup_django


def step(label, fn, again=None):
    """Time `fn` without tracing (tracemalloc slows Python down several times), then measure the
    peak memory of `again` (or `fn`) under tracemalloc."""
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    (again or fn)()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<52}{elapsed:>8.2f} s{peak / 1024 / 1024:>9.1f} MB peak")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1200)
    ap.add_argument("--systems", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    data = setup_django("reporting")
    from django.db import connection
    from django.test import Client

    from attt import seed
    from attt.core import clock
    from attt.orgs.models import Organisation, User
    from attt.reporting import selectors, services
    from attt.reporting.exports import docx, pdf, xlsx
    from attt.reporting.models import Report, ReportRow
    from attt.reporting.periods import containing
    from attt.systems.models import System

    started = time.perf_counter()
    seed.run(provinces=1, units=args.units, users=50, systems=args.systems, out=print)
    province = Organisation.objects.filter(code__startswith="SEED-", depth=0).order_by("pk").first()
    print(f"seed: {Organisation.objects.filter(parent=province).count()} units, "
          f"{System.objects.filter(owner__path__startswith=province.path).count()} systems, "
          f"{Report.objects.filter(organisation__parent=province, status='submitted').count()} submitted unit reports "
          f"in {time.perf_counter() - started:.1f} s on {connection.vendor} ({data})")
    specialist = User.objects.filter(memberships__role="specialist", memberships__organisation=province).first()
    period = containing(clock.today())
    print(f"\nperiod {period.code}, as {specialist.username}")
    print(f"  {'step':<52}{'time':>10}{'memory':>17}")
    report = step("province report: generate (all sections)", lambda: services.report_create(
        actor=specialist, organisation=province, period=period, kind=Report.Kind.PROVINCE),
        again=lambda: services.report_generate(actor=specialist, report=Report.objects.get(
            organisation=province, kind=Report.Kind.PROVINCE, status="draft")))
    print(f"    stored rows: {ReportRow.objects.filter(report=report).count()}")
    step("province report: regenerate", lambda: services.report_generate(actor=specialist, report=report))
    out_dir = tempfile.mkdtemp(prefix="attt-bench-exports-")
    for fmt, writer in (("xlsx", xlsx.write), ("docx", docx.write), ("pdf", pdf.write)):
        path = os.path.join(out_dir, f"province.{fmt}")

        def write(path=path, writer=writer):
            with open(path, "wb") as fh:
                writer(report, fh)

        step(f"province report: export {fmt.upper()}", write)
        print(f"    {os.path.getsize(path) / 1024:.0f} KB")
    step("dashboard: figures (selector)", lambda: selectors.dashboard(user=specialist, period=period))
    client = Client()
    client.force_login(specialist)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(specialist, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    rows = [measure(client, url, runs=args.runs) for url in (
        f"/reports/dashboard/?period={period.code}", f"/reports/dashboard/figure/antimalware/?period={period.code}",
        f"/reports/{report.pk}/", "/reports/list/")]
    print_rows("pages (as the specialist)", rows)


if __name__ == "__main__":
    main()
