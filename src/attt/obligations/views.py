"""Pages of recurring duties: the calendar (month grid and list), an occurrence with its
submissions, review, evidence download, rules and province settings."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import cached, clock, rules
from attt.core.errors import DomainError
from attt.core.keyset import keyset_paginate, querystring_without_cursor
from attt.orgs.models import Organisation
from attt.regimes.rules.schedule import add_months

from . import selectors, services
from .forms import ProvinceSettingForm, ReviewForm, RuleForm, SubmitForm

MONTH_NAMES = ["", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8",
               "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"]


def _month(value: str, errors: list) -> dt.date:
    today = clock.today()
    value = (value or "").strip()
    if value:
        try:
            year, month = (int(p) for p in value.split("-", 1))
            return dt.date(year, month, 1)
        except (ValueError, TypeError):
            errors.append(_("Tháng “%(v)s” không hợp lệ; hãy chọn dạng yyyy-mm.") % {"v": value[:20]})
    return today.replace(day=1)


@login_required
def calendar(request):
    rules.require(request.user, "duty.view")
    filters = selectors.parse_filters(request.user, request.GET)
    mode = "list" if request.GET.get("view") == "list" else "grid"
    month = _month(request.GET.get("month"), filters.errors)

    def kept(name: str, compute):
        """A count kept until the data changes (attt.core.cached), but not for a free-text search,
        whose values are endless: those are counted afresh, as on the incident and dossier lists."""
        if filters.query:
            return compute()
        return cached.figures(name, (request.user.pk, filters.key()), compute)

    context = {
        "filters": filters, "mode": mode, "month": month, "month_name": MONTH_NAMES[month.month],
        "prev_month": add_months(month, -1), "next_month": add_months(month, 1), "today": clock.today(),
        "units": selectors.unit_choices(user=request.user),
        "duties": cached.figures("duties.choices", (request.user.pk,), lambda: selectors.duty_choices(user=request.user)),
        "states": selectors.STATES,
        "counts": kept("duties.counts", lambda: selectors.state_counts(user=request.user, filters=filters)),
        "qs": querystring_without_cursor(request), "can_manage": rules.can(request.user, "duty.manage"),
    }
    if mode == "list":
        rows = selectors.occurrence_rows(user=request.user, filters=filters)
        page = keyset_paginate(request, rows, count=lambda: kept("duties.total", rows.order_by().count))
        today = clock.today()
        for occ in page:
            occ.state = selectors.state_of(occ.status, occ.due_date, today)
        context["page"] = page
    else:
        context["weeks"] = selectors.month_grid(user=request.user, year=month.year, month=month.month,
                                                filters=filters)
        context["weekdays"] = [_("Thứ 2"), _("Thứ 3"), _("Thứ 4"), _("Thứ 5"), _("Thứ 6"), _("Thứ 7"), _("CN")]
    return render(request, "obligations/calendar.html", context)


def _detail_context(request, occurrence, submit_form=None, review_form=None):
    today = clock.today()
    occurrence.state = selectors.state_of(occurrence.status, occurrence.due_date, today)
    submissions = list(occurrence.submissions.select_related("submitted_by", "reviewed_by"))
    can_submit = (rules.can(request.user, "duty.submit", occurrence)
                  and occurrence.status in occurrence.OPEN)
    can_review = (rules.can(request.user, "duty.review", occurrence)
                  and occurrence.status == occurrence.Status.SUBMITTED)
    source_url = ""
    task_id = occurrence.rule.source_task_id
    if task_id and rules.can(request.user, "directive.view"):
        from django.urls import reverse

        directive_id = type(occurrence.rule).source_task.field.related_model.objects.filter(
            pk=task_id).values_list("directive_id", flat=True).first()
        if directive_id:
            source_url = reverse("directives:matrix", args=[directive_id])
    return {"occ": occurrence, "submissions": submissions, "source_url": source_url, "state_label": selectors.STATE_LABELS[occurrence.state],
            "can_submit": can_submit, "can_review": can_review,
            "submit_form": submit_form or SubmitForm(), "review_form": review_form or ReviewForm()}


@login_required
def occurrence_detail(request, pk: int):
    occurrence = selectors.occurrence_get(user=request.user, pk=pk)
    return render(request, "obligations/occurrence.html", _detail_context(request, occurrence))


@login_required
@require_POST
def occurrence_submit(request, pk: int):
    occurrence = selectors.occurrence_get(user=request.user, pk=pk)
    rules.require(request.user, "duty.submit", occurrence)
    form = SubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission = services.occurrence_submit(actor=request.user, occurrence=occurrence,
                                                    upload=form.cleaned_data["file"], note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
        else:
            messages.success(request, _("Đã nộp “%(t)s” (lần %(v)s).") % {"t": occurrence.title, "v": submission.version})
            return redirect(occurrence)
    return render(request, "obligations/occurrence.html", _detail_context(request, occurrence, submit_form=form),
                  status=400)


@login_required
@require_POST
def submission_review(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    occurrence = submission.occurrence
    rules.require(request.user, "duty.review", occurrence)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.submission_review(actor=request.user, submission=submission,
                                       accept=form.cleaned_data["decision"] == "accept",
                                       comment=form.cleaned_data["comment"])
        except DomainError as exc:
            form.add_error("comment" if exc.field == "comment" else None, exc.message)
        else:
            messages.success(request, _("Đã ghi kết quả xem xét."))
            return redirect(occurrence)
    occurrence = selectors.occurrence_get(user=request.user, pk=occurrence.pk)
    return render(request, "obligations/occurrence.html", _detail_context(request, occurrence, review_form=form),
                  status=400)


@login_required
def submission_file(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    try:
        handle = submission.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=submission.file_name,
                            content_type=submission.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def rule_list(request):
    rules.require(request.user, "duty.view")
    return render(request, "obligations/rules.html", {
        "rules": selectors.rules_list(user=request.user), "can_manage": rules.can(request.user, "duty.manage")})


@login_required
def rule_edit(request, pk: int):
    rule = selectors.rule_get(user=request.user, pk=pk)
    rules.require(request.user, "duty.manage")
    form = RuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"title": data["title"], "source": data["source"], "active": data["active"], "due": data["due"]}
        if "target_kinds" in form.fields:
            fields["target_kinds"] = data["target_kinds"]
        if "min_level" in form.fields:
            fields["min_level"], fields["max_level"] = data["min_level"], data["max_level"]
        try:
            new = services.rule_update(actor=request.user, rule=rule, **fields)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if new.pk == rule.pk:
                messages.info(request, _("Không có thay đổi."))
            else:
                messages.success(request, _("Đã lưu phiên bản %(v)s; các kỳ trong tương lai đã được tạo lại.")
                                 % {"v": new.version})
            return redirect("obligations:rules")
    history = rule.__class__.objects.filter(key=rule.key).order_by("-version")
    return render(request, "obligations/rule_form.html", {"form": form, "rule": rule, "history": history})


@login_required
@require_POST
def rules_sync(request):
    rules.require(request.user, "duty.manage")
    counts = services.sync_duty_rules(actor=request.user)
    messages.success(request, _("Đồng bộ quy tắc: %(c)s mới, %(u)s cập nhật, %(n)s không đổi, %(k)s giữ bản đã sửa.")
                     % {"c": counts["created"], "u": counts["updated"], "n": counts["unchanged"], "k": counts["kept"]})
    return redirect("obligations:rules")


@login_required
@require_POST
def generate(request):
    rules.require(request.user, "duty.manage")
    paths = request.user.scope_paths(roles=rules.roles_for("duty.manage"))
    created = 0
    for path in (paths if not request.user.is_superuser else [None]):
        created += services.generate_occurrences(province_path=path)
    messages.success(request, _("Đã tạo %(n)s kỳ mới.") % {"n": created})
    return redirect("obligations:calendar")


@login_required
def setting_list(request):
    rules.require(request.user, "duty.view")
    return render(request, "obligations/settings.html", {
        "settings": selectors.province_settings(user=request.user),
        "can_manage": rules.can(request.user, "duty.manage")})


@login_required
def setting_edit(request, province_pk: int):
    from django.shortcuts import get_object_or_404

    province = get_object_or_404(Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.PROVINCE),
                                 pk=province_pk)
    rules.require(request.user, "duty.manage", province)
    setting = services.province_setting_for(province)
    form = ProvinceSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        try:
            services.province_setting_update(actor=request.user, province=province,
                                             **{k: form.cleaned_data[k] for k in form.Meta.fields})
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu thiết lập; các kỳ báo cáo trong tương lai đã được tính lại."))
            return redirect("obligations:settings")
    return render(request, "obligations/setting_form.html", {"form": form, "province": province})
