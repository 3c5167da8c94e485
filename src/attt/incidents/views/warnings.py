"""Pages for warnings: list, publish, detail (the specialist's matrix; a unit's own answer),
acknowledge, confirm remediation, remind the late units, add a unit by hand, evidence download."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import clock, jobs, rules
from attt.core.documents import pages as documents_pages
from attt.core.errors import DomainError
from attt.core.jobs_views import start_from_page
from attt.core.pagination import paginate, querystring_without_page

from .. import selectors, services
from ..forms import FixForm, TargetAddForm, WarningForm
from ..models import Incident, WarningTarget
from .incidents import _ascii, form_error


@login_required
def warning_list(request):
    rules.require(request.user, "warning.view")
    query = (request.GET.get("q") or "").strip()[:200]
    rows = selectors.warning_list(user=request.user, query=query)
    return render(request, "incidents/warnings.html", {
        "page": paginate(request, rows), "query": query, "qs": querystring_without_page(request),
        "can_publish": rules.can(request.user, "warning.publish"), "title": _("Cảnh báo"), "today": clock.today()})


def _units_by_codes(user, text: str):
    from attt.orgs.models import Organisation

    codes = [c.strip() for c in (text or "").replace(";", ",").split(",") if c.strip()]
    units = list(Organisation.objects.visible_to(user).filter(code__in=codes))
    missing = sorted(set(codes) - {u.code for u in units})
    if missing:
        raise DomainError(_("Không tìm thấy đơn vị mã: %(c)s.") % {"c": ", ".join(missing)}, field="unit_codes")
    return units


def _issuer(user):
    membership = user.memberships.filter(active=True, role__in=["specialist", "admin"]).select_related(
        "organisation").order_by("id").first()
    return membership.organisation if membership else None


@login_required
def warning_create(request):
    rules.require(request.user, "warning.publish")
    source = None
    initial = {}
    if (request.GET.get("from_incident") or "").isdigit():
        source = selectors.incident_get(user=request.user, pk=int(request.GET["from_incident"]))
        initial = {"title": _("Bài học từ sự cố: %(t)s") % {"t": source.title}, "description": source.lessons_learned
                   or source.closing_summary, "recommended_actions": source.lessons_learned}
    if request.method == "POST" and (request.POST.get("source_incident") or "").isdigit():
        source = selectors.incident_get(user=request.user, pk=int(request.POST["source_incident"]))
    form = WarningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issuer = _issuer(request.user)
        try:
            if issuer is None:
                raise DomainError(_("Tài khoản của bạn không thuộc đơn vị chuyên trách nào."))
            units = _units_by_codes(request.user, data["unit_codes"])
            warning = services.warning_publish(
                actor=request.user, issuer=issuer, title=data["title"], severity=data["severity"],
                cves_text=data["cves"], products_text=data["products"], description=data["description"],
                recommended_actions=data["recommended_actions"], deadline=data["deadline"], manual_units=units,
                source_incident=source if source and source.status == Incident.Status.CLOSED else None,
                allow_no_target=data.get("allow_no_target", False))
        except DomainError as exc:
            form_error(form, exc)
        else:
            n = warning.targets.count()
            if n:
                messages.success(request, _("Đã phát hành cảnh báo tới %(n)s đơn vị.") % {"n": n})
            else:
                messages.warning(request, _("Đã phát hành cảnh báo nhưng chưa tới đơn vị nào; hãy thêm đơn vị nhận."))
            return redirect(warning)
    return render(request, "incidents/warning_form.html", {"form": form, "source": source,
                                                           "title": _("Phát hành cảnh báo")})


@login_required
def warning_detail(request, pk: int):
    warning = selectors.warning_get(user=request.user, pk=pk)
    can_publish = rules.can(request.user, "warning.publish", warning)
    can_remind = rules.can(request.user, "warning.remind", warning)
    matrix = selectors.warning_matrix(warning) if rules.can(request.user, "warning.matrix", warning.issuer) else None
    mine = list(selectors.my_targets(user=request.user, warning=warning))
    return render(request, "incidents/warning_detail.html", {
        **documents_pages.context(request, f"warning:{warning.pk}", other=jobs.job_for_page(
            user=request.user, kind="incidents.warning_remind", target=f"warning:{warning.pk}",
            job_id=request.GET.get("job"))),
        "warning": warning, "matrix": matrix, "mine": mine, "today": clock.today(),
        "can_publish": can_publish, "can_remind": can_remind,
        "can_respond": {t.pk: rules.can(request.user, "warning.respond", t) for t in mine},
        "fix_form": FixForm(), "target_form": TargetAddForm(), "title": warning.title,
    })


@login_required
@require_POST
def warning_dispatch(request, pk: int):
    """Starts rendering the warning dispatch (công văn cảnh báo, DOCX or PDF) as a background job;
    the warning page shows its progress and the file."""
    warning = selectors.warning_get(user=request.user, pk=pk)
    rules.require(request.user, "warning.view")
    return documents_pages.start(request, doc="warning_dispatch", pk=warning.pk, target=f"warning:{warning.pk}",
                                 label=_("Công văn cảnh báo: %(t)s") % {"t": warning.title},
                                 back=warning.get_absolute_url(), organisation=warning.issuer)


def _target(request, pk: int) -> WarningTarget:
    return get_object_or_404(WarningTarget.objects.visible_to(request.user).select_related("warning", "unit"), pk=pk)


@login_required
@require_POST
def warning_acknowledge(request, pk: int):
    target = _target(request, pk)
    rules.require(request.user, "warning.respond", target)
    try:
        services.warning_acknowledge(actor=request.user, target=target)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xác nhận tiếp nhận cảnh báo."))
    return redirect(target.warning)


@login_required
def warning_fix(request, pk: int):
    target = _target(request, pk)
    rules.require(request.user, "warning.respond", target)
    form = FixForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_confirm_fix(actor=request.user, target=target, note=form.cleaned_data["note"],
                                         upload=form.cleaned_data["evidence"])
        except DomainError as exc:
            form_error(form, exc if exc.field != "file" else DomainError(exc.message, field="evidence"))
        else:
            messages.success(request, _("Đã xác nhận khắc phục."))
            return redirect(target.warning)
    return render(request, "incidents/warning_fix.html", {"target": target, "form": form,
                                                          "title": _("Xác nhận khắc phục")})


@login_required
@require_POST
def warning_remind(request, pk: int):
    warning = selectors.warning_get(user=request.user, pk=pk)
    rules.require(request.user, "warning.remind", warning)
    return start_from_page(
        request, lambda: services.warning_remind_start(actor=request.user, warning=warning),
        back=warning.get_absolute_url())


@login_required
@require_POST
def warning_target_add(request, pk: int):
    warning = selectors.warning_get(user=request.user, pk=pk)
    rules.require(request.user, "warning.publish", warning)
    try:
        units = _units_by_codes(request.user, request.POST.get("unit_code", ""))
        if len(units) != 1:
            raise DomainError(_("Cần nhập đúng một mã đơn vị."))
        services.warning_add_target(actor=request.user, warning=warning, unit=units[0])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gửi cảnh báo tới %(u)s.") % {"u": units[0].name})
    return redirect(warning)


@login_required
def warning_evidence(request, pk: int):
    target = get_object_or_404(WarningTarget.objects.select_related("warning"), pk=pk,
                               warning__in=selectors.warning_list(user=request.user))
    if not target.evidence:
        raise Http404
    visible_target = WarningTarget.objects.visible_to(request.user).filter(pk=target.pk).exists()
    if not (visible_target or rules.can(request.user, "warning.matrix", target.warning.issuer)):
        raise Http404
    try:
        with target.evidence.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{_ascii(target.evidence_name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
