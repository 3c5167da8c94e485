"""Pages of the dossier workflow: list, detail with the actions the user may take now,
documents (upload, download), and the DOCX explanation and decision."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import cached, rules
from attt.core.documents import pages as documents_pages
from attt.core.errors import DomainError
from attt.core.keyset import keyset_paginate, querystring_without_cursor
from attt.regimes import rules_engine

from .. import selectors, services
from ..authority import body_label
from ..forms import UploadForm
from ..models import Dossier, DossierDocument
from ..services.workflow import QUY_CHE, SIGNED_DECISION, authority_for, has_security_regulation


@login_required
def dossier_list(request):
    rules.require(request.user, "dossier.view")
    state = request.GET.get("state") or ""
    overdue = request.GET.get("overdue") == "1"
    rows = selectors.dossier_list(user=request.user, state=state, overdue=overdue)

    def count() -> int:  # the total, kept until the data changes (`state` is one of a few values)
        if state and state not in Dossier.State.values:
            return rows.order_by().count()
        return cached.figures("dossiers.total", (request.user.pk, state, overdue), rows.order_by().count)

    return render(request, "systems/dossiers.html", {
        "page": keyset_paginate(request, rows, count=count), "state": state, "overdue": overdue,
        "states": Dossier.State.choices,
        "qs": querystring_without_cursor(request),
    })


@login_required
def dossier_detail(request, pk: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    regime = rules_engine.regime(dossier.regime_code)
    auth = regime.authority[dossier.level]
    parts = regime.dossier_parts_for(dossier.level)
    documents = list(dossier.documents.select_related("uploaded_by"))
    comments = list(dossier.comments.select_related("author"))
    missing = {p.code for p in services.missing_parts(dossier)}
    part_rows = [{"part": p, "documents": [d for d in documents if d.part == p.code], "missing": p.code in missing,
                  "comments": [c for c in comments if c.part == p.code]} for p in parts]
    return render(request, "systems/dossier.html", {
        **documents_pages.context(request, f"dossier:{dossier.pk}"),
        "dossier": dossier, "system": dossier.system, "regime": regime, "auth": auth,
        "missing": [row["part"] for row in part_rows if row["missing"]],
        "appraiser": body_label(auth.appraiser), "approver": body_label(auth.approver),
        "steps": dossier.steps.select_related("actor"), "part_rows": part_rows,
        "general_comments": [c for c in comments if c.part == "general"],
        "actions": services.next_actions(request.user, dossier), "upload_form": UploadForm(),
        "criteria": [c for c in regime.level_criteria if c.id in dossier.deciding_criteria],
        "has_quy_che": has_security_regulation(dossier), "quy_che": QUY_CHE,
        "signed": [d for d in documents if d.part == SIGNED_DECISION],
        "can_upload_signed": dossier.state == dossier.State.APPROVED and rules.can(request.user, "dossier.prepare", dossier),
    })


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise DomainError(_("Ngày “%(v)s” không hợp lệ, hãy nhập dd/mm/yyyy.") % {"v": value[:20]})


def part_title(part) -> str:
    from django.utils import translation

    return part.title_en if (translation.get_language() or "vi").startswith("en") and part.title_en else part.title_vi


@login_required
@require_POST
def dossier_action(request, pk: int, action: str):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    post = request.POST
    actor = request.user
    try:
        if action == "submit":
            services.dossier_submit(actor=actor, dossier=dossier)
            done = _("Đã nộp hồ sơ.")
        elif action == "receive":
            services.dossier_receive(actor=actor, dossier=dossier, note=post.get("note", ""))
            done = _("Đã tiếp nhận hồ sơ.")
        elif action == "expert_opinion":
            services.dossier_expert_opinion(actor=actor, dossier=dossier, opinion=post.get("opinion", ""))
            done = _("Đã ghi ý kiến chuyên môn.")
        elif action == "return":
            comments = {k[len("comment_"):]: v for k, v in post.items() if k.startswith("comment_")}
            services.dossier_return(actor=actor, dossier=dossier, comments=comments)
            done = _("Đã trả lại hồ sơ kèm nhận xét.")
        elif action == "appraise":
            services.dossier_appraise(actor=actor, dossier=dossier, note=post.get("note", ""))
            done = _("Đã ghi kết quả thẩm định.")
        elif action == "approve":
            services.dossier_approve(actor=actor, dossier=dossier, decision_number=post.get("decision_number", ""),
                                     decision_date=_date(post.get("decision_date", "")),
                                     approver_title=post.get("approver_title", ""))
            done = _("Đã phê duyệt cấp độ.")
        elif action == "reject":
            services.dossier_reject(actor=actor, dossier=dossier, reason=post.get("reason", ""))
            done = _("Đã ghi quyết định không phê duyệt.")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
        if action in ("submit", "receive", "appraise"):
            missing = services.missing_parts(dossier)
            if missing:
                messages.warning(request, _("Hồ sơ còn thiếu %(n)s thành phần: %(p)s.") % {
                    "n": len(missing), "p": "; ".join(part_title(p) for p in missing)})
    return redirect("systems:dossier", pk=dossier.pk)


def _upload(request, pk: int, *, save, done: str):
    """A file posted for a dossier by whoever prepares it: `save(dossier, upload)` (a service)
    checks and stores it; back on the dossier page with what happened."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    rules.require(request.user, "dossier.prepare", dossier)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn tệp để tải lên."))
    else:
        try:
            save(dossier, form.cleaned_data["file"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("systems:dossier", pk=dossier.pk)


@login_required
@require_POST
def document_upload(request, pk: int):
    part = request.POST.get("part", "")
    return _upload(request, pk, done=_("Đã tải lên tài liệu."), save=lambda dossier, upload: services.document_upload(
        actor=request.user, dossier=dossier, part=part, upload=upload))


@login_required
@require_POST
def signed_decision_upload(request, pk: int):
    return _upload(request, pk, done=_("Đã lưu bản quyết định đã ký."),
                   save=lambda dossier, upload: services.decision_signed_upload(actor=request.user, dossier=dossier,
                                                                                upload=upload))


def file_response(stored, name: str, content_type: str):
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_download(request, pk: int):
    document = get_object_or_404(DossierDocument.objects.select_related("dossier"), pk=pk)
    dossier = selectors.dossier_get(user=request.user, pk=document.dossier_id)  # 404 when not visible
    rules.require(request.user, "dossier.view", dossier)
    return file_response(document.file, document.original_name, document.content_type)


@login_required
@require_POST
def dossier_docx(request, pk: int, kind: str):
    """Starts rendering the decision or the explanation (DOCX or PDF) as a background job; the
    dossier page shows its progress and the file."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    rules.require(request.user, "dossier.view", dossier)
    labels = {"decision": _("Quyết định phê duyệt cấp độ HS-%(pk)s"), "explanation": _("Thuyết minh HS-%(pk)s")}
    if kind not in labels:
        raise Http404
    return documents_pages.start(request, doc=kind, pk=dossier.pk, target=f"dossier:{dossier.pk}",
                                 label=labels[kind] % {"pk": dossier.pk}, back=dossier.get_absolute_url(),
                                 organisation=dossier.system.owner)


__all__ = ["authority_for"]
