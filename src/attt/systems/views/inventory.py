"""Pages of the inventory: list (with export), register, detail, edit, classify, import."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from attt.core import once, rules
from attt.core.errors import DomainError, RowErrors
from attt.core.keyset import keyset_paginate, querystring_without_cursor
from attt.core.pagination import paginate, querystring_without_page
from attt.core.tabular import csv_response, xlsx_response
from attt.regimes import rules_engine

from .. import selectors, services, tabular
from ..forms import SystemForm, classification_form_class
from ..models import Dossier, System


# What the list page shows (list.html, _level.html): the rest of a system's row is not read.
LIST_COLUMNS = ("id", "name", "status", "approved_level", "proposed_level", "compliance", "owner", "operator",
                "owner__name", "operator__name")


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def system_list(request):
    rules.require(request.user, "system.view")
    query = (request.GET.get("q") or "").strip()[:200]
    level = (request.GET.get("level") or "")[:1]
    status = request.GET.get("status") or ""
    approval = request.GET.get("approval") or ""
    owner = request.GET.get("owner") or ""
    rows = selectors.system_list(user=request.user, query=query, level=level, status=status, approval=approval,
                                 owner_id=int(owner) if owner.isdigit() else None)
    if request.GET.get("export") in {"xlsx", "csv"}:
        data = tabular.export_rows(rows)
        if request.GET["export"] == "csv":
            return csv_response("he-thong-thong-tin.csv", tabular.HEADER_VI, data)
        return xlsx_response("he-thong-thong-tin.xlsx", tabular.HEADER_VI, data, sheet_title="He thong")
    rows = rows.only(*LIST_COLUMNS)
    return render(request, "systems/list.html", {
        "page": keyset_paginate(request, rows), "query": query, "level": level, "status": status, "approval": approval,
        "statuses": System.Status.choices, "qs": querystring_without_cursor(request),
        "can_edit": rules.can(request.user, "system.edit"),
    })


def _save_products(request, system, text: str) -> None:
    products = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 1:
            parts = ["", parts[0], ""]
        parts += [""] * (3 - len(parts))
        products.append({"vendor": parts[0], "product": parts[1], "version": parts[2]})
    services.system_set_products(actor=request.user, system=system, products=products)


@login_required
def system_create(request):
    rules.require(request.user, "system.edit")
    form = SystemForm(request.POST or None, user=request.user, regime_choices=rules_engine.regime_choices())
    if request.method == "POST":
        first, key, earlier = once.claim(request, f"system_create:{request.user.pk}")
        if not first:  # the same form sent twice (a double click): show what the first one made
            if earlier:
                messages.info(request, _("Biểu mẫu đã được gửi một lần; hệ thống đã được đăng ký từ lần gửi đó."))
                return redirect(earlier)
            form.add_error(None, _("Biểu mẫu này đang được xử lý; vui lòng đợi giây lát rồi tải lại trang."))
    else:
        key = None
    if request.method == "POST" and not form.errors and form.is_valid():
        data = dict(form.cleaned_data)
        products = data.pop("products", "")
        try:
            from django.db import transaction

            with transaction.atomic():
                system = services.system_create(actor=request.user, **data)
                _save_products(request, system, products)
        except DomainError as exc:
            once.release(key)
            _form_error(form, exc)
        except PermissionDenied as exc:
            once.release(key)
            form.add_error("owner", str(exc) or _("Bạn không có quyền đăng ký hệ thống cho đơn vị này."))
        else:
            once.remember(key, reverse("systems:classify", args=[system.pk]))
            messages.success(request, _("Đã đăng ký hệ thống “%(n)s”. Hãy xác định cấp độ.") % {"n": system.name})
            return redirect("systems:classify", pk=system.pk)
    elif request.method == "POST" and key and form.errors and "__all__" not in form.errors:
        once.release(key)
    return render(request, "systems/form.html", {"form": form, "title": _("Đăng ký hệ thống thông tin")})


@login_required
def system_edit(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    rules.require(request.user, "system.edit", system)
    products = "\n".join(" | ".join((p.vendor, p.product, p.version)) for p in system.products.all())
    form = SystemForm(request.POST or None, instance=System.objects.get(pk=system.pk), user=request.user,
                      regime_choices=rules_engine.regime_choices(), initial={"products": products})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        products = data.pop("products", "")
        try:
            from django.db import transaction

            with transaction.atomic():
                system = services.system_update(actor=request.user, system=system, **data)
                _save_products(request, system, products)
        except DomainError as exc:
            _form_error(form, exc)
        except PermissionDenied as exc:
            form.add_error("owner", str(exc))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(system)
    return render(request, "systems/form.html", {"form": form, "system": system, "title": _("Sửa hệ thống")})


@login_required
def system_detail(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    dossiers = system.dossiers.order_by("-created_at", "-id")
    return render(request, "systems/detail.html", {
        "system": system, "dossiers": dossiers, "products": system.products.all(),
        "components": system.components.all(),
        "open_dossier": next((d for d in dossiers if d.is_open), None),
        "can_edit": rules.can(request.user, "system.edit", system),
        "can_prepare": rules.can(request.user, "dossier.prepare", system),
        "regime_code": services.system_regime_code(system),
        "n_controls": system.controls.filter(active=True).count(),
    })


@login_required
def system_classify(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    rules.require(request.user, "dossier.prepare", system)
    regime = services.system_regime(system)
    form_class = classification_form_class(regime)
    initial = services.default_facts(system, regime)
    form = form_class(request.POST or None, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proposed, reason = data.pop("proposed_level", None), data.pop("higher_reason", "")
        facts = {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in data.items()}
        try:
            if request.POST.get("preview"):
                from ..services.classification import evaluate

                result = evaluate(system, facts, regime)
            else:
                dossier = services.classify_system(actor=request.user, system=system, facts=facts,
                                                   proposed_level=proposed, higher_reason=reason)
                messages.success(request, _("Đã lưu đề xuất cấp độ %(l)s vào hồ sơ HS-%(n)s.")
                                 % {"l": dossier.level, "n": dossier.pk})
                return redirect(dossier)
        except DomainError as exc:
            _form_error(form, exc)
    elif request.method == "GET":
        from ..services.classification import evaluate

        try:
            result = evaluate(system, initial, regime)
        except DomainError:
            result = None
    open_dossier = system.dossiers.filter(state__in=Dossier.OPEN_STATES).first()
    fact_fields = [form[name] for name in regime.facts]
    return render(request, "systems/classify.html", {
        "system": system, "regime": regime, "form": form, "fact_fields": fact_fields, "result": result,
        "criteria": {c.id: c for c in regime.level_criteria}, "open_dossier": open_dossier,
    })


@login_required
def system_import(request):
    rules.require(request.user, "system.import")
    from attt.core import table_views

    return table_views.import_page(request, kind="systems.import", label=_("Nhập danh mục hệ thống"),
                                   template="systems/import.html")
