"""Background work: the daily reminder of overdue legal clocks (07:30)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour=7, minute=30))
def remind_overdue_incident_clocks() -> int:
    from .services.clock_reminders import clock_reminders_send

    return clock_reminders_send()
