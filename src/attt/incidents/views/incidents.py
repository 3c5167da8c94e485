"""Pages for signed-in users: incident list, report, detail with its handling actions, reports
upward, evidence downloads, figures."""
from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import cached, clock, rules
from attt.core.documents import pages as documents_pages
from attt.core.errors import DomainError
from attt.core.pagination import paginate, querystring_without_page

from .. import regime, selectors, services
from ..forms import (
    AssignForm,
    CloseForm,
    DismissForm,
    EvidenceForm,
    FiguresForm,
    FollowUpForm,
    IncidentReportForm,
    NoteForm,
    NotifyForm,
    SeriousForm,
    serious_choices,
)
from ..models import Incident
from ..regime import Regimes
from ..rules import HANDLERS, REPORTERS


def form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def incident_list(request):
    rules.require(request.user, "incident.view")
    query = (request.GET.get("q") or "").strip()[:200]
    status = request.GET.get("status") or ""
    kind = request.GET.get("kind") or ""
    serious = request.GET.get("serious") or ""
    rows = selectors.incident_rows(user=request.user, query=query, status=status, kind=kind, serious=serious)
    count = None
    if (not query and status in ("", "open", *Incident.Status.values) and kind in ("", *Incident.Kind.values)
            and serious in ("", "1")):  # a few filter values: the total is kept until the data changes
        count = partial(cached.figures, "incidents.total", (request.user.pk, status, kind, serious),
                        rows.order_by().count)
    page = paginate(request, rows, count=count)
    now = clock.now()
    regimes = Regimes()
    items = [(i, selectors.worst_clock(selectors.incident_clocks(i, now=now, regimes=regimes))) for i in page]
    return render(request, "incidents/list.html", {
        "page": page, "items": items, "query": query, "status": status, "kind": kind, "serious": serious,
        "statuses": Incident.Status.choices, "kinds": Incident.Kind.choices, "qs": querystring_without_page(request),
        "can_report": rules.can(request.user, "incident.report"), "title": _("Sự cố"),
    })


def _report_querysets(user):
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    units = Organisation.objects.visible_to(user, roles=REPORTERS).filter(valid_to__isnull=True).order_by("path")
    systems = (System.objects.visible_to(user).exclude(status=System.Status.RETIRED)
               .select_related("operator").order_by("name"))
    return units, systems


@login_required
def incident_create(request):
    rules.require(request.user, "incident.report")
    units, systems = _report_querysets(request.user)
    initial = {"reporter_name": str(request.user), "reporter_email": request.user.email,
               "reporter_phone": request.user.phone}
    membership = request.user.primary_membership()
    if membership:
        initial["unit"] = membership.organisation
    form = IncidentReportForm(request.POST or None, request.FILES or None, units=units, systems=systems,
                              initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, chosen, files = data.pop("unit"), data.pop("systems"), data.pop("files")
        try:
            incident = services.incident_report(actor=request.user, unit=unit, fields=data, systems=chosen,
                                                files=files)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận báo cáo sự cố #%(pk)s.") % {"pk": incident.pk})
            return redirect(incident)
    return render(request, "incidents/form.html", {"form": form, "title": _("Báo cáo sự cố")})


@login_required
def incident_detail(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    can_handle = rules.can(request.user, "incident.handle", incident)
    can_assign = rules.can(request.user, "incident.assign", incident)
    from attt.orgs.models import User

    responders = None
    if can_assign:
        responders = (User.objects.filter(memberships__active=True, memberships__role__in=HANDLERS,
                                          memberships__scope_path__in=_prefixes(incident))
                      .distinct().order_by("username"))
    return render(request, "incidents/detail.html", {
        **documents_pages.context(request, f"incident:{incident.pk}"),
        "incident": incident, "title": incident.title,
        "clocks": selectors.incident_clocks(incident),
        "timeline": selectors.incident_timeline(incident),
        "files": incident.files.all(),
        "affected": incident.affected.select_related("system"),
        "assigned": incident.responders.all(),
        "can_handle": can_handle, "can_assign": can_assign,
        "can_evidence": rules.can(request.user, "incident.evidence", incident),
        "can_follow_up": not can_handle and rules.can(request.user, "incident.note", incident)
        and incident.status not in (Incident.Status.CLOSED, Incident.Status.DISMISSED),
        "follow_up_form": FollowUpForm(),
        "can_publish": rules.can(request.user, "warning.publish"),
        "note_form": NoteForm(), "evidence_form": EvidenceForm(), "notify_form": NotifyForm(),
        "dismiss_form": DismissForm(), "assign_form": AssignForm(responders=responders) if can_assign else None,
        "phases": Incident.Phase.choices, "serious_labels": _serious_labels(incident),
    })


def _prefixes(incident: Incident) -> list[str]:
    """Every path prefix of the incident's unit: memberships scoped there reach it."""
    parts = [p for p in incident.unit.path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _serious_labels(incident: Incident) -> list[str]:
    choices = dict(serious_choices(incident.regime_code))
    return [choices.get(f, f) for f in incident.serious_facts or []]


def _handled(request, incident, fn, success: str, **kwargs):
    try:
        fn(actor=request.user, incident=incident, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(incident)


@login_required
@require_POST
def incident_transition(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.handle", incident)
    to = request.POST.get("to", "")
    if to == "verify":
        return _handled(request, incident, services.incident_verify, _("Đã chuyển sang xác minh."))
    if to == "handle":
        return _handled(request, incident, services.incident_start_handling, _("Đã bắt đầu xử lý."))
    if to == "end_response":
        return _handled(request, incident, services.incident_end_response, _("Đã ghi nhận kết thúc ứng phó."))
    if to == "phase":
        return _handled(request, incident, services.incident_set_phase, _("Đã đổi giai đoạn xử lý."),
                        phase=request.POST.get("phase", ""))
    messages.error(request, _("Thao tác không hợp lệ."))
    return redirect(incident)


@login_required
@require_POST
def incident_note(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    if not rules.can(request.user, "incident.handle", incident):
        rules.require(request.user, "incident.note", incident)
        form = FollowUpForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Cần ghi nội dung bổ sung."))
            return redirect(incident)
        return _handled(request, incident, services.incident_add_note, _("Đã bổ sung thông tin vào diễn biến."),
                        text=form.cleaned_data["text"])
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi nội dung hành động."))
        return redirect(incident)
    return _handled(request, incident, services.incident_add_action, _("Đã ghi vào diễn biến xử lý."),
                    text=form.cleaned_data["text"], public=form.cleaned_data["public"])


@login_required
@require_POST
def incident_assign(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.assign", incident)
    from attt.orgs.models import User

    responder = User.objects.filter(pk=request.POST.get("responder") or 0).first() if str(
        request.POST.get("responder", "")).isdigit() else None
    return _handled(request, incident, services.incident_assign, _("Đã phân công."), responder=responder)


@login_required
def incident_serious(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.handle", incident)
    form = SeriousForm(request.POST or None, regime_code=incident.regime_code,
                       initial={"facts": incident.serious_facts, "note": incident.serious_note})
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_decide_serious(actor=request.user, incident=incident,
                                                        facts=set(form.cleaned_data["facts"]),
                                                        note=form.cleaned_data["note"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận: sự cố nghiêm trọng.") if incident.serious
                             else _("Đã ghi nhận: không phải sự cố nghiêm trọng."))
            return redirect(incident)
    text, source = regime.serious_rule_text(incident.regime_code)
    return render(request, "incidents/serious.html", {"incident": incident, "form": form,
                                                      "rule": {"text": text, "source": source},
                                                      "level": incident.max_level,
                                                      "title": _("Đánh giá sự cố nghiêm trọng")})


@login_required
@require_POST
def incident_evidence(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.evidence", incident)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Cần chọn tệp chứng cứ."))
        return redirect(incident)
    try:
        record = services.incident_add_evidence(actor=request.user, incident=incident,
                                                upload=form.cleaned_data["file"],
                                                description=form.cleaned_data["description"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lưu chứng cứ, SHA-256 %(h)s.") % {"h": record.sha256})
    return redirect(incident)


@login_required
def incident_file(request, pk: int, file_pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    record = get_object_or_404(incident.files, pk=file_pk)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    with handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{_ascii(record.name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ascii(name: str) -> str:
    from attt.core.text import fold

    return "".join(c for c in fold(name).replace(" ", "-") if c.isalnum() or c in "-_.")[:100] or "tep"


@login_required
@require_POST
def incident_notify(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.handle", incident)
    return _handled(request, incident, services.incident_mark_notified, _("Đã ghi nhận việc báo cáo lên."),
                    recipients=request.POST.get("recipients", ""))


@login_required
def incident_close(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.handle", incident)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_close(actor=request.user, incident=incident, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Đã đóng sự cố với báo cáo kết thúc."))
            return redirect(incident)
    return render(request, "incidents/close.html", {"incident": incident, "form": form,
                                                    "title": _("Đóng sự cố")})


@login_required
@require_POST
def incident_dismiss(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    rules.require(request.user, "incident.handle", incident)
    return _handled(request, incident, services.incident_dismiss, _("Đã loại bỏ sự cố."),
                    reason=request.POST.get("reason", ""))


@login_required
@require_POST
def incident_report_docx(request, pk: int, kind: str):
    """Starts rendering the initial or closing report (DOCX or PDF) as a background job; the
    incident page shows its progress and the file."""
    incident = selectors.incident_get(user=request.user, pk=pk)
    labels = {"initial": _("Báo cáo ban đầu sự cố %(c)s"), "closing": _("Báo cáo kết thúc sự cố %(c)s")}
    if kind not in labels:
        raise Http404
    if kind == "closing" and incident.status != Incident.Status.CLOSED:
        messages.error(request, _("Báo cáo kết thúc chỉ có sau khi sự cố được đóng."))
        return redirect(incident)
    return documents_pages.start(request, doc=f"incident_{kind}", pk=incident.pk, target=f"incident:{incident.pk}",
                                 label=labels[kind] % {"c": incident.tracking_code}, back=incident.get_absolute_url(),
                                 organisation=incident.unit)


@login_required
@require_POST
def incident_package(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    return documents_pages.start(request, doc="incident_package", pk=incident.pk, target=f"incident:{incident.pk}",
                                 label=_("Gói thông báo sự cố %(c)s") % {"c": incident.tracking_code},
                                 back=incident.get_absolute_url(), organisation=incident.unit)


@login_required
def incident_figures(request):
    rules.require(request.user, "incident.view")
    today = clock.today()
    default = {"start": today.replace(month=1, day=1), "end": today}
    form = FiguresForm(request.GET or None, initial=default)
    period = default
    if request.GET and form.is_valid():
        period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    elif not request.GET:
        form = FiguresForm(initial={k: v.strftime("%d/%m/%Y") for k, v in default.items()})
    figures = selectors.incident_figures(user=request.user, start=period["start"], end=period["end"])
    return render(request, "incidents/figures.html", {"form": form, "figures": figures,
                                                      "title": _("Thống kê sự cố")})

