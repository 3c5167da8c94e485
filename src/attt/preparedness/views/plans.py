"""The overview and the response plan pages."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import clock, jobs, rules
from attt.core.errors import DomainError
from attt.core.pagination import paginate

from .. import documents, selectors, services
from ..forms import PlanForm


def _form_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def index(request):
    rules.require(request.user, "preparedness.view")
    user = request.user
    return render(request, "preparedness/index.html", {
        "figures": selectors.drill_figures(user=user),
        "plans_due": selectors.plans_review_due(user=user).count(),
        "plans_total": selectors.plans_visible(user=user).count(),
        "findings": selectors.findings_open(user=user)[:10],
        "at_risk": selectors.suppliers_at_risk(user=user)[:10],
        "today": clock.today(),
    })


@login_required
def plans(request):
    rows = selectors.plans_visible(user=request.user, query=request.GET.get("q"))
    return render(request, "preparedness/plans.html", {"page": paginate(request, rows), "today": clock.today(),
                                                       "can_add": rules.can(request.user, "plan.edit")})


@login_required
def plan_new(request):
    rules.require(request.user, "plan.edit")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.plan_create(actor=request.user, organisation=form.cleaned_data["organisation"],
                                       title=form.cleaned_data["title"], systems=form.cleaned_data["systems"],
                                       content=form.content())
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lập phương án (phiên bản 1, dự thảo)."))
            return redirect(obj.get_absolute_url())
    return render(request, "preparedness/plan_form.html", {"form": form, "title": _("Lập phương án ứng phó sự cố")})


@login_required
def plan(request, pk: int):
    obj = selectors.plan_get(user=request.user, pk=pk)
    versions = list(selectors.plan_versions(obj))
    shown = next((v for v in versions if str(v.number) == request.GET.get("v")), None) or (versions[0] if versions else None)
    latest = versions[0] if versions else None
    return render(request, "preparedness/plan.html", {
        "plan": obj, "versions": versions, "shown": shown, "latest": latest,
        "can_edit": rules.can(request.user, "plan.edit", obj),
        "can_approve": rules.can(request.user, "plan.approve", obj) and latest and latest.state == "draft",
        "drills": obj.drills.order_by("-planned_on")[:20], "today": clock.today(),
        "job": jobs.job_for_page(user=request.user, kind=documents.EXPORT, target=f"plan:{obj.pk}",
                                 job_id=request.GET.get("job")),
    })


@login_required
def plan_revise(request, pk: int):
    obj = selectors.plan_get(user=request.user, pk=pk)
    rules.require(request.user, "plan.edit", obj)
    latest = obj.latest_version()
    initial = PlanForm.initial_from(latest) if latest else {}
    initial["systems"] = list(obj.systems.values_list("pk", flat=True))
    form = PlanForm(request.POST or None, user=request.user, revise=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.plan_revise(actor=request.user, plan=obj, content=form.content(),
                                           systems=form.cleaned_data["systems"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu phiên bản %(n)s (dự thảo).") % {"n": version.number})
            return redirect(obj.get_absolute_url())
    return render(request, "preparedness/plan_form.html", {"form": form, "plan": obj,
                                                           "title": _("Sửa đổi phương án (phiên bản mới)")})


@login_required
@require_POST
def plan_approve(request, pk: int):
    obj = selectors.plan_get(user=request.user, pk=pk)
    try:
        version = services.plan_approve(actor=request.user, plan=obj)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã phê duyệt phiên bản %(n)s; hạn rà soát %(d)s.")
                         % {"n": version.number, "d": obj.review_due.strftime("%d/%m/%Y") if obj.review_due else ""})
    return redirect(obj.get_absolute_url())


@login_required
@require_POST
def plan_export(request, pk: int):
    obj = selectors.plan_get(user=request.user, pk=pk)
    try:
        job = documents.plan_export_start(actor=request.user, plan=obj, fmt=request.POST.get("format", "docx"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(obj.get_absolute_url())
    return redirect(f"{obj.get_absolute_url()}?job={job.pk}")
