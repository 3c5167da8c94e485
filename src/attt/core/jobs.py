"""Background jobs: one shared record (`core.models.Job`) for every piece of heavy work.

A module registers a kind once (in its AppConfig.ready()) with the dotted path of its handler:

    jobs.register("directives.publish", "attt.directives.jobs.publish")

A service starts a job with `job_start(...)`: the record is created in the caller's transaction
and the Huey task is enqueued when that transaction commits. The worker calls `run(job_id)`, which
marks the job running, calls the handler with a `Progress` and stores what it returns (a
`Result`: a file, a URL and/or a short text) or a clean failure: a `DomainError` becomes its
message, anything else a generic Vietnamese message (the details go to the log). A handler does
its writes in its own `transaction.atomic`, so a failure leaves nothing half-done. The owner may
retry a failed job (or one whose worker died: no news for `STALE_AFTER`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import clock
from .errors import DomainError
from .models import Job

log = logging.getLogger("attt.jobs")

STALE_AFTER = dt.timedelta(minutes=15)
HANDLERS: dict[str, str] = {}


def register(kind: str, handler: str) -> None:
    """Declare a job kind and the dotted path of its handler `fn(job, progress) -> Result | None`."""
    HANDLERS[kind] = handler


@dataclasses.dataclass
class Result:
    """What a handler hands back: a file (bytes or a file object, with its name), a URL to open
    and/or a short text for people (e.g. counts)."""

    file: bytes | IO | None = None
    name: str = ""
    url: str = ""
    text: str = ""


LIVE_TTL = 6 * 3600  # seconds a live report is kept (the cache forgets it after the job anyway)


def _live_key(job_id: int) -> str:
    return f"attt:job-live:{job_id}"


class Progress:
    """Reports progress of one job. Outside a transaction each report is committed at once, so the
    page polling the job sees it. Inside the handler's transaction (an all-or-nothing import) a
    row update would only show at commit (and on SQLite another connection cannot write while the
    transaction holds the lock), so the report also goes to the shared cache (file cache in the
    embedded setup, Redis in production: wherever the queue is shared, so is the cache); the
    pages read it through `live()`."""

    def __init__(self, job: Job):
        self.job = job
        self._last = (-1, "")

    def __call__(self, percent: int | float, step: str = "") -> None:
        percent = max(0, min(99, int(percent)))
        step = str(step)[:300]
        if (percent, step) == self._last:
            return
        self._last = (percent, step)
        self.job.progress, self.job.step = percent, step
        if transaction.get_connection().in_atomic_block:
            _publish_live(self.job.pk, percent, step)
        Job.objects.filter(pk=self.job.pk).update(progress=percent, step=step, updated_at=clock.now())

    def beat(self, *_args) -> None:
        """Say the job is alive without a new step (a long conversion): the page keeps counting the
        time and the job is not taken for abandoned (`STALE_AFTER`)."""
        Job.objects.filter(pk=self.job.pk).update(updated_at=clock.now())


def _publish_live(job_id: int, percent: int, step: str) -> None:
    from django.core.cache import cache

    try:
        cache.set(_live_key(job_id), (percent, step, clock.now().timestamp()), LIVE_TTL)
    except Exception:  # noqa: BLE001 - a progress report never fails the job
        log.warning("job %s: live progress not stored", job_id, exc_info=True)


def live(jobs_: "Job | list[Job]"):
    """Overlay the live progress a running job reported from inside its transaction (see Progress)
    on the record(s) read from the database; returns what it was given."""
    from django.core.cache import cache

    rows = jobs_ if isinstance(jobs_, list) else [jobs_]
    running = [j for j in rows if j is not None and j.state == Job.State.RUNNING]
    if running:
        try:
            found = cache.get_many([_live_key(j.pk) for j in running])
        except Exception:  # noqa: BLE001 - without the cache the page shows the last committed report
            found = {}
        for j in running:
            value = found.get(_live_key(j.pk))
            if value is None:
                continue
            percent, step, at = value
            reported = dt.datetime.fromtimestamp(at, tz=dt.timezone.utc)
            if j.started_at is None or reported >= j.started_at:  # not a report of an earlier attempt
                j.progress, j.step = percent, step
                j.updated_at = max(j.updated_at, reported) if j.updated_at else reported
    return jobs_


# --- services ------------------------------------------------------------------------------------

def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    run_job(job_id)


def job_start(*, actor, kind: str, label: str, params: dict | None = None, organisation=None,
              target: str = "") -> Job:
    """Create a queued job for `actor` and enqueue it after the current transaction commits.
    The caller checks permission first (the job runs with the actor's rights, checked again)."""
    if kind not in HANDLERS:
        raise DomainError(_("Loại công việc không được hỗ trợ."))
    with transaction.atomic():
        job = Job.objects.create(user=actor, kind=kind, label=str(label)[:300], params=params or {},
                                 organisation=organisation, target=target[:120], step=_("Đang chờ xử lý"))
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(job_id))
    return job


def active_job(*, user, kind: str, target: str) -> Job | None:
    """The user's queued or running job of this kind on this object, if any (to refuse a second
    start and to disable the button that started it)."""
    return (Job.objects.filter(user=user, kind=kind, target=target, state__in=[Job.State.QUEUED, Job.State.RUNNING])
            .order_by("-created_at").first())


def job_start_once(*, actor, kind: str, target: str, label: str, params: dict | None = None,
                   organisation=None) -> Job:
    """`job_start`, unless the actor already has a job of this kind on this object queued or
    running: then that one (a second click, a second tab), so no work is done twice."""
    running = active_job(user=actor, kind=kind, target=target)
    if running is not None:
        return running
    return job_start(actor=actor, kind=kind, label=label, params=params, organisation=organisation,
                     target=target)


def job_for_page(*, user, kind: str, target: str, job_id: str | None = None) -> Job | None:
    """The job a page shows beside its start button: the running one, else the one named in the
    URL (?job=<id>, after a start or retry), if it is the user's and of this kind and object."""
    running = active_job(user=user, kind=kind, target=target)
    if running is not None or not (job_id or "").isdigit():
        return running
    return Job.objects.filter(user=user, kind=kind, target=target, pk=int(job_id)).first()


def is_stale(job: Job) -> bool:
    live(job)  # a job reporting from inside its transaction is alive
    return job.state == Job.State.RUNNING and job.updated_at < clock.now() - STALE_AFTER


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """The owner queues a failed (or abandoned) job again, with the same parameters."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.user_id != actor.pk:
        raise DomainError(_("Chỉ người tạo công việc mới được chạy lại."))
    if job.state != Job.State.FAILED and not is_stale(job):
        raise DomainError(_("Chỉ chạy lại được công việc đã thất bại."))
    job.state, job.progress, job.step, job.error = Job.State.QUEUED, 0, _("Đang chờ xử lý"), ""
    job.started_at = job.finished_at = None
    job.save(update_fields=["state", "progress", "step", "error", "started_at", "finished_at", "updated_at"])
    job_id = job.pk
    transaction.on_commit(lambda: _enqueue(job_id))
    return job


# --- the runner (in the worker) ------------------------------------------------------------------

def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED:
            return None  # deleted, already run, or run by another consumer
        job.state, job.attempts = Job.State.RUNNING, job.attempts + 1
        job.started_at, job.step, job.progress = clock.now(), _("Đang xử lý"), 0
        job.save(update_fields=["state", "attempts", "started_at", "step", "progress", "updated_at"])
    return job


def _finish(job: Job, result: Result | None) -> None:
    result = result or Result()
    if result.file is not None:
        name = result.name or "ket-qua"
        content = ContentFile(result.file, name=name) if isinstance(result.file, bytes) else File(result.file, name=name)
        try:
            job.result_file.save(name, content, save=False)
        finally:
            if hasattr(result.file, "close"):
                result.file.close()
        job.result_name = name
    job.result_url, job.result_text = result.url[:500], str(result.text)[:500]
    job.state, job.progress, job.step, job.finished_at = Job.State.DONE, 100, _("Hoàn thành"), clock.now()
    job.save()


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error=str(message), finished_at=clock.now(),
                                         step=_("Thất bại"), updated_at=clock.now())


def release_memory() -> None:
    """Give the memory a big job freed back to the system (glibc keeps freed arenas otherwise, so
    a worker that built one large document would stay at its peak RSS until it exits)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def run(job_id: int) -> str | None:
    """Run one queued job to its end; returns its final state (None when there was nothing to run)."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        return _run(job)
    finally:
        release_memory()


def _run(job: Job) -> str:
    try:
        handler = import_string(HANDLERS[job.kind])
        result = handler(job, Progress(job))
        _finish(job, result)
    except DomainError as exc:
        _fail(job, exc.message)
        return Job.State.FAILED
    except PermissionDenied as exc:  # the owner lost the right between the start and the run
        _fail(job, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        return Job.State.FAILED
    except Exception:  # noqa: BLE001 - any failure is reported on the record, never lost
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job, _("Công việc gặp lỗi không mong muốn và đã dừng; không có thay đổi nào được lưu dở dang. "
                     "Hãy thử chạy lại; nếu vẫn lỗi, hãy báo quản trị hệ thống (mã công việc %(id)s).")
              % {"id": job.pk})
        return Job.State.FAILED
    return Job.State.DONE
