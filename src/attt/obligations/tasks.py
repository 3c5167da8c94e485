"""Daily background work: extend occurrences over the horizon and note the overdue ones."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import generation


@db_periodic_task(crontab(hour="1", minute="15"))
def daily_duties() -> dict:
    created = generation.generate_occurrences()
    overdue = generation.mark_overdue()
    return {"created": created, "overdue": overdue}
