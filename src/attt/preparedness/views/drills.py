"""Drill pages: list, plan, detail with the record form, findings (remediation tasks), export."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import clock, rules, table_views
from attt.core.errors import DomainError
from attt.core.pagination import paginate
from attt.core.tabular import csv_response, xlsx_response

from .. import selectors, services, tabular
from ..forms import DrillForm, DrillRecordForm, FindingCloseForm
from .plans import _form_error


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@login_required
def drills(request):
    rows = selectors.drills_visible(user=request.user, year=_year(request), query=request.GET.get("q"))
    return render(request, "preparedness/drills.html", {"page": paginate(request, rows),
                                                        "can_add": rules.can(request.user, "drill.edit")})


@login_required
def drills_export(request):
    rows = tabular.drill_rows(selectors.drills_visible(user=request.user, year=_year(request)))
    if request.GET.get("format") == "csv":
        return csv_response("dien-tap.csv", tabular.DRILL_HEADER, rows)
    return xlsx_response("dien-tap.xlsx", tabular.DRILL_HEADER, rows, sheet_title="Dien tap")


@login_required
def drill_new(request):
    rules.require(request.user, "drill.edit")
    initial = {}
    plan_id = request.GET.get("plan", "")
    plan = selectors.plan_get(user=request.user, pk=int(plan_id)) if plan_id.isdigit() else None
    if plan is not None:
        initial = {"title": _("Diễn tập phương án “%(t)s”") % {"t": plan.title},
                   "systems": list(plan.systems.values_list("pk", flat=True))}
    form = DrillForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.drill_plan(actor=request.user, organisation=data["organisation"], title=data["title"],
                                      scenario=data["scenario"], planned_on=data["planned_on"],
                                      systems=data["systems"], participants=data["participants"], plan=plan)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lên kế hoạch diễn tập."))
            return redirect(obj.get_absolute_url())
    return render(request, "preparedness/drill_form.html", {"form": form, "plan": plan})


@login_required
def drill(request, pk: int):
    obj = selectors.drill_get(user=request.user, pk=pk)
    can_edit = rules.can(request.user, "drill.edit", obj)
    form = DrillRecordForm(request.POST or None, drill=obj) if obj.state == "planned" else None
    if request.method == "POST":
        rules.require(request.user, "drill.edit", obj)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                services.drill_record(actor=request.user, drill=obj, held_on=data["held_on"],
                                      timeline=data["timeline"], what_worked=data["what_worked"],
                                      findings=form.findings())
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Đã ghi nhận kết quả diễn tập."))
                return redirect(obj.get_absolute_url())
    return render(request, "preparedness/drill.html", {
        "drill": obj, "form": form, "can_edit": can_edit, "today": clock.today(),
        "systems": obj.systems.visible_to(request.user).order_by("name"),
        "findings": obj.findings.select_related("organisation").order_by("deadline", "id"),
    })


@login_required
def findings(request):
    page = paginate(request, selectors.findings_open(user=request.user))
    from ..models import Drill

    # a unit sees the findings it must fix; the drill itself may belong to the province above it
    seen = set(Drill.objects.visible_to(request.user).filter(pk__in={f.drill_id for f in page})
               .values_list("pk", flat=True))
    return render(request, "preparedness/findings.html", {"page": page, "today": clock.today(), "seen": seen,
                                                          "form": FindingCloseForm()})


@login_required
@require_POST
def finding_close(request, pk: int):
    obj = selectors.finding_get(user=request.user, pk=pk)
    if not (rules.can(request.user, "finding.close", obj) or rules.can(request.user, "finding.close", obj.drill)):
        rules.require(request.user, "finding.close", obj)
    form = FindingCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nêu kết quả khắc phục."))
    else:
        try:
            services.finding_close(actor=request.user, finding=obj, resolution=form.cleaned_data["resolution"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận khắc phục."))
    return redirect(request.POST.get("next") if (request.POST.get("next") or "").startswith("/preparedness/")
                    else "preparedness:findings")


@login_required
def drills_import(request):
    rules.require(request.user, "drill.edit")
    return table_views.import_page(request, kind=tabular.DRILLS_IMPORT, label=_("Nhập hồ sơ diễn tập"),
                                   template="preparedness/import.html", context={
                                       "title": _("Nhập hồ sơ diễn tập từ Excel"), "back": "preparedness:drills",
                                       "note": _("Mỗi dòng là một cuộc diễn tập; có ngày thực hiện thì ghi nhận đã "
                                                 "thực hiện. Nếu có dòng sai, không dòng nào được lưu.")})


@login_required
@require_POST
def drill_cancel(request, pk: int):
    obj = selectors.drill_get(user=request.user, pk=pk)
    try:
        services.drill_cancel(actor=request.user, drill=obj)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã hủy cuộc diễn tập."))
    return redirect(obj.get_absolute_url())
