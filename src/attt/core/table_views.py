"""The page of every Excel/CSV import (see attt.core.table_jobs), written once: the form, the quick
check of the file in the request, the job started, the redirect back to the page, which then shows
the job's live progress and its summary or its wrong rows. The imports of systems, organisations,
coverage figures, drills and suppliers all go through `import_page`:

    @login_required
    def coverage_import(request):
        rules.require(request.user, "coverage.enter")
        return table_views.import_page(request, kind="reporting.coverage_import",
                                       label=_("Nhập số liệu bao phủ"), template="reporting/coverage_import.html")

A page whose import needs more than the file (the suppliers' organisation) passes its own `form`
(with a `file` field) and `options(cleaned_data) -> (job options, organisation)`, which may raise a
`DomainError` to refuse in the request. The templates include `core/table_import_form.html`.
"""
from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from . import table_jobs
from .errors import DomainError


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))


def import_page(request, *, kind: str, label, template: str, form: forms.Form | None = None, options=None,
                context: dict | None = None):
    """GET: the form (and the job named by ?job=, if it is the user's and of this kind). POST: check
    the file, keep it, start the job and come back to this page with the job's panel."""
    from .jobs_views import job_context
    from .models import Job

    if form is None:
        form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            extra, organisation = options(form.cleaned_data) if options else ({}, None)
            job = table_jobs.table_import_start(actor=request.user, kind=kind, upload=form.cleaned_data["file"],
                                                label=label, options=extra, organisation=organisation)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else "file", exc.message)
        else:
            return redirect(f"{request.path}?job={job.pk}#job-{job.pk}")
    job = None
    if (request.GET.get("job") or "").isdigit():
        job = Job.objects.filter(user=request.user, kind=kind, pk=int(request.GET["job"])).first()
    spec = table_jobs.IMPORTS[kind]
    return render(request, template, {"form": form, "columns": spec.header, "import_kind": kind, **(context or {}),
                                      **job_context(request, job)})
