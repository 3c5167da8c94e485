"""Pages of the regimes module: the regimes in force, one regime by section, its versions, the
amendment of a section (a new version) and the working-day calendar."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from attt.core import clock, rules
from attt.core.errors import DomainError

from . import rules_engine, services, store
from .models import RegimeVersion

SECTIONS = [
    ("level_criteria", gettext_lazy("Tiêu chí xác định cấp độ")),
    ("authority", gettext_lazy("Thẩm quyền thẩm định, phê duyệt và thời hạn")),
    ("dossier_parts", gettext_lazy("Thành phần hồ sơ")),
    ("requirements", gettext_lazy("Yêu cầu bảo đảm ATTT theo cấp độ")),
    ("design_measures", gettext_lazy("Biện pháp thiết kế")),
    ("duties", gettext_lazy("Nhiệm vụ định kỳ")),
    ("incident_clocks", gettext_lazy("Thời hạn báo cáo sự cố")),
    ("facts", gettext_lazy("Câu hỏi phân loại (dữ kiện)")),
    ("settings", gettext_lazy("Tham số của tỉnh")),
    ("sources", gettext_lazy("Văn bản nguồn")),
]
CALENDAR_SECTIONS = [("years", gettext_lazy("Ngày nghỉ theo năm")), ("weekend", gettext_lazy("Ngày nghỉ hằng tuần"))]


class AmendForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Nội dung (YAML hoặc JSON)"),
                           widget=forms.Textarea(attrs={"rows": 24, "class": "form-control font-monospace",
                                                        "spellcheck": "false"}))
    note = forms.CharField(label=gettext_lazy("Lý do thay đổi"), max_length=2000,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


@login_required
def regime_list(request):
    rules.require(request.user, "regime.view")
    rows = RegimeVersion.objects.filter(is_current=True).order_by("kind", "valid_from")
    if not rows:
        services.load_regimes(actor=None)
        rows = RegimeVersion.objects.filter(is_current=True).order_by("kind", "valid_from")
    return render(request, "regimes/list.html", {"rows": rows, "can_manage": rules.can(request.user, "regime.manage")})


def _version(code: str, number: str | None) -> RegimeVersion:
    qs = RegimeVersion.objects.filter(code=code, kind=RegimeVersion.Kind.REGIME)
    if number:
        if not str(number).isdigit():
            raise Http404
        return get_object_or_404(qs, version=int(number))
    return get_object_or_404(qs, is_current=True)


@login_required
def regime_detail(request, code: str):
    rules.require(request.user, "regime.view")
    version = _version(code, request.GET.get("v"))
    regime = rules_engine._build(version)
    authority = [regime.authority[lv] for lv in sorted(regime.authority)]
    return render(request, "regimes/detail.html", {
        "version": version, "regime": regime, "authority": authority,
        "versions": RegimeVersion.objects.filter(code=code).select_related("created_by").order_by("-version"),
        "sections": SECTIONS, "can_manage": rules.can(request.user, "regime.manage"),
    })


def _amend(request, code: str, sections, template_back):
    rules.require(request.user, "regime.manage")
    current = get_object_or_404(RegimeVersion, code=code, is_current=True)
    allowed = dict(sections)
    section = request.GET.get("section") or request.POST.get("section") or sections[0][0]
    if section not in allowed:
        raise Http404
    data = store.from_json(current.data)
    form = AmendForm(request.POST or None, initial={"text": store.dump_yaml(data.get(section))})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.regime_amend(actor=request.user, code=code, section=section,
                                            text=form.cleaned_data["text"], note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error("text" if exc.field == "text" else None, exc.message)
        else:
            messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": version.version})
            return redirect(version.get_absolute_url())
    return render(request, "regimes/amend.html", {"form": form, "current": current, "section": section,
                                                  "section_label": allowed[section], "sections": sections,
                                                  "back": template_back})


@login_required
def regime_amend(request, code: str):
    get_object_or_404(RegimeVersion, code=code, kind=RegimeVersion.Kind.REGIME, is_current=True)
    from django.urls import reverse

    return _amend(request, code, SECTIONS, reverse("systems:regimes:detail", args=[code]))


@login_required
@require_POST
def regime_activate(request, pk: int):
    version = get_object_or_404(RegimeVersion, pk=pk)
    services.regime_activate(actor=request.user, version=version)
    messages.success(request, _("Đã áp dụng lại phiên bản %(n)s.") % {"n": version.version})
    return redirect(version.get_absolute_url())


@login_required
def calendar(request):
    rules.require(request.user, "regime.view")
    version = RegimeVersion.objects.filter(kind=RegimeVersion.Kind.CALENDAR, is_current=True).first()
    if version is None:
        services.load_regimes(actor=None)
        version = get_object_or_404(RegimeVersion, kind=RegimeVersion.Kind.CALENDAR, is_current=True)
    cal = rules_engine._build(version)
    this_year = clock.today().year
    shown = set(cal.years) | ({*range(this_year - 1, this_year + 3)} if cal.statutory else set())
    years = sorted(shown)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() and cal.covers(int(year)) else (
        this_year if this_year in shown else (years[-1] if years else None))
    if year is not None and year not in years:
        years = sorted({*years, year})
    return render(request, "regimes/calendar.html", {
        "version": version, "years": years, "year": year,
        "holidays": cal.holidays_of(year) if year is not None else [],
        "extra": cal.workdays_extra_of(year) if year is not None else [],
        "versions": RegimeVersion.objects.filter(code=version.code).order_by("-version"),
        "can_manage": rules.can(request.user, "regime.manage"),
    })


@login_required
def calendar_amend(request):
    from django.urls import reverse

    version = get_object_or_404(RegimeVersion, kind=RegimeVersion.Kind.CALENDAR, is_current=True)
    return _amend(request, version.code, CALENDAR_SECTIONS, reverse("systems:regimes:calendar"))
