"""Background work of the vulnerability module: the daily reopening of findings whose accepted
risk expired, at 00:20 Vietnam time (Huey reads crontabs in UTC: 17:20 UTC), before the day's work."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="17", minute="20"))
def expire_risk_acceptances() -> dict:
    from .services.findings import risk_acceptances_expire

    return risk_acceptances_expire()
