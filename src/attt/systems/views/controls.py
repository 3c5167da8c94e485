"""Pages of controls and evidence, and the province overview."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from attt.core import rules
from attt.core.numbers import pct
from attt.core.errors import DomainError
from attt.orgs.models import Organisation

from .. import selectors, services
from ..forms import ControlForm, UploadForm
from ..models import Control, Evidence
from .dossiers import file_response


def _hosting_url(system) -> str:
    """Where an app above systems (preparedness) lets the owner record where the system is hosted."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("preparedness:system_hosting", args=[system.pk])
    except NoReverseMatch:
        return ""


@login_required
def controls(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    rows = list(selectors.controls_of(system=system))
    counts = {value: 0 for value in Control.Status.values}
    inherited = services.controls.inherited_requirements(system)
    for c in rows:
        c.inherited = inherited.get(c.requirement_id)
        if not c.inherited:
            counts[c.status] += 1
    return render(request, "systems/controls.html", {
        "system": system, "rows": rows, "counts": [(label, counts[value]) for value, label in Control.Status.choices],
        "n_inherited": sum(1 for c in rows if c.inherited), "hosting_url": _hosting_url(system),
        "can_edit": rules.can(request.user, "control.edit", system),
    })


@login_required
def control_edit(request, pk: int):
    control = selectors.control_get(user=request.user, pk=pk)
    can_edit = rules.can(request.user, "control.edit", control)
    can_upload = rules.can(request.user, "evidence.upload", control)
    form = ControlForm(request.POST or None, instance=Control.objects.get(pk=control.pk), prefix="c")
    upload_form = UploadForm(prefix="e")
    if request.method == "POST":
        if "e-file" in request.FILES or request.POST.get("upload"):
            rules.require(request.user, "evidence.upload", control)
            upload_form = UploadForm(request.POST, request.FILES, prefix="e")
            if upload_form.is_valid():
                try:
                    services.evidence_upload(actor=request.user, control=control,
                                             upload=upload_form.cleaned_data["file"],
                                             note=upload_form.cleaned_data.get("note", ""))
                except DomainError as exc:
                    upload_form.add_error("file", exc.message)
                else:
                    messages.success(request, _("Đã tải lên minh chứng."))
                    return redirect("systems:control", pk=control.pk)
            form = ControlForm(instance=control, prefix="c")
        else:
            rules.require(request.user, "control.edit", control)
            if form.is_valid():
                try:
                    services.control_update(actor=request.user, control=control, **form.cleaned_data)
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    control.system.refresh_from_db(fields=["compliance"])  # the service just recomputed it
                    messages.success(request, _("Đã lưu. Mức đáp ứng của hệ thống: %(p)s.")
                                     % {"p": pct(control.system.compliance)})
                    return redirect("systems:controls", pk=control.system_id)
    return render(request, "systems/control.html", {
        "control": control, "system": control.system, "form": form, "upload_form": upload_form,
        "evidence": control.evidence.select_related("uploaded_by"), "can_edit": can_edit, "can_upload": can_upload,
    })


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("control"), pk=pk)
    selectors.control_get(user=request.user, pk=evidence.control_id)  # 404 when the system is not visible
    return file_response(evidence.file, evidence.original_name, evidence.content_type)


@login_required
def overview(request):
    rules.require(request.user, "systems.overview")
    root = None
    if (request.GET.get("org") or "").isdigit():
        root = get_object_or_404(Organisation.objects.visible_to(request.user), pk=int(request.GET["org"]))
    data = selectors.province_overview(user=request.user, root=root)
    ancestors = []
    if root is not None:
        visible = set(Organisation.objects.visible_to(request.user).filter(pk__in=root.ancestor_ids())
                      .values_list("pk", flat=True))
        ancestors = [o for o in Organisation.objects.filter(pk__in=visible).order_by("depth")]
    return render(request, "systems/overview.html", {**data, "root": root, "ancestors": ancestors})
