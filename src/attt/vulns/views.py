"""Pages of the vulnerability and SOC module: thin, each calls one service or selector."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import clock, rules
from attt.core.errors import DomainError
from attt.core.jobs_views import job_context
from attt.core.models import Job
from attt.core.numbers import num

from . import selectors, services
from .forms import AddressForm, FixForm, RiskForm, ScanUploadForm
from .models import Finding, HostAssignment, SystemAddress


def _units(user):
    from attt.orgs.models import Organisation

    qs = Organisation.objects.visible_to(user).order_by("path")
    if user.is_superuser:
        return qs
    paths = user.scope_paths(roles=rules.roles_for("scan.import"))
    from django.db.models import Q

    cond = Q(pk__in=[])
    for p in paths:
        cond |= Q(path__startswith=p)
    return qs.filter(cond)


@login_required
def findings(request):
    rules.require(request.user, "finding.view")
    g = request.GET
    unit = None
    if (g.get("unit") or "").isdigit():
        from attt.orgs.models import Organisation

        unit = get_object_or_404(Organisation.objects.visible_to(request.user), pk=int(g["unit"]))
    system = None
    if (g.get("system") or "").isdigit():
        from attt.systems.models import System

        system = get_object_or_404(System.objects.visible_to(request.user), pk=int(g["system"]))
    after = None
    if g.get("after", "").count(".") == 1 and all(p.isdigit() for p in g["after"].split(".")):
        after = tuple(int(p) for p in g["after"].split("."))
    severity = g.get("severity") if (g.get("severity") or "").isdigit() else None
    state = g.get("state") or "active"
    if state not in {"active", "all", *Finding.State.values}:
        state = "active"
    rows = selectors.finding_page(selectors.finding_list(
        user=request.user, severity=severity, state=state, unit=unit, system=system, overdue=g.get("overdue") == "1",
        query=g.get("q", ""), after=after), selectors.PAGE + 1)
    more = len(rows) > selectors.PAGE
    rows = rows[:selectors.PAGE]
    params = g.copy()
    params.pop("after", None)
    next_qs = ""
    if more:
        params["after"] = f"{rows[-1].severity}.{rows[-1].pk}"
        next_qs = params.urlencode()
    return render(request, "vulns/findings.html", {
        "rows": rows, "next_qs": next_qs, "today": clock.today(), "severities": Finding.Severity.choices,
        "states": Finding.State.choices, "f": g, "unit": unit, "system": system,
        "overdue_count": selectors.sla_overdue_count(request.user),
        "can_import": rules.can(request.user, "scan.import")})


@login_required
def finding_detail(request, pk: int):
    finding = selectors.finding_get(user=request.user, pk=pk)
    seen_at, seen_scan = finding.last_seen_scan()
    return render(request, "vulns/finding.html", {
        "f": finding, "seen_at": seen_at, "seen_scan": seen_scan, "events": finding.events.select_related("actor", "scan"), "today": clock.today(),
        "fix_form": FixForm(), "risk_form": RiskForm(),
        "can_fix": rules.can(request.user, "finding.fix", finding),
        "can_approve": rules.can(request.user, "finding.approve_risk", finding)})


@login_required
@require_POST
def finding_act(request, pk: int, action: str):
    finding = selectors.finding_get(user=request.user, pk=pk)
    p = request.POST
    try:
        if action == "fix":
            form = FixForm(p, request.FILES)
            if not form.is_valid():
                raise DomainError(_("Hãy mô tả việc đã làm để khắc phục."))
            services.finding_fix(actor=request.user, finding=finding, note=form.cleaned_data["note"],
                                 evidence=form.cleaned_data.get("evidence"))
        elif action == "risk":
            form = RiskForm(p)
            if not form.is_valid():
                raise DomainError(_("Cần nêu lý do và ngày hết hạn (dd/mm/yyyy)."))
            services.finding_request_risk(actor=request.user, finding=finding, reason=form.cleaned_data["reason"],
                                          expires=form.cleaned_data["expires"])
        elif action in ("approve", "reject"):
            services.finding_decide_risk(actor=request.user, finding=finding, approve=action == "approve",
                                         note=p.get("note", ""))
        elif action == "false_positive":
            services.finding_mark_false_positive(actor=request.user, finding=finding, reason=p.get("reason", ""))
        else:
            raise DomainError(_("Thao tác không hợp lệ."))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật lỗ hổng."))
    return redirect(finding.get_absolute_url())


@login_required
def scan_import_page(request):
    rules.require(request.user, "scan.import")
    units = _units(request.user)
    form = ScanUploadForm(request.POST or None, request.FILES or None, units=units,
                          initial={"org": request.user.primary_membership().organisation_id
                                   if request.user.primary_membership() else None})
    if request.method == "POST" and form.is_valid():
        system = None
        if form.cleaned_data.get("system"):
            from attt.systems.models import System

            system = System.objects.visible_to(request.user).filter(pk=form.cleaned_data["system"]).first()
            if system is None:
                form.add_error("system", _("Không tìm thấy hệ thống trong phạm vi của bạn."))
        if not form.errors:
            try:
                job = services.scan_import_start(actor=request.user, organisation=form.cleaned_data["org"],
                                                 upload=form.cleaned_data["file"], system=system)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect(f"{reverse('vulns:import')}?job={job.pk}#job-{job.pk}")
    job = None
    if (request.GET.get("job") or "").isdigit():
        job = Job.objects.filter(user=request.user, kind="vulns.import", pk=int(request.GET["job"])).first()
    return render(request, "vulns/import.html", {
        "form": form, **job_context(request, job), "follow": True,
        "scans": selectors.scans_recent(user=request.user),
        "hosts": selectors.unmatched_hosts(user=request.user).filter(system__isnull=True)[:100]})


@login_required
def scan_detail(request, pk: int):
    scan = selectors.scan_get(user=request.user, pk=pk)
    from attt.systems.models import System

    from .services.matching import systems_in_unit

    hosts = selectors.unmatched_hosts(user=request.user, organisation=scan.organisation)
    unmatched = {h["host"] for h in scan.summary.get("unmatched_hosts", [])}
    choices = systems_in_unit(scan.organisation).filter(pk__in=System.objects.visible_to(request.user).values("pk"))
    return render(request, "vulns/scan.html", {
        "scan": scan, "s": scan.summary, "hosts": [h for h in hosts if h.host in unmatched],
        "systems": choices.order_by("name")[:500], "can_assign": rules.can(request.user, "scan.import",
                                                                            scan.organisation)})


@login_required
@require_POST
def host_assign(request, pk: int):
    assignment = get_object_or_404(HostAssignment.objects.visible_to(request.user), pk=pk)
    system = None
    if (request.POST.get("system") or "").isdigit():
        from attt.systems.models import System

        system = get_object_or_404(System.objects.visible_to(request.user), pk=int(request.POST["system"]))
    try:
        assignment = services.host_assign(actor=request.user, assignment=assignment, system=system)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if system is None:
            messages.success(request, _("Đã bỏ gắn máy %(h)s.") % {"h": assignment.host})
        else:
            landed = assignment.landed
            messages.success(request, _(
                "Đã gắn máy %(h)s vào hệ thống %(s)s: %(new)s phát hiện mới, %(known)s đã biết, %(re)s mở lại; "
                "các lần nhập sau đưa kết quả của máy vào hệ thống này.") % {
                "h": assignment.host, "s": system.name, "new": num(landed.get("new", 0)),
                "known": num(landed.get("known", 0)), "re": num(landed.get("reopened", 0))})
    return redirect(request.POST.get("next") or reverse("vulns:import"))


@login_required
def addresses(request, system_id: int):
    from attt.systems.models import System

    system = get_object_or_404(System.objects.visible_to(request.user), pk=system_id)
    can_edit = rules.can(request.user, "address.edit", system)
    form = AddressForm(request.POST or None)
    if request.method == "POST":
        rules.require(request.user, "address.edit", system)
        if form.is_valid():
            try:
                services.address_add(actor=request.user, system=system, kind=form.cleaned_data["kind"],
                                     value=form.cleaned_data["value"])
            except DomainError as exc:
                form.add_error("value", exc.message)
            else:
                messages.success(request, _("Đã thêm địa chỉ."))
                return redirect("vulns:addresses", system_id=system.pk)
    return render(request, "vulns/addresses.html", {"system": system, "rows": selectors.addresses_of(system),
                                                    "form": form, "can_edit": can_edit})


@login_required
@require_POST
def address_delete(request, pk: int):
    address = get_object_or_404(SystemAddress.objects.visible_to(request.user).select_related("system"), pk=pk)
    services.address_remove(actor=request.user, address=address)
    messages.success(request, _("Đã xóa địa chỉ."))
    return redirect("vulns:addresses", system_id=address.system_id)


@login_required
def alerts(request):
    rules.require(request.user, "alert.view")
    from attt.core.pagination import paginate

    rows = selectors.alert_list(user=request.user, unmatched=request.GET.get("unmatched") == "1")
    return render(request, "vulns/alerts.html", {"page": paginate(request, rows), "unmatched": request.GET.get("unmatched"),
                                                 "under_soc": selectors.systems_under_soc(request.user),
                                                 "window": selectors.soc_window_days()})


@login_required
def alert_detail(request, pk: int):
    alert = selectors.alert_get(user=request.user, pk=pk)
    return render(request, "vulns/alert.html", {"a": alert, "can_promote": rules.can(request.user, "alert.promote",
                                                                                    alert)})


@login_required
@require_POST
def alert_promote(request, pk: int):
    alert = selectors.alert_get(user=request.user, pk=pk)
    try:
        incident = services.alert_promote(actor=request.user, alert=alert)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(alert.get_absolute_url())
    messages.success(request, _("Đã tạo sự cố từ cảnh báo."))
    return redirect(incident.get_absolute_url())
