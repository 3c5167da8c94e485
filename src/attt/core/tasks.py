"""Background work of the shared kernel: the task behind every background job, the daily audit checkpoint."""
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

log = logging.getLogger(__name__)


@db_task(retries=0, context=False)
def run_job(job_id: int):
    from . import jobs

    return jobs.run(job_id)


@on_startup()
def load_urls():
    """Load the URL configuration when the consumer starts, not in the first job that builds a link."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every app's urls is the point


@db_periodic_task(crontab(hour=0, minute=30))
def audit_checkpoint_daily() -> str:
    """Anchor the audit chain outside the database; a broken chain is logged as an error, not signed."""
    from .audit import checkpoint
    from .errors import DomainError

    try:
        return checkpoint()["file"]
    except DomainError as exc:
        log.error("%s", exc.message)
        raise
