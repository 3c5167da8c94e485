"""Reminders (đôn đốc): before the deadline, when overdue, by hand; idempotent per day."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from attt.core import clock
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.directives import services
from attt.directives.models import Assignment, Notification, Reminder


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.reminders_send_due(**kwargs)
    return run


def test_before_deadline_once_then_overdue(world, published, send):
    commune_end = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    clock.travel_to(dt.date(2025, 8, 16))  # 4 days before 20/8: nothing for 1.-end yet
    send()
    assert not Reminder.objects.filter(assignment=commune_end).exists()
    clock.travel_to(dt.date(2025, 8, 17))  # 3 days before (the default N)
    mail.outbox.clear()
    result = send()
    reminder = Reminder.objects.get(assignment=commune_end)
    assert reminder.kind == "before" and reminder.day == dt.date(2025, 8, 17)
    assert "unit_officer@test.local" in reminder.emails
    assert any("unit_officer@test.local" in m.to and "Sắp đến hạn" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(user=world.users["unit_officer"], assignment=commune_end).exists()
    assert result["before"] >= 5
    # one audit event per batch, with its counts (not one per reminder)
    events = AuditEvent.objects.filter(action="directive.remind")
    assert sum(e.changes["count"] for e in events) == Reminder.objects.count() and events.count() <= 2
    # the same day again, and the next day: no second "before" reminder
    assert send() == {"before": 0, "overdue": 0}
    clock.travel_to(dt.date(2025, 8, 18))
    send()
    assert Reminder.objects.filter(assignment=commune_end, kind="before").count() == 1
    # after the deadline: overdue, then again only after a week
    clock.travel_to(dt.date(2025, 8, 21))
    send()
    assert Reminder.objects.filter(assignment=commune_end, kind="overdue").count() == 1
    clock.travel_to(dt.date(2025, 8, 25))
    send()
    assert Reminder.objects.filter(assignment=commune_end, kind="overdue").count() == 1
    clock.travel_to(dt.date(2025, 8, 28))
    send()
    assert Reminder.objects.filter(assignment=commune_end, kind="overdue").count() == 2


def test_overdue_repeat_interval_is_a_setting(world, published, send, settings):
    settings.DIRECTIVE_OVERDUE_REPEAT_DAYS = 2
    commune_end = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    for day, expected in ((21, 1), (22, 1), (23, 2), (24, 2), (25, 3)):
        clock.travel_to(dt.date(2025, 8, day))
        send()
        assert Reminder.objects.filter(assignment=commune_end, kind="overdue").count() == expected, day


def test_done_units_are_not_reminded(world, published, send):
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    services.assignment_respond(actor=world.users["unit_officer"], assignment=own, status="done")
    clock.travel_to(dt.date(2025, 8, 25))
    send()
    assert not Reminder.objects.filter(assignment=own).exists()
    assert Reminder.objects.filter(assignment__task__ref="1.-end", kind="overdue").count() == 4


def test_days_before_is_data_per_directive(world, published, send):
    services.directive_update(actor=world.users["specialist"], directive=published, remind_days_before=7)
    clock.travel_to(dt.date(2025, 8, 13))
    send()
    assert Reminder.objects.filter(assignment__task__ref="1.-end", kind="before").count() == 5


def test_manual_remind_all_late_units(world, published, django_capture_on_commit_callbacks):
    specialist = world.users["specialist"]
    clock.travel_to(dt.date(2025, 8, 21))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.directive_remind_late(actor=specialist, directive=published)
    assert count == 5 + 1  # 1.-end for five units, police 2.3 (15/8)
    assert Reminder.objects.filter(kind="manual", sent_by=specialist).count() == 6
    assert mail.outbox
    assert services.directive_remind_late(actor=specialist, directive=published) == 0  # same day: idempotent
    with pytest.raises(PermissionDenied):
        services.directive_remind_late(actor=world.users["auditor"], directive=published)


def test_manual_remind_needs_a_published_directive(world, imported):
    with pytest.raises(DomainError, match="chưa giao việc"):
        services.directive_remind_late(actor=world.users["specialist"], directive=imported)


def test_the_periodic_task_runs_the_service(world, published):
    from attt.directives.tasks import send_directive_reminders

    clock.travel_to(dt.date(2025, 8, 21))
    send_directive_reminders.call_local()
    assert Reminder.objects.filter(kind="overdue").count() == 6
    assert send_directive_reminders.call_local() == {"before": 0, "overdue": 0}
