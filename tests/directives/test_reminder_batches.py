"""Reminders at scale: sent in short batches, one audit event per batch with its counts, and the
audit-chain lock (taken by the batch's audit event, held until the batch commits) held briefly,
so that an unrelated audited write waits at most one batch's tail, never the whole run."""
from __future__ import annotations

import datetime as dt
import time

from django.db import connection

from attt.core import clock
from attt.core.models import AuditEvent, Job
from attt.directives import services
from attt.directives.models import Assignment, Notification, Reminder, Task
from attt.directives.services.reminders import BATCH

EXTRA_TASKS = 220  # x 5-6 late units each: over 1,100 late assignments, six batches


def _grow(directive):
    """Copies of one late task (and its assignments), so that one directive has >1,000 late ones."""
    model = directive.tasks.get(ref="1.-end")
    rows = list(Assignment.objects.filter(task=model))
    tasks = []
    for n in range(EXTRA_TASKS):
        task = Task.objects.get(pk=model.pk)
        task.pk = task.id = None
        task.ref, task.position = f"x{n}", 1000 + n
        tasks.append(task)
    tasks = Task.objects.bulk_create(tasks)
    copies = []
    for task in tasks:
        for a in rows:
            a = Assignment.objects.get(pk=a.pk)
            a.pk = a.id = None
            a.task = task
            copies.append(a)
    Assignment.objects.bulk_create(copies, batch_size=500)
    return len(copies) + len(rows)


class Batches:
    """Watches the SQL of a run: each top-level savepoint (a transaction in production) is a
    batch; the audit-chain lock is the SELECT on core_audithead, held until the batch ends."""

    def __init__(self):
        self.depth, self.started, self.locked, self.batches = 0, None, None, []

    def __call__(self, execute, sql, params, many, context):
        now = time.perf_counter()
        head = sql.strip().upper()
        if head.startswith("SAVEPOINT"):
            if self.depth == 0:
                self.started, self.locked = now, None
            self.depth += 1
        elif head.startswith("RELEASE SAVEPOINT") or head.startswith("ROLLBACK TO SAVEPOINT"):
            result = execute(sql, params, many, context)
            if head.startswith("RELEASE"):
                self.depth -= 1
                if self.depth == 0:
                    end = time.perf_counter()
                    self.batches.append({"transaction": end - self.started,
                                         "lock": (end - self.locked) if self.locked else 0.0})
            return result
        elif "core_audithead" in sql and self.locked is None and self.depth:
            self.locked = now
        return execute(sql, params, many, context)


def test_daily_reminders_run_in_short_batches(world, published, django_capture_on_commit_callbacks):
    late = _grow(published)
    clock.travel_to(dt.date(2025, 8, 21))
    events_before = AuditEvent.objects.filter(action="directive.remind").count()
    watch = Batches()
    started = time.perf_counter()
    with connection.execute_wrapper(watch), django_capture_on_commit_callbacks(execute=True):
        result = services.reminders_send_due()
    wall = time.perf_counter() - started
    overdue = Reminder.objects.filter(kind="overdue").count()
    assert result["overdue"] == overdue >= late > 1000
    events = AuditEvent.objects.filter(action="directive.remind").order_by("pk")[events_before:]
    assert sum(e.changes["count"] for e in events) == overdue
    assert len(events) == -(-overdue // BATCH)  # one event per batch of BATCH
    own = Reminder.objects.filter(kind="overdue", assignment__organisation=world.org("commune_a")).count()
    assert Notification.objects.filter(user=world.users["unit_officer"], title__startswith="Quá hạn").count() == own > 200
    writing = [b for b in watch.batches if b["lock"]]
    assert len(writing) == len(events)
    longest_lock = max(b["lock"] for b in writing)
    longest_batch = max(b["transaction"] for b in writing)
    print(f"\n[reminders] {overdue} in {wall:.2f} s, {len(writing)} batches, longest batch "
          f"{longest_batch * 1000:.0f} ms, audit lock held at most {longest_lock * 1000:.1f} ms")
    # An unrelated audited write waits at most one batch's lock (ms), not the run (seconds).
    assert longest_lock < 0.25 and longest_lock < wall / 5
    assert send_again_is_idempotent()


def send_again_is_idempotent() -> bool:
    return services.reminders_send_due() == {"before": 0, "overdue": 0}


def test_remind_late_units_is_a_job(world, published, client_for, django_capture_on_commit_callbacks):
    _grow(published)
    clock.travel_to(dt.date(2025, 8, 21))
    client = client_for("specialist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/directives/{published.pk}/remind/")
    assert response.status_code == 302
    job = Job.objects.get(kind="directives.remind")
    manual = Reminder.objects.filter(kind="manual", sent_by=world.users["specialist"]).count()
    assert job.state == Job.State.DONE and manual > 1000
    assert job.result_text == f"Đã đôn đốc {manual} việc quá hạn."
    page = client.get(response["Location"]).content.decode()
    assert f"Đã đôn đốc {manual} việc quá hạn." in page
    # the auditor may not start it
    assert client_for("auditor").post(f"/directives/{published.pk}/remind/").status_code in (403, 404)
    assert Job.objects.filter(kind="directives.remind").count() == 1
