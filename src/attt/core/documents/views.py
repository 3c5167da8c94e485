"""The page where a province administrator sees, downloads, replaces and reverts the templates of
the official documents (mounted by orgs/urls.py under /orgs/<province>/templates/)."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from attt.core import rules
from attt.core.errors import DomainError

from . import overrides
from .engine import CONTENT_TYPES, KINDS


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp mẫu (.docx)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm",
                                                                  "accept": ".docx"}))


def _province(request, pk: int):
    from attt.orgs import selectors

    org = selectors.org_get(user=request.user, pk=pk)
    if org.parent_id is not None:
        raise Http404
    rules.require(request.user, overrides.MANAGE, org)
    return org


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404
    return kind


@login_required
def template_list(request, pk: int):
    province = _province(request, pk)
    return render(request, "core/document_templates.html", {
        "org": province, "rows": overrides.overview(province=province), "form": UploadForm(),
    })


@login_required
def template_download(request, pk: int, kind: str):
    province = _province(request, pk)
    data = overrides.current_bytes(province=province, kind=_kind(kind))
    response = HttpResponse(data, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = f'attachment; filename="{kind}.docx"'
    return response


@login_required
@require_POST
def template_upload(request, pk: int, kind: str):
    province = _province(request, pk)
    form = UploadForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise DomainError(_("Hãy chọn tệp."))
        row = overrides.upload(actor=request.user, province=province, kind=_kind(kind),
                               upload_file=form.cleaned_data["file"])
    except DomainError as exc:
        return render(request, "core/document_templates.html", {
            "org": province, "rows": overrides.overview(province=province), "form": form,
            "error_kind": kind, "error": str(exc),
        }, status=400)
    messages.success(request, _("Đã dùng mẫu mới (phiên bản %(v)s).") % {"v": row.version})
    return redirect("orgs:templates", pk=province.pk)


@login_required
@require_POST
def template_revert(request, pk: int, kind: str):
    province = _province(request, pk)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() else None
    try:
        overrides.revert(actor=request.user, province=province, kind=_kind(kind), version=version)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã quay lại mẫu gốc.") if version is None
                         else _("Đã quay lại phiên bản %(v)s.") % {"v": version})
    return redirect("orgs:templates", pk=province.pk)
