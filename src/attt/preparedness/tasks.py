"""Periodic work: contract expiry reminders and expired hosting attestations, daily."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="1", minute="40"))
def daily_preparedness() -> dict:
    from . import hosting
    from .reminders import contracts_remind

    return {"contracts": contracts_remind(), **hosting.attestations_expire()}
