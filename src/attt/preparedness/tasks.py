"""Periodic work, daily: contract expiry and plan review reminders, expired hosting attestations."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="1", minute="40"))
def daily_preparedness() -> dict:
    from . import hosting
    from .reminders import contracts_remind, plans_remind

    return {"contracts": contracts_remind(), "plans": plans_remind(), **hosting.attestations_expire()}
