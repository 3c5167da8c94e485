"""Background work of the vulnerability module: the daily reopening of findings whose accepted
risk expired (00:20 local time, before the day's work)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="0", minute="20"))
def expire_risk_acceptances() -> dict:
    from .services.findings import risk_acceptances_expire

    return risk_acceptances_expire()
