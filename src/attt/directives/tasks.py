"""Background work: the daily reminders (đôn đốc) at 07:00."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour=7, minute=0))
def send_directive_reminders():
    from . import services

    return services.reminders_send_due()
