"""Pages for SOC sources (register, edit, deactivate, re-issue the token), their promotion rules,
and the quarterly trend of findings. Thin: each calls one service or selector."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import rules
from attt.core.errors import DomainError

from . import selectors, services
from .charts import bar_svg
from .forms import PromotionRuleForm, SocSourceEditForm, SocSourceForm


def _provinces(user):
    return selectors.soc_units(user=user).filter(parent__isnull=True)


def _rule_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def soc_sources(request):
    rules.require(request.user, "soc.manage")
    units = selectors.soc_units(user=request.user)
    form = SocSourceForm(request.POST or None, units=units)
    created = token = None
    if request.method == "POST" and form.is_valid():
        try:
            created, token = services.soc_source_create(actor=request.user, organisation=form.cleaned_data["organisation"],
                                                        name=form.cleaned_data["name"])
        except DomainError as exc:
            _rule_error(form, exc)
        else:
            form = SocSourceForm(units=units)
    return render(request, "vulns/soc_sources.html", {
        "rows": selectors.soc_sources(user=request.user), "form": form, "created": created, "token": token,
        "defaults": selectors.promotion_rules(user=request.user), "rule_form": PromotionRuleForm(),
        "provinces": _provinces(request.user)})


def _source_page(request, source, *, edit_form=None, rule_form=None, token=None, status=200):
    return render(request, "vulns/soc_source.html", {
        "source": source, "token": token,
        "edit_form": edit_form or SocSourceEditForm(initial={"name": source.name, "active": source.active}),
        "rule_form": rule_form or PromotionRuleForm(), "rules": selectors.promotion_rules(user=request.user, source=source),
        "coverage": selectors.soc_coverage(source)[:500], "window": selectors.soc_window_days()}, status=status)


@login_required
def soc_source(request, pk: int):
    source = selectors.soc_source_get(user=request.user, pk=pk)
    rules.require(request.user, "soc.manage", source)
    if request.method != "POST":
        return _source_page(request, source)
    form = SocSourceEditForm(request.POST)
    if form.is_valid():
        try:
            services.soc_source_update(actor=request.user, source=source, name=form.cleaned_data["name"],
                                       active=form.cleaned_data["active"])
        except DomainError as exc:
            _rule_error(form, exc)
        else:
            messages.success(request, _("Đã lưu nguồn SOC."))
            return redirect(source.get_absolute_url())
    return _source_page(request, source, edit_form=form, status=400)


@login_required
@require_POST
def soc_source_token(request, pk: int):
    source = selectors.soc_source_get(user=request.user, pk=pk)
    token = services.soc_source_reissue(actor=request.user, source=source)
    source.refresh_from_db()
    return _source_page(request, source, token=token)


@login_required
@require_POST
def soc_source_rule_add(request, pk: int):
    source = selectors.soc_source_get(user=request.user, pk=pk)
    form = PromotionRuleForm(request.POST)
    form.is_valid()
    try:
        services.promotion_rule_create(actor=request.user, source=source, data=form.cleaned_data)
    except DomainError as exc:
        _rule_error(form, exc)
        return _source_page(request, source, rule_form=form, status=400)
    messages.success(request, _("Đã thêm luật tự động chuyển thành sự cố."))
    return redirect(source.get_absolute_url())


@login_required
@require_POST
def soc_default_rule_add(request):
    rules.require(request.user, "soc.manage")
    provinces = _provinces(request.user)
    value = request.POST.get("province") or ""
    province = (provinces.filter(pk=int(value)).first()
                if value.isascii() and value.isdigit() and len(value) <= 18 else None)
    if province is None and provinces.count() == 1 and not value:
        province = provinces.first()
    form = PromotionRuleForm(request.POST)
    form.is_valid()
    try:
        if province is None:
            raise DomainError(_("Hãy chọn tỉnh áp dụng luật mặc định."))
        services.promotion_rule_create(actor=request.user, province=province, data=form.cleaned_data)
    except DomainError as exc:
        _rule_error(form, exc)
        return render(request, "vulns/soc_sources.html", {
            "rows": selectors.soc_sources(user=request.user), "form": SocSourceForm(units=selectors.soc_units(
                user=request.user)), "defaults": selectors.promotion_rules(user=request.user), "rule_form": form,
            "provinces": provinces}, status=400)
    messages.success(request, _("Đã thêm luật mặc định toàn tỉnh."))
    return redirect("vulns:soc_sources")


@login_required
def soc_rule(request, pk: int):
    rule = selectors.promotion_rule_get(user=request.user, pk=pk)
    rules.require(request.user, "soc.manage", rule)
    form = PromotionRuleForm(request.POST) if request.method == "POST" else PromotionRuleForm.for_rule(rule)
    status = 200
    if request.method == "POST":
        form.is_valid()
        try:
            services.promotion_rule_update(actor=request.user, rule=rule, data=form.cleaned_data)
        except DomainError as exc:
            _rule_error(form, exc)
            status = 400
        else:
            messages.success(request, _("Đã lưu luật."))
            return redirect(rule.source.get_absolute_url() if rule.source_id else "vulns:soc_sources")
    return render(request, "vulns/soc_rule.html", {"rule": rule, "form": form}, status=status)


@login_required
def trend(request):
    rules.require(request.user, "finding.view")
    from attt.orgs.models import Organisation

    units = Organisation.objects.visible_to(request.user).filter(valid_to__isnull=True).order_by("path")
    unit = None
    value = request.GET.get("unit") or ""
    if value:
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            messages.error(request, _("Đơn vị không hợp lệ."))
        else:
            unit = get_object_or_404(units, pk=int(value))
    value = request.GET.get("quarters") or "8"
    quarters = int(value) if value.isascii() and value.isdigit() and 4 <= int(value) <= 8 else 8
    rows = selectors.quarterly_trend(user=request.user, unit=unit, quarters=quarters)
    charts = [mark_safe(bar_svg(_("Lỗ hổng còn mở cuối quý"), [(r["quarter"], r["open"]["total"]) for r in rows])),
              mark_safe(bar_svg(_("Lỗ hổng quá hạn cuối quý"), [(r["quarter"], r["overdue"]["total"]) for r in rows],
                                color="#dc3545")),
              mark_safe(bar_svg(_("Phát hiện mới trong quý"), [(r["quarter"], r["new"]["total"]) for r in rows],
                                color="#fd7e14")),
              mark_safe(bar_svg(_("Đã khắc phục trong quý"), [(r["quarter"], r["fixed"]["total"]) for r in rows],
                                color="#198754"))]
    return render(request, "vulns/trend.html", {"rows": rows, "unit": unit, "units": units[:1000], "charts": charts,
                                                "quarters": quarters, "quarter_choices": [4, 5, 6, 7, 8]})
