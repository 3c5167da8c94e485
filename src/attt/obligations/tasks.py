"""Background work on duties: the daily extension of occurrences, and the same work fanned out
as one job per unit (after a rule change on a large province, or a restore), so that every Huey
consumer on every machine shares it."""
import os
import socket

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from attt.core import audit

from . import generation


@db_periodic_task(crontab(hour="1", minute="15"))
def daily_duties() -> dict:
    created = generation.generate_occurrences()
    overdue = generation.mark_overdue()
    return {"created": created, "overdue": overdue}


def unit_ids() -> list[int]:
    from attt.orgs.models import Organisation

    return list(Organisation.objects.filter(valid_to__isnull=True, kind__in=generation.UNIT_KINDS)
                .order_by("path").values_list("pk", flat=True))


def duties_fan_out(*, run: str = "") -> int:
    """Queue one `unit_duties` job per active unit; returns how many were queued. `run` tags
    their audit events, so that an operator (or the production smoke) can follow one fan-out."""
    ids = unit_ids()
    for pk in ids:
        unit_duties(pk, run)
    return len(ids)


@db_task(retries=2, retry_delay=5)
def unit_duties(organisation_id: int, run: str = "") -> dict:
    """Extend one unit's occurrences over the horizon (idempotent) and record who did it."""
    from attt.orgs.models import Organisation

    worker = f"{socket.gethostname()}:{os.getpid()}"
    with transaction.atomic():
        unit = Organisation.objects.get(pk=organisation_id)
        created = generation.generate_occurrences(organisation_ids=[organisation_id])
        audit.record(action="obligations.unit_duties", obj=unit,
                     changes={"run": run, "created": created, "worker": worker})
    return {"unit": organisation_id, "created": created, "worker": worker}
