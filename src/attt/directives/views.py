"""Pages of the directives module: list, import, review (source beside fields and tasks), task
edits, assignee mapping, publish, completion matrix and export, reminders; the units' inbox and
answers; notifications; the assignee rules and the library of known documents."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import clock, jobs, rules
from attt.core.documents import pages as documents_pages
from attt.core.errors import DomainError
from attt.core.jobs_views import job_context, start_from_page
from attt.core.models import Job
from attt.core.pagination import paginate, querystring_without_page
from attt.core.tabular import xlsx_response
from attt.core.text import task_heading
from attt.orgs.models import Organisation

from . import jobs as directive_jobs
from . import selectors, services
from .extensions import links_for
from .forms import DirectiveForm, ImportForm, RespondForm, RuleForm, TaskForm
from .highlight import highlight, marks_for
from .jobs import PUBLISH
from .models import AssigneeRule, Assignment, Attachment, Directive
from .resolve import Resolver


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _managed(request, pk: int) -> Directive:
    directive = selectors.directive_get(user=request.user, pk=pk)
    rules.require(request.user, "directive.manage", directive)
    return directive


@login_required
def directive_list(request):
    rules.require(request.user, "directive.view")
    query = (request.GET.get("q") or "").strip()[:200]
    state = request.GET.get("state") or ""
    rows = selectors.directive_list(user=request.user, query=query, state=state)
    return render(request, "directives/list.html", {
        "page": paginate(request, rows), "query": query, "state": state, "states": Directive.State.choices,
        "qs": querystring_without_page(request), "can_manage": rules.can(request.user, "directive.manage")})


@login_required
def directive_import(request):
    """Keeps the upload and starts the import (reading, OCR, extraction) as a background job; this
    page follows it and opens the review page when it is done."""
    rules.require(request.user, "directive.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            from .services.imports import MAX_BYTES

            job = directive_jobs.directive_import_start(actor=request.user, data=upload.read(MAX_BYTES + 1),
                                                        filename=upload.name)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            job.refresh_from_db()
            if job.state == job.State.DONE and job.result_url:  # a worker already finished it
                messages.success(request, job.result_text)
                return redirect(job.result_url)
            if job.state == job.State.FAILED:
                form.add_error("file", job.error)
            else:
                return redirect(f"{reverse('directives:import')}?job={job.pk}#job-{job.pk}")
    job = None
    if (request.GET.get("job") or "").isdigit():
        job = Job.objects.filter(user=request.user, kind=directive_jobs.IMPORT, pk=int(request.GET["job"])).first()
    return render(request, "directives/import.html", {"form": form, **job_context(request, job), "follow": True})


@login_required
def directive_detail(request, pk: int):
    """The review page: the source text with tasks and deadlines marked, beside the fields."""
    rules.require(request.user, "directive.view")
    directive = selectors.directive_get(user=request.user, pk=pk)
    tasks = list(selectors.tasks_of(directive))
    resolver = Resolver(directive.province, directive.recipients)
    for task in tasks:
        task.units = resolver.units_for(task.assignees)
    source = highlight(directive.document.text, marks_for(tasks))
    return render(request, "directives/detail.html", {
        "directive": directive, "tasks": tasks, "source": source, "unsure_tasks": [t for t in tasks if t.unsure],
        "references": directive.reference_links.select_related("document"),
        "recipients": [resolver.resolve(r) for r in directive.recipients],
        "can_manage": rules.can(request.user, "directive.manage", directive),
        "n_assignments": directive.assignments.count(),
        **job_context(request, jobs.job_for_page(user=request.user, kind=PUBLISH, target=f"directive:{directive.pk}",
                                                 job_id=request.GET.get("job"))),
    })


@login_required
def directive_edit(request, pk: int):
    directive = _managed(request, pk)
    form = DirectiveForm(request.POST or None, initial=DirectiveForm.initial_for(directive))
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(actor=request.user, directive=directive, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(directive)
    return render(request, "directives/form.html", {"form": form, "directive": directive,
                                                    "title": _("Sửa thông tin văn bản")})


@login_required
def task_edit(request, pk: int, task_pk: int | None = None):
    directive = _managed(request, pk)
    task = selectors.task_get(directive=directive, pk=task_pk) if task_pk else None
    initial = ({"ref": task.ref, "text": task.text, "assignees": "\n".join(task.assignees), "due_on": task.due_on}
               if task else {})
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if task:
                services.task_update(actor=request.user, task=task, **form.cleaned_data)
            else:
                services.task_create(actor=request.user, directive=directive, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(directive.get_absolute_url() + (f"#task-{task.pk}" if task else ""))
    return render(request, "directives/form.html", {
        "form": form, "directive": directive, "task": task,
        "title": _("Sửa nhiệm vụ") if task else _("Thêm nhiệm vụ")})


@login_required
@require_POST
def task_delete(request, pk: int, task_pk: int):
    directive = _managed(request, pk)
    task = selectors.task_get(directive=directive, pk=task_pk)
    try:
        services.task_delete(actor=request.user, task=task)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa nhiệm vụ."))
    return redirect(directive)


@login_required
def directive_mapping(request, pk: int):
    """Each assignee phrase of the directive and the units it means; saving a mapping makes a rule."""
    directive = _managed(request, pk)
    province = directive.province
    if request.method == "POST":
        prefix = request.POST.get("prefix") or ""
        form = RuleForm(request.POST, province=province, prefix=prefix if re.fullmatch(r"p\d{1,4}", prefix) else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignee_rule_save(actor=request.user, province=province, phrase=data["phrase"],
                                            target=data["target"], org_kinds=data["org_kinds"],
                                            organisation=data["organisation"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã lưu quy tắc cho cụm “%(p)s”.") % {"p": data["phrase"]})
                return redirect("directives:mapping", pk=directive.pk)
        else:
            messages.error(request, _("Dữ liệu ánh xạ không hợp lệ."))
    resolver = Resolver(province, directive.recipients)
    phrases = list(dict.fromkeys([*directive.recipients,
                                  *(a for t in directive.tasks.order_by("position") for a in t.assignees)]))
    rows = []
    for phrase in phrases:
        resolution = resolver.resolve(phrase)
        rule = resolution.rule
        initial = {"phrase": phrase}
        if rule is not None:
            initial.update(target=rule.target, org_kinds=rule.org_kinds, organisation=rule.organisation_id)
        elif resolution.org_match is not None:
            initial.update(target=AssigneeRule.Target.ORGANISATION, organisation=resolution.org_match.pk)
        rows.append({"resolution": resolution, "form": RuleForm(initial=initial, province=province,
                                                               prefix=f"p{len(rows)}")})
    org_choices = list(RuleForm(province=province).fields["organisation"].queryset.only("id", "name"))
    return render(request, "directives/mapping.html", {"directive": directive, "rows": rows,
                                                       "org_choices": org_choices})


@login_required
@require_POST
def directive_publish(request, pk: int):
    """Starts publishing as a background job; the review page shows its progress."""
    directive = _managed(request, pk)
    try:
        job = services.directive_publish_start(actor=request.user, directive=directive)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(directive)
    return redirect(f"{directive.get_absolute_url()}?job={job.pk}#job-{job.pk}")


@login_required
def directive_matrix(request, pk: int):
    rules.require(request.user, "directive.view")
    directive = selectors.directive_get(user=request.user, pk=pk)
    today = clock.today()
    kind = request.GET.get("kind") or ""
    kind = kind if kind in Organisation.Kind.values else ""
    status = request.GET.get("status") or ""
    status = status if status in Assignment.Status.values else ""
    overdue = request.GET.get("overdue") == "1"
    if request.GET.get("export") == "xlsx":
        tasks, rows = selectors.completion_matrix(directive=directive, today=today, kind=kind, status=status,
                                                  overdue_only=overdue)
        header = [_("Đơn vị"), _("Loại")] + [(task_heading(t.text), _("Mục %(r)s") % {"r": t.ref or t.position}) for t in tasks] + [
            _("Hoàn thành"), _("Quá hạn")]
        labels = dict(Assignment.Status.choices)

        def cell(a):
            if a is None:
                return ""
            text = str(labels[a.status])
            return f"{text} ({_('quá hạn')})" if a.overdue else text

        data = ([r.organisation.name, r.organisation.get_kind_display()] + [cell(c) for c in r.cells]
                + [f"{r.done}/{r.total}", r.overdue] for r in rows)
        return xlsx_response(f"tien-do-{directive.pk}.xlsx", header, data, sheet_title="Tien do",
                             status_columns=list(range(2, 2 + len(tasks))))
    # Only the page's units are loaded; their counts and the summary are aggregated in SQL.
    tasks = list(directive.tasks.order_by("position", "id"))
    units = selectors.matrix_units(directive=directive, today=today, kind=kind, status=status, overdue_only=overdue)
    page = paginate(request, units, selectors.MATRIX_PAGE)
    page.object_list = selectors.matrix_rows(directive=directive, tasks=tasks, units=page.object_list, today=today)
    return render(request, "directives/matrix.html", {
        **documents_pages.context(request, f"directive:{directive.pk}", other=jobs.job_for_page(
            user=request.user, kind=services.REMIND_KIND, target=f"directive:{directive.pk}",
            job_id=request.GET.get("job"))),
        "directive": directive, "tasks": tasks, "page": page, "summary": selectors.matrix_totals(units),
        "today": today, "kind": kind, "status": status, "overdue": overdue, "qs": querystring_without_page(request),
        "kinds": [c for c in Organisation.Kind.choices if c[0] != "province"], "statuses": Assignment.Status.choices,
        "can_manage": rules.can(request.user, "directive.manage", directive),
        "links": links_for(request.user, directive)})


@login_required
@require_POST
def directive_progress_report(request, pk: int):
    """Starts the progress summary (báo cáo tình hình thực hiện, DOCX or PDF) as a background job;
    the progress page shows its progress and the file."""
    rules.require(request.user, "directive.view")
    directive = selectors.directive_get(user=request.user, pk=pk)
    back = reverse("directives:matrix", args=[directive.pk])
    if directive.state != Directive.State.PUBLISHED:
        messages.error(request, _("Văn bản chưa được giao việc nên chưa có tình hình thực hiện."))
        return redirect(back)
    return documents_pages.start(request, doc="progress_summary", pk=directive.pk, target=f"directive:{directive.pk}",
                                 label=_("Báo cáo tình hình thực hiện %(n)s") % {"n": directive.number or directive.pk},
                                 back=back, organisation=directive.province)


@login_required
@require_POST
def directive_remind(request, pk: int):
    directive = _managed(request, pk)
    return start_from_page(
        request, lambda: services.directive_remind_start(actor=request.user, directive=directive),
        back=reverse("directives:matrix", args=[directive.pk]))


@login_required
def directive_document(request, pk: int):
    rules.require(request.user, "directive.view")
    directive = selectors.directive_get(user=request.user, pk=pk)
    doc = directive.document
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.filename)


@login_required
def inbox(request):
    rules.require(request.user, "assignment.view")
    today = clock.today()
    status = request.GET.get("status") or ""
    overdue = request.GET.get("overdue") == "1"
    query = (request.GET.get("q") or "").strip()[:100]
    rows = selectors.inbox_rows(user=request.user, status=status, overdue=overdue, today=today, query=query)
    page = paginate(request, rows)
    for a in page:
        a.overdue = a.is_overdue(today)
    return render(request, "directives/inbox.html", {
        "page": page, "status": status, "overdue": overdue, "query": query, "statuses": Assignment.Status.choices,
        "qs": querystring_without_page(request), "today": today,
        "notifications": selectors.notifications_of(request.user).filter(read_at__isnull=True)[:10],
        "unread": selectors.unread_count(request.user), "links": links_for(request.user)})


@login_required
def assignment_detail(request, pk: int):
    rules.require(request.user, "assignment.view")
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    can_respond = rules.can(request.user, "assignment.respond", assignment)
    form = RespondForm(request.POST or None, request.FILES or None,
                       initial={"status": assignment.status, "report": assignment.report, "reason": assignment.reason})
    if request.method == "POST":
        rules.require(request.user, "assignment.respond", assignment)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_respond(actor=request.user, assignment=assignment, status=data["status"],
                                            report=data["report"], reason=data["reason"], files=data["files"])
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Đã cập nhật kết quả thực hiện."))
                return redirect(assignment)
    return render(request, "directives/assignment.html", {
        "a": assignment, "form": form, "can_respond": can_respond, "overdue": assignment.is_overdue(clock.today()),
        "attachments": assignment.attachments.all(), "reminders": assignment.reminders.all()[:20],
        "deadlines": assignment.task.deadlines.all()})


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user, roles=selectors.ASSIGNMENT_VIEWERS),
                                   pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename)


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(actor=request.user)
        return redirect("directives:notifications")
    return render(request, "directives/notifications.html", {
        "page": paginate(request, selectors.notifications_of(request.user)),
        "unread": selectors.unread_count(request.user)})


@login_required
def rule_list(request):
    rules.require(request.user, "directive.view")
    try:
        province = services.province_of(request.user)
    except DomainError:
        raise Http404 from None
    rows = selectors.rules_for(user=request.user, province=province)
    return render(request, "directives/rules.html", {
        "rows": rows, "province": province, "can_manage": rules.can(request.user, "directive.manage", province)})


@login_required
@require_POST
def rule_delete(request, pk: int):
    rule = get_object_or_404(AssigneeRule.objects.visible_to(request.user, roles=selectors.DIRECTIVE_READERS), pk=pk)
    try:
        services.assignee_rule_delete(actor=request.user, rule=rule)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa quy tắc."))
    return redirect("directives:rules")


@login_required
def library(request):
    rules.require(request.user, "directive.view")
    query = (request.GET.get("q") or "").strip()[:200]
    return render(request, "directives/library.html", {
        "page": paginate(request, selectors.known_documents(query=query)), "query": query,
        "qs": querystring_without_page(request)})
