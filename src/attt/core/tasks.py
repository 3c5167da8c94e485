"""Background work of the shared kernel: the daily audit checkpoint (00:30)."""
import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

log = logging.getLogger(__name__)


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
