"""Official documents as background jobs (see attt.core.jobs): one job kind, `documents.render`, for
every document a page offers (approval decision, explanation, incident reports and package, warning
dispatch, directive progress summary). An app registers a producer per document once, in its
AppConfig.ready():

    documents_jobs.register("incident_initial", "attt.incidents.documents.produce_initial")

A producer is `fn(*, user, pk, progress) -> (docx_bytes, file_stem)`; it fetches its object again
through `visible_to(user)` (the owner's rights are checked when the job runs) and raises
`DomainError` with a message for people. The job converts to PDF (LibreOffice) when asked and keeps
the file as its result, downloaded through the owner-only job download page."""
from __future__ import annotations

from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from attt.core.errors import DomainError

RENDER = "documents.render"
FORMATS = ("docx", "pdf")
PRODUCERS: dict[str, str] = {}


def register(doc: str, producer: str) -> None:
    PRODUCERS[doc] = producer


def render(job, progress):
    from attt.core.jobs import Result

    from .engine import to_pdf

    doc, fmt = job.params.get("doc"), job.params.get("format", "docx")
    if doc not in PRODUCERS or fmt not in FORMATS:
        raise DomainError(_("Loại văn bản hoặc định dạng không được hỗ trợ."))
    producer = import_string(PRODUCERS[doc])
    progress(10, _("Đang lập văn bản"))
    try:
        data, stem = producer(user=job.user, pk=job.params.get("pk"), progress=progress)
    except Http404:
        raise DomainError(_("Đối tượng không còn tồn tại hoặc bạn không còn quyền xem.")) from None
    if "." in stem:  # a file of its own kind (the notification package ZIP): as it is
        progress(95, _("Đang lưu tệp"))
        return Result(file=data, name=stem)
    if fmt == "pdf":
        progress(60, _("Đang chuyển sang PDF"))
        data = to_pdf(data, on_wait=getattr(progress, "beat", None))
    progress(95, _("Đang lưu tệp"))
    return Result(file=data, name=f"{stem}.{fmt}")


def document_start(*, actor, doc: str, pk: int, target: str, label: str, fmt: str = "docx", organisation=None):
    """Start rendering `doc` of object `pk` (already fetched through `visible_to` and permission
    checked by the caller); while a document job of the same object runs for this user, starting
    another returns it."""
    from attt.core import jobs

    if doc not in PRODUCERS or fmt not in FORMATS:
        raise DomainError(_("Loại văn bản hoặc định dạng không được hỗ trợ."))
    return jobs.job_start_once(actor=actor, kind=RENDER, label=label, organisation=organisation, target=target,
                               params={"doc": doc, "pk": pk, "format": fmt})


def job_for_page(request, target: str):
    """The document job shown on the page of `target` (running, or named by ?job=)."""
    from attt.core import jobs

    return jobs.job_for_page(user=request.user, kind=RENDER, target=target, job_id=request.GET.get("job"))
