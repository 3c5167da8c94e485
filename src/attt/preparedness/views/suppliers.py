"""Supplier register, contracts, assessments, dependencies, import/export; hosting attestations and
where a system is hosted."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from attt.core import clock, rules, table_views
from attt.core.errors import DomainError
from attt.core.pagination import paginate
from attt.core.tabular import csv_response, xlsx_response

from .. import hosting, selectors, services, tabular
from ..forms import AssessmentForm, AttestationForm, ContractForm, HostingForm, SupplierForm, SupplierImportForm
from .plans import _form_error


@login_required
def suppliers(request):
    rows = selectors.suppliers_visible(user=request.user, query=request.GET.get("q"))
    return render(request, "preparedness/suppliers.html", {"page": paginate(request, rows),
                                                           "can_add": rules.can(request.user, "supplier.edit")})


@login_required
def suppliers_export(request):
    rows = tabular.supplier_rows(selectors.suppliers_visible(user=request.user))
    if request.GET.get("format") == "csv":
        return csv_response("nha-cung-cap.csv", tabular.SUPPLIER_HEADER, rows)
    return xlsx_response("nha-cung-cap.xlsx", tabular.SUPPLIER_HEADER, rows, sheet_title="Nha cung cap")


@login_required
def suppliers_import(request):
    rules.require(request.user, "supplier.edit")

    def options(data):
        organisation = data["organisation"]
        if not tabular.can_import_suppliers(request.user, organisation):
            raise DomainError(_("Bạn không có quyền cập nhật danh sách nhà cung cấp của “%(o)s”.")
                              % {"o": organisation.name}, field="organisation")
        return {"organisation_id": organisation.pk}, organisation

    return table_views.import_page(
        request, kind=tabular.SUPPLIERS_IMPORT, label=_("Nhập danh sách nhà cung cấp"),
        template="preparedness/import.html", options=options,
        form=SupplierImportForm(request.POST or None, request.FILES or None, user=request.user))


@login_required
def supplier_new(request):
    rules.require(request.user, "supplier.edit")
    form = SupplierForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data.pop("organisation")
        try:
            obj = services.supplier_save(actor=request.user, organisation=org, data=data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã thêm nhà cung cấp."))
            return redirect(obj.get_absolute_url())
    return render(request, "preparedness/form.html", {"form": form, "title": _("Thêm nhà cung cấp"),
                                                      "back": "preparedness:suppliers"})


@login_required
def supplier_edit(request, pk: int):
    obj = selectors.supplier_get(user=request.user, pk=pk)
    rules.require(request.user, "supplier.edit", obj)
    form = SupplierForm(request.POST or None, with_org=False,
                        initial={k: getattr(obj, k) for k in services.suppliers.SUPPLIER_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_save(actor=request.user, supplier=obj, data=form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(obj.get_absolute_url())
    return render(request, "preparedness/form.html", {"form": form, "title": obj.name,
                                                      "back": "preparedness:suppliers"})


@login_required
def supplier(request, pk: int):
    obj = selectors.supplier_get(user=request.user, pk=pk)
    can_edit = rules.can(request.user, "supplier.edit", obj)
    contract_form = ContractForm(request.POST if request.POST.get("form") == "contract" else None, user=request.user,
                                 prefix="c")
    assess_form = AssessmentForm(request.POST if request.POST.get("form") == "assess" else None, prefix="a",
                                 initial={"assessed_on": clock.today()})
    if request.method == "POST":
        if request.POST.get("form") == "contract":
            rules.require(request.user, "supplier.edit")  # the contract's own unit is checked by the service
        else:
            rules.require(request.user, "supplier.edit", obj)
        try:
            if request.POST.get("form") == "contract" and contract_form.is_valid():
                d = contract_form.cleaned_data
                services.contract_save(actor=request.user, organisation=d["organisation"], supplier=obj,
                                       title=d["title"], number=d["number"], starts_on=d["starts_on"],
                                       ends_on=d["ends_on"], systems=d["systems"], commitments=d["commitments"],
                                       notify_hours=d["notify_hours"], data_location=d["data_location"])
                messages.success(request, _("Đã lưu hợp đồng."))
                return redirect(obj.get_absolute_url())
            if request.POST.get("form") == "assess" and assess_form.is_valid():
                d = assess_form.cleaned_data
                services.assessment_record(actor=request.user, supplier=obj, risk_level=d["risk_level"],
                                           notes=d["notes"], assessed_on=d["assessed_on"], next_due=d["next_due"])
                messages.success(request, _("Đã ghi nhận đánh giá."))
                return redirect(obj.get_absolute_url())
        except DomainError as exc:
            _form_error(contract_form if request.POST.get("form") == "contract" else assess_form, exc)
    return render(request, "preparedness/supplier.html", {
        "supplier": obj, "can_edit": can_edit, "can_contract": rules.can(request.user, "supplier.edit"), "contract_form": contract_form, "assess_form": assess_form,
        "contracts": selectors.contracts_of(user=request.user, supplier=obj),
        "exposed": selectors.exposed_systems(user=request.user, supplier=obj),
        "assessments": obj.assessments.all()[:20], "today": clock.today(),
    })


@login_required
def dependencies(request):
    return render(request, "preparedness/dependencies.html",
                  {"rows": selectors.supplier_dependencies(user=request.user)})


@login_required
def attestations(request):
    form = AttestationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            hosting.attestation_save(actor=request.user, provider=d["provider"], title=d["title"],
                                     requirement_ids=form.ids(), valid_from=d["valid_from"],
                                     valid_until=d["valid_until"], evidence=d["evidence"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu xác nhận kiểm soát; mức đáp ứng của các hệ thống đặt tại đây đã được "
                                        "tính lại."))
            return redirect("preparedness:attestations")
    rows = list(selectors.attestations_of(user=request.user))
    titles = hosting.requirement_titles()
    for a in rows:  # requirements by their names; the ids stay in a tooltip
        a.requirements = [(rid, titles.get(rid, rid)) for rid in a.requirement_ids or []]
    return render(request, "preparedness/attestations.html", {
        "rows": rows, "form": form, "today": clock.today(),
        "can_add": rules.can(request.user, "attestation.edit"),
    })


@login_required
def system_hosting(request, pk: int):
    from attt.systems import selectors as system_selectors

    system = system_selectors.system_get(user=request.user, pk=pk)
    rules.require(request.user, "system.edit", system)
    form = HostingForm(request.POST or None, user=request.user, initial={"hosted_by": system.hosted_by_id})
    if request.method == "POST" and form.is_valid():
        try:
            hosting.system_set_hosting(actor=request.user, system=system, provider=form.cleaned_data["hosted_by"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu nơi đặt hệ thống."))
            return redirect("systems:controls", pk=system.pk)
    return render(request, "preparedness/form.html", {"form": form, "title": _("Nơi đặt hệ thống: %(s)s")
                                                      % {"s": system.name}, "back": "preparedness:attestations"})
