"""Publishing a dispatch to a whole province as a background job: 129 units, 1,544 assignments and
the recurring duties of one quarterly task (issue 11: "≤ 2 s of job time"). Prints the job time
(from the job record), the time of each step, queries, rows made and the peak RSS of the process
(resource.getrusage, so lxml and other C allocations count too). Prints; never asserts.

    python bench/bench_publish.py [--communes 100 --departments 29 --runs 1]

Set DATABASE_URL to measure on PostgreSQL (a throw-away database: the bench migrates it).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time

from common import setup_django


def rss_mb() -> float:
    """Current resident set size of this process (Linux /proc), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


TEXT = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH ĐO ĐẠC {run}                   Độc lập - Tự do - Hạnh phúc

Số: {run}/UBND-KGVX             Đo Đạc, ngày 05 tháng 3 năm 2026

V/v tăng cường bảo đảm an toàn thông tin mạng

Kính gửi:
- Các sở, ban, ngành;
- Ủy ban nhân dân các xã, phường.

1. Các sở, ban, ngành, Ủy ban nhân dân các xã, phường

Rà soát hệ thống thông tin đang quản lý, gửi kết quả về Công an tỉnh trước ngày 20/3/2026.
"""


def build(args, run: int):
    """A province with `communes` + `departments` units, a specialist, and a dispatch whose tasks give
    1,544 assignments at 129 units (11 tasks to every unit, one to the communes, one to 25 departments)
    and a quarterly report to every unit (a recurring duty per unit)."""
    import datetime as dt

    from attt.directives import services as directives
    from attt.directives.models import Task, TaskDeadline
    from attt.orgs import services
    from attt.orgs.models import Organisation as O

    code = f"B{run}"
    province = services.org_create(actor=None, parent=None, code=code, name=f"Tỉnh Đo Đạc {run}", kind=O.Kind.PROVINCE)
    police = services.org_create(actor=None, parent=province, code=f"{code}-CA", name=f"Công an tỉnh Đo Đạc {run}",
                                 kind=O.Kind.POLICE)
    for i in range(args.communes):
        services.org_create(actor=None, parent=province, code=f"{code}-X{i}", name=f"Xã Đo Đạc {i}", kind=O.Kind.COMMUNE)
    departments = []
    for i in range(args.departments):
        departments.append(services.org_create(actor=None, parent=province, code=f"{code}-S{i}",
                                               name=f"Sở Đo Đạc {i}", kind=O.Kind.DEPARTMENT).name)
    # one officer per unit (without a usable password: they only receive the notifications)
    from attt.orgs.models import Membership, User

    units = list(O.objects.filter(parent=province).exclude(kind=O.Kind.POLICE))
    officers = User.objects.bulk_create([User(username=f"b{run}-{u.code}", password="!") for u in units])
    Membership.objects.bulk_create([Membership(user=o, organisation=u, role="unit_officer", scope_path=u.path)
                                    for o, u in zip(officers, units)])
    user, _ = services.user_create(actor=None, username=f"bench{run}", password="Mật-khẩu-đo-đạc-123")
    services.membership_grant(actor=None, user=user, organisation=police, role="specialist")
    directive = directives.directive_import(actor=user, data=TEXT.format(run=run).encode(), filename=f"cv{run}.txt")
    directive.tasks.all().delete()
    everyone = ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    # 11 × 129 + 100 + 25 = 1,544 assignments; duties: a quarterly report of every unit (4 a year) and
    # a yearly one of the communes and of 25 departments: 129 × 4 + 100 + 25 = 641 occurrences
    plan = [(everyone, None)] * 10 + [(everyone, 3), (["Ủy ban nhân dân các xã, phường"], 12),
                                      (departments[:25], 12)]
    for position, (assignees, every) in enumerate(plan, start=1):
        task = Task.objects.create(directive=directive, position=position, ref=str(position), assignees=assignees,
                                   text=f"Nhiệm vụ số {position} về bảo đảm an toàn thông tin mạng",
                                   due_on=None if every else dt.date(2026, 3, 20))
        if every == 3:
            TaskDeadline.objects.create(task=task, kind="recurring", every_months=3, due_day=15,
                                        due_month_of_period="last", text="hằng quý, trước ngày 15 tháng cuối quý")
        elif every == 12:
            TaskDeadline.objects.create(task=task, kind="recurring", every_months=12, due_day=15, due_month=12,
                                        text="hằng năm, trước ngày 15/12")
    return user, directive


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=100)
    ap.add_argument("--departments", type=int, default=29)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--queries", action="store_true", help="print the most repeated queries")
    args = ap.parse_args()
    setup_django("publish")
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from attt.core import jobs
    from attt.core.models import AuditEvent, Job
    from attt.directives import services as directives
    from attt.directives.models import Assignment, Notification
    from attt.obligations.models import DutyRule, Occurrence

    print(f"database: {connection.vendor}; {args.communes + args.departments} units; Python {sys.version.split()[0]}")
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        user, directive = build(args, run)
        print(f"\nrun {run}: built the province and the dispatch in {time.perf_counter() - started:.1f} s")
        job = directives.directive_publish_start(actor=user, directive=directive)
        from django.urls import get_resolver

        get_resolver().url_patterns  # a running consumer has its URLs loaded (core.tasks.load_urls)
        rss_before, events_before = rss_mb(), AuditEvent.objects.count()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            wall = time.perf_counter()
            state = jobs.run(job.pk)  # what the Huey consumer calls
            wall = time.perf_counter() - wall
        job = Job.objects.get(pk=job.pk)
        job_time = (job.finished_at - job.started_at).total_seconds()
        print(f"  job state {state}: {job.result_text or job.error}")
        print(f"  job time (record)      {job_time:8.2f} s")
        print(f"  wall time of run()     {wall:8.2f} s")
        print(f"  queries                {len(queries.captured_queries):8d}")
        if args.queries:
            from collections import Counter

            for sql, n in Counter(q["sql"][:110] for q in queries.captured_queries).most_common(8):
                print(f"    {n:5d} × {sql}")
        print(f"  assignments            {Assignment.objects.filter(directive=directive).count():8d}")
        print(f"  notifications          {Notification.objects.count():8d}")
        print(f"  duty rules             {DutyRule.objects.filter(source_task__directive=directive).count():8d}")
        print(f"  duty occurrences       {Occurrence.objects.filter(rule__source_task__directive=directive).count():8d}")
        print(f"  audit events written   {AuditEvent.objects.count() - events_before:8d}")
        print(f"  RSS before the job     {rss_before:8.1f} MB")
        print(f"  RSS after the job      {rss_mb():8.1f} MB")
        print(f"  peak RSS of process    {peak_rss_mb():8.1f} MB")


if __name__ == "__main__":
    main()
