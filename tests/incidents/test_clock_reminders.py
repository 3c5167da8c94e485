"""The daily reminder of overdue legal clocks to the province's specialists."""
import datetime as dt

import pytest
from django.core import mail

from attt.core import clock
from attt.core.models import AuditEvent
from attt.incidents import services
from attt.incidents.models import ClockReminder

from .factories import make_incident

pytestmark = pytest.mark.django_db
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.clock_reminders_send(**kwargs)
    return go


@pytest.fixture
def late_incident(world):
    clock.travel_to(dt.datetime(2026, 9, 1, 9, 0, tzinfo=VN))  # an hour after detection
    incident = make_incident(world, detected_at=dt.datetime(2026, 9, 1, 8, 0, tzinfo=VN))  # new regime: 72 h
    yield incident
    clock.set_offset(dt.timedelta(0))


def test_overdue_clock_mails_the_specialists_once_a_day(world, late_incident, run):
    mail.outbox.clear()
    assert run(now=dt.datetime(2026, 9, 4, 7, 59, tzinfo=VN)) == 0  # 72 h not yet over
    assert run(now=dt.datetime(2026, 9, 4, 8, 30, tzinfo=VN)) == 1
    reminder = ClockReminder.objects.get(incident=late_incident)
    assert reminder.clock_id == "report" and reminder.day == dt.date(2026, 9, 4)
    assert reminder.emails == ["specialist@test.local"]
    assert [m.to for m in mail.outbox] == [["specialist@test.local"]]
    assert "Quá hạn báo cáo sự cố #" in mail.outbox[0].subject and "Hạn: 08:00 04/09/2026" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="incident.clock_remind")  # one per batch, with its counts
    assert event.changes["count"] == 1 and event.changes["reminders"][0]["incident"] == late_incident.pk
    # the same day again: nothing; the next day: once more
    assert run(now=dt.datetime(2026, 9, 4, 18, 0, tzinfo=VN)) == 0
    assert run(now=dt.datetime(2026, 9, 5, 7, 30, tzinfo=VN)) == 1
    assert ClockReminder.objects.count() == 2 and len(mail.outbox) == 2


def test_reported_incidents_are_not_reminded(world, late_incident, run):
    clock.travel_to(dt.datetime(2026, 9, 5, 10, 0, tzinfo=VN))
    services.incident_mark_notified(actor=world.users["specialist"], incident=late_incident,
                                    recipients="A05 Bộ Công an")
    assert run(now=dt.datetime(2026, 9, 6, 7, 30, tzinfo=VN)) == 0
    assert not ClockReminder.objects.exists()


def test_the_periodic_task_runs_the_service(world, late_incident):
    from attt.incidents.tasks import remind_overdue_incident_clocks

    clock.travel_to(dt.datetime(2026, 9, 10, 10, 0, tzinfo=VN))
    assert remind_overdue_incident_clocks.call_local() == 1
    assert remind_overdue_incident_clocks.call_local() == 0
