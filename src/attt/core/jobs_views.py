"""Pages of background jobs: "Công việc của tôi" (the user's recent jobs), one job with its live
progress (an htmx partial polled every second), its result file and a retry. A user sees only
their own jobs; any other id is a 404."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import jobs
from .errors import DomainError
from .models import Job

RECENT = 50


def _own(request, pk: int) -> Job:
    return get_object_or_404(Job.objects.filter(user=request.user), pk=pk)


@login_required
def job_list(request):
    rows = jobs.live(list(Job.objects.filter(user=request.user).order_by("-created_at", "-id")[:RECENT]))
    return render(request, "core/jobs/list.html", {"jobs": rows, "count": RECENT})


@login_required
def job_detail(request, pk: int):
    job = _own(request, pk)
    template = "core/jobs/progress.html" if request.htmx else "core/jobs/detail.html"
    follow = request.GET.get("follow") == "1"
    response = render(request, template, {**job_context(request, job), "follow": follow})
    if request.htmx and follow and job.state == Job.State.DONE and job.result_url:
        response["HX-Redirect"] = job.result_url  # the page that started it opens the result
    return response


def job_context(request, job: Job | None) -> dict:
    """What core/jobs/panel.html needs: the job, whether its owner may retry it, the page to return to."""
    if job is None:
        return {"job": None}
    jobs.live(job)
    nxt = (request.htmx.current_url_abs_path if request.htmx else request.get_full_path()) or ""
    return {"job": job, "can_retry": job.state == Job.State.FAILED or jobs.is_stale(job), "next": nxt}


def start_from_page(request, start, *, back: str):
    """A page's POST that starts a job: `start()` (a service) checks and starts it, or hands back
    the user's one already running. Back on the page `back` with `?job=<id>` to follow its
    progress; when it has already ended (a quick worker, or the immediate test queue), with its
    result or its error as a message. A refusal (DomainError) is a message on the page."""
    try:
        job = start()
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    job.refresh_from_db()
    if job.state == Job.State.DONE:
        messages.success(request, job.result_text)
    elif job.state == Job.State.FAILED:
        messages.error(request, job.error)
    else:
        return redirect(f"{back}?job={job.pk}#job-{job.pk}")
    return redirect(back)


@login_required
def job_download(request, pk: int):
    job = _own(request, pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or None)


@login_required
@require_POST
def job_retry(request, pk: int):
    job = _own(request, pk)
    try:
        jobs.job_retry(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    nxt = request.POST.get("next") or ""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(job)
