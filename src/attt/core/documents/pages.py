"""What a page needs to offer an official document as a background job: a POST starts it (or
returns the one already running for that object) and comes back to the page with `?job=<id>`;
the page shows the job's live progress panel and, when done, the link to the file."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from attt.core.errors import DomainError
from attt.core.jobs_views import job_context

from . import jobs


def start(request, *, doc: str, pk: int, target: str, label: str, back: str, organisation=None):
    """Start the document job from a POST (format in the form field `format`: docx or pdf)."""
    fmt = request.POST.get("format") or "docx"
    try:
        job = jobs.document_start(actor=request.user, doc=doc, pk=pk, target=target, fmt=fmt,
                                  label=f"{label} ({fmt.upper()})", organisation=organisation)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect(f"{back}?job={job.pk}#job-{job.pk}")


def context(request, target: str, *, other=None) -> dict:
    """The page's job panel (core/jobs/panel.html) and the key its start buttons carry. A page with
    another kind of job too (e.g. "remind the late units") passes it as `other`: the panel shows the
    job the page was sent back with (`?job=`), else the document job, else the other one."""
    job = jobs.job_for_page(request, target)
    wanted = request.GET.get("job")
    if other is not None and (job is None or (wanted and str(other.pk) == wanted)):
        job = other
    return {**job_context(request, job), "doc_job_key": f"{jobs.RENDER}|{target}"}
