"""Pages of the reporting module: dashboard and drill-downs, coverage snapshots and their
import, four-layer status, unit and province reports, official exports."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import cached, clock, rules, table_views
from attt.core import jobs as core_jobs
from attt.core.jobs_views import job_context
from attt.core.errors import DomainError
from attt.core.pagination import paginate, querystring_without_page
from attt.core.tabular import xlsx_response

from . import charts, jobs, periods, sections, selectors, services, tabular
from .exports import FORMATS, parts
from .forms import CorrectForm, LayersForm, ReportEditForm, ReportNewForm, SnapshotForm
from .models import COVERAGE_FIELDS, COVERAGE_NAMES, Report


def _period(request) -> periods.Period:
    today = clock.today()
    text = request.GET.get("period") or ""
    if not text:
        return periods.containing(today)
    try:
        period = periods.parse(text)
    except periods.PeriodError as exc:
        messages.error(request, str(exc))
        return periods.containing(today)
    if period.is_future(today):
        messages.error(request, _("Kỳ %(p)s chưa bắt đầu; đang hiển thị kỳ hiện tại.") % {"p": period.title()})
        return periods.containing(today)
    return period


def _period_choices():
    today = clock.today()
    out = [(p.code, p.title()) for p in periods.recent(today, 8)]
    year = today.year
    out += [(str(y), periods.Period(y).title()) for y in (year, year - 1)]
    return out


def _svg(chart):
    return mark_safe(charts.to_svg(chart)) if chart is not None else ""


def _writable_orgs(user, action="coverage.enter"):
    from attt.orgs.models import Organisation

    paths = user.scope_paths(roles=rules.roles_for(action)) if not user.is_superuser else ["/"]
    from django.db.models import Q

    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    if not paths:
        return Organisation.objects.none()
    return Organisation.objects.filter(q, valid_to__isnull=True).exclude(kind=Organisation.Kind.PROVINCE).order_by("path")


# --- home, dashboard ---------------------------------------------------------------------------

@login_required
def index(request):
    rules.require(request.user, "report.view")
    period = _period(request)
    unit = selectors.reporting_unit_of(request.user)
    mine = selectors.report_list(user=request.user, period=period)[:50]
    return render(request, "reporting/index.html", {
        "period": period, "choices": _period_choices(), "reports": mine, "unit": unit,
        "can_edit": unit is not None and rules.can(request.user, "report.edit", unit),
        "can_dashboard": rules.can(request.user, "dashboard.view"),
        "can_province": rules.can(request.user, "report.province"),
    })


# The dashboard's page as shown without a unit search is kept like its figures (attt.core.cached):
# rendering 50 scorecard rows and the charts costs more than computing nothing again. Only the
# parameters below vary it, so the kept pages stay few.
_DASHBOARD_KEPT_PARAMS = {"period", "order", "page"}


@login_required
def dashboard(request):
    period = _period(request)
    key = selectors.dashboard_key(user=request.user, period=period)  # checks the right to see it
    can_province = rules.can(request.user, "report.province", key.province)
    page = request.GET.get("page") or "1"
    plain = (set(request.GET) <= _DASHBOARD_KEPT_PARAMS and request.GET.get("period", period.code) == period.code
             and request.GET.get("order", "best") == "best" and page.isdigit() and int(page) <= 100)
    if plain:
        body = cached.figures("dashboard.page", (key.text, request.GET.get("order") == "best", page, can_province),
                              lambda: _dashboard_body(request, period, can_province))
    else:
        body = _dashboard_body(request, period, can_province)
    return render(request, "reporting/dashboard.html", {"body": body})


def _dashboard_body(request, period, can_province: bool) -> str:
    board = selectors.dashboard(user=request.user, period=period)
    # The scorecard shows one page of units (lowest scores first, or best first), with a search.
    order = "best" if request.GET.get("order") == "best" else ""
    unit_q = (request.GET.get("unit_q") or "").strip()[:100]
    scorecard = paginate(request, selectors.scorecard_rows(board, query=unit_q, order=order),
                         selectors.SCORECARD_PAGE)
    return render_to_string("reporting/_dashboard.html", {
        "board": board, "period": period, "choices": _period_choices(),
        "page": scorecard, "qs": querystring_without_page(request), "order": order, "unit_q": unit_q,
        "svg": {k: _svg(c) for k, c in board.charts.items()}, "can_province": can_province,
    }, request=request)


@login_required
def figure(request, key: str):
    period = _period(request)
    board = selectors.dashboard(user=request.user, period=period)
    kind = request.GET.get("kind") or ""
    if kind:
        label, rows = selectors.kind_figure_rows(board=board, key=key, kind=kind)
    else:
        label, rows = selectors.figure_rows(board=board, key=key)
    rows.sort(key=lambda r: (r["pct"] is None, r["pct"] if r["pct"] is not None else 0, r["unit"].name))
    n = sum(r["n"] for r in rows)
    d = sum(r["d"] for r in rows)
    return render(request, "reporting/figure.html", {
        "board": board, "period": period, "label": label, "rows": rows, "key": key, "n": n, "d": d, "kind": kind,
    })


@login_required
def unit(request, pk: int):
    from attt.orgs.selectors import org_get

    org = org_get(user=request.user, pk=pk)
    rules.require(request.user, "report.view", org)
    period = _period(request)
    shown = []
    for section in sections.for_scope(sections.UNIT):
        data = section.provide(org, period, request.user)
        rows = []
        if data.rows is not None:
            for i, row in enumerate(data.rows):
                if i >= 100:
                    break
                rows.append(row)
        chart = section.chart(data.as_json()) if section.chart and data.available else None
        shown.append({"section": section, "data": data, "rows": rows, "svg": _svg(chart)})
    return render(request, "reporting/unit.html", {
        "org": org, "period": period, "choices": _period_choices(), "shown": shown,
        "reports": selectors.report_list(user=request.user).filter(organisation=org)[:20],
        "snapshots": selectors.snapshot_list(user=request.user, org=org)[:20],
    })


# --- coverage ----------------------------------------------------------------------------------

@login_required
def coverage_list(request):
    rules.require(request.user, "coverage.view")
    org = None
    if request.GET.get("org"):
        from attt.orgs.selectors import org_get

        try:
            org = org_get(user=request.user, pk=int(request.GET["org"]))
        except ValueError:
            raise Http404 from None
    rows = selectors.snapshot_list(user=request.user, org=org)
    if request.GET.get("export") == "xlsx":
        return xlsx_response("so-lieu-bao-phu.xlsx", tabular.HEADER_VI, tabular.export_rows(rows),
                             sheet_title="So lieu bao phu")
    return render(request, "reporting/coverage_list.html", {
        "page": paginate(request, rows), "org": org, "qs": querystring_without_page(request),
        "fields": COVERAGE_FIELDS, "can_enter": rules.can(request.user, "coverage.enter"),
    })


@login_required
def coverage_new(request):
    rules.require(request.user, "coverage.enter")
    orgs = _writable_orgs(request.user)
    initial = {"as_of": clock.today()}
    if request.GET.get("org"):
        initial["organisation"] = request.GET["org"]
    form = SnapshotForm(request.POST or None, organisations=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            snap = services.snapshot_create(actor=request.user, organisation=data["organisation"], as_of=data["as_of"],
                                            values={n: data.get(n) for n in COVERAGE_NAMES}, note=data["note"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu số liệu của “%(o)s” ngày %(d)s.") % {
                "o": snap.organisation.name, "d": snap.as_of.strftime("%d/%m/%Y")})
            return redirect(f"{reverse('reporting:coverage_list')}?org={snap.organisation_id}")
    return render(request, "reporting/coverage_form.html", {"form": form})


@login_required
def coverage_import(request):
    rules.require(request.user, "coverage.enter")
    return table_views.import_page(request, kind=tabular.IMPORT, label=_("Nhập số liệu bao phủ"),
                                   template="reporting/coverage_import.html")


@login_required
def layers(request):
    rules.require(request.user, "coverage.view")
    from attt.systems.models import System

    systems = System.objects.visible_to(request.user).select_related("owner").order_by("owner__path", "name")
    latest = {}
    for row in selectors.layers_list(user=request.user).filter(system__in=systems.values("pk")):
        latest.setdefault(row.system_id, row)
    page = paginate(request, systems)
    items = [(s, latest.get(s.pk)) for s in page.object_list]
    return render(request, "reporting/layers.html", {"page": page, "items": items,
                                                     "qs": querystring_without_page(request)})


@login_required
def layers_edit(request, system_pk: int):
    from attt.systems.models import System

    system = get_object_or_404(System.objects.visible_to(request.user).select_related("owner"), pk=system_pk)
    rules.require(request.user, "coverage.enter", system)
    form = LayersForm(request.POST or None, initial={"as_of": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.layers_record(actor=request.user, system=system, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu mô hình 4 lớp của “%(s)s”.") % {"s": system.name})
            return redirect("reporting:layers")
    history = selectors.layers_list(user=request.user).filter(system=system)[:20]
    return render(request, "reporting/layers_form.html", {"form": form, "system": system, "history": history})


# --- reports -----------------------------------------------------------------------------------

@login_required
def report_list(request):
    rules.require(request.user, "report.view")
    period = None
    if request.GET.get("period"):
        period = _period(request)
    kind = request.GET.get("kind") if request.GET.get("kind") in Report.Kind.values else ""
    rows = selectors.report_list(user=request.user, period=period, kind=kind)
    return render(request, "reporting/report_list.html", {
        "page": paginate(request, rows), "period": period, "kind": kind, "choices": _period_choices(),
        "qs": querystring_without_page(request)})


@login_required
def report_new(request):
    """A unit's draft report (GET: the form; POST: create and open it). With kind=province,
    the province report (specialist, admin)."""
    kind = Report.Kind.PROVINCE if request.POST.get("kind", request.GET.get("kind")) == "province" else Report.Kind.UNIT
    if kind == Report.Kind.PROVINCE:
        rules.require(request.user, "report.province")
        province = selectors.user_province(request.user) if not request.user.is_superuser else None
        from attt.orgs.models import Organisation

        orgs = Organisation.objects.filter(pk=province.pk) if province else Organisation.objects.filter(
            kind=Organisation.Kind.PROVINCE)
    else:
        rules.require(request.user, "report.edit")
        from attt.orgs.models import Organisation

        from . import rulesdata

        orgs = _writable_orgs(request.user, "report.edit").filter(parent__kind=Organisation.Kind.PROVINCE,
                                                                  kind__in=rulesdata.reporting_kinds())
    initial = {"period": request.GET.get("period") or periods.containing(clock.today()).code}
    if orgs.count() == 1:
        initial["organisation"] = orgs.first().pk
    form = ReportNewForm(request.POST or None, organisations=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            period = periods.parse(form.cleaned_data["period"])
            report = services.report_create(actor=request.user, organisation=form.cleaned_data["organisation"],
                                            period=period, kind=kind)
        except periods.PeriodError as exc:
            form.add_error("period", str(exc))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(report)
    return render(request, "reporting/report_new.html", {"form": form, "kind": kind})


@login_required
def report_detail(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    action = "report.province" if report.kind == Report.Kind.PROVINCE else "report.edit"
    shown = []
    for part in parts(report):
        rows = []
        if part.data.get("rows"):
            for i, row in enumerate(part.rows(report)):
                if i >= 50:
                    break
                rows.append(row)
        shown.append({"part": part, "rows": rows, "svg": _svg(part.chart)})
    missing = []
    if report.kind == Report.Kind.PROVINCE:
        from . import figures

        missing = [u.unit for u in figures.province_units(report.organisation, report.period, user=request.user)
                   if not u.submitted]
    job = core_jobs.job_for_page(user=request.user, kind=jobs.EXPORT, target=f"report:{report.pk}",
                                 job_id=request.GET.get("job"))
    return render(request, "reporting/report_detail.html", {
        **job_context(request, job), "job_key": f"{jobs.EXPORT}|report:{report.pk}",
        "report": report, "shown": shown, "history": selectors.report_history(report), "missing": missing,
        "can_edit": rules.can(request.user, action, report), "formats": list(FORMATS),
        "overdue": report.status == Report.Status.DRAFT and clock.today() > report.due_date,
    })


@login_required
def report_edit(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    services._require_edit(request.user, report)
    if report.is_frozen:
        messages.error(request, _("Báo cáo đã gửi thì giữ nguyên; muốn sửa, hãy lập bản điều chỉnh."))
        return redirect(report)
    form = ReportEditForm(request.POST or None, initial={n: getattr(report, n) for n in services.NARRATIVE})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    return render(request, "reporting/report_edit.html", {"form": form, "report": report})


def _post_action(request, pk, fn, ok_message):
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        result = fn(report)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(report)
    messages.success(request, ok_message)
    return redirect(result)


@login_required
@require_POST
def report_refresh(request, pk: int):
    return _post_action(request, pk, lambda r: services.report_generate(actor=request.user, report=r),
                        _("Đã lấy lại số liệu từ hệ thống."))


@login_required
@require_POST
def report_submit(request, pk: int):
    return _post_action(request, pk, lambda r: services.report_submit(actor=request.user, report=r),
                        _("Đã gửi báo cáo."))


@login_required
def report_correct(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    services._require_edit(request.user, report)
    form = CorrectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.report_correct(actor=request.user, report=report, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lập bản điều chỉnh lần %(v)s.") % {"v": new.version})
            return redirect(new)
    return render(request, "reporting/report_correct.html", {"form": form, "report": report})


@login_required
@require_POST
def report_export(request, pk: int, fmt: str):
    """Starts the export as a background job; the report page shows its progress and the file."""
    report = selectors.report_get(user=request.user, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    try:
        job = jobs.report_export_start(actor=request.user, report=report, fmt=fmt)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(report)
    return redirect(f"{report.get_absolute_url()}?job={job.pk}#job-{job.pk}")
