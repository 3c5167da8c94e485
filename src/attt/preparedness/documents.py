"""The response plan as an official document (NĐ 30/2020 layout) through the one document engine:
template kind `response_plan`; rendered (DOCX, or PDF through LibreOffice) in a job."""
from __future__ import annotations

import io

from django.http import Http404
from django.utils.translation import gettext as _

from attt.core import clock, dates
from attt.core.documents import render_docx
from attt.core.errors import DomainError
from attt.core.jobs import Result
from attt.orgs import documents as org_docs

from .models import ResponsePlan

EXPORT = "preparedness.plan_export"
FORMATS = ("docx", "pdf")


def _hours(value) -> str:
    return "—" if value is None else f"{value} giờ"


def plan_context(plan: ResponsePlan, version) -> dict:
    unit = plan.organisation
    superior, issuer = org_docs.header(unit)
    systems = list(plan.systems.order_by("name"))
    blocks = [
        {"kind": "h", "text": "I. PHẠM VI ÁP DỤNG"},
        {"kind": "kv", "header": ("Hệ thống thông tin", "Cấp độ"),
         "rows": [(s.name, str(s.level or "chưa xác định")) for s in systems]},
        {"kind": "h", "text": "II. KỊCH BẢN ỨNG PHÓ"},
    ]
    labels = dict(zip([s["kind"] for s in version.scenarios], version.scenario_labels()))
    for n, sc in enumerate(version.scenarios, start=1):
        blocks.append({"kind": "item", "label": f"{n}. {labels[sc['kind']]}", "text": sc.get("description") or "—"})
    blocks.append({"kind": "h", "text": "III. VAI TRÒ, ĐẦU MỐI LIÊN HỆ"})
    if version.contacts:
        blocks.append({"kind": "grid", "header": ["Vai trò", "Họ và tên", "Điện thoại", "Thư điện tử"],
                       "rows": [[c.get("role", ""), c.get("name", ""), c.get("phone", ""), c.get("email", "")]
                                for c in version.contacts]})
    else:
        blocks.append({"kind": "p", "text": "—"})
    blocks += [
        {"kind": "h", "text": "IV. BÁO CÁO, ĐỀ NGHỊ HỖ TRỢ"},
        {"kind": "item", "label": "Đội ứng cứu sự cố", "text": version.escalation_team or "—"},
        {"kind": "item", "label": "Cơ quan điều phối quốc gia", "text": version.escalation_national or "—"},
        {"kind": "h", "text": "V. MỤC TIÊU KHÔI PHỤC"},
        {"kind": "item", "label": "Thời gian khôi phục mục tiêu (RTO)", "text": _hours(version.rto_hours)},
        {"kind": "item", "label": "Lượng dữ liệu chấp nhận mất (RPO)", "text": _hours(version.rpo_hours)},
    ]
    status = "" if version.state == version.State.APPROVED else "DỰ THẢO"
    return {
        "superior": superior, "issuer": issuer, "number": org_docs.number(unit, "PA"), "vv": "",
        "place_date": dates.place_and_date(org_docs.place(unit), clock.now()), "status": status,
        "doc_type": "PHƯƠNG ÁN", "subject": f"Ứng phó sự cố an toàn thông tin mạng: {plan.title} (phiên bản {version.number})",
        "recipients_to": [], "blocks": blocks,
        "closing": f"{unit.name} yêu cầu các bộ phận, cá nhân liên quan tổ chức thực hiện phương án này./.",
        "recipients": ["Đội ứng cứu sự cố của tỉnh;", "Các bộ phận liên quan;", "Lưu: VT."],
        "sign": org_docs.signer(unit).as_context(), "form_code": "", "form_basis": "",
    }


def plan_docx(plan: ResponsePlan, version=None) -> bytes:
    version = version or plan.approved_version or plan.latest_version()
    if version is None:
        raise DomainError(_("Phương án chưa có phiên bản nào."))
    return render_docx("response_plan", plan_context(plan, version), province=plan.organisation)


def plan_export_job(job, progress) -> Result:
    from . import selectors

    fmt = job.params.get("format")
    if fmt not in FORMATS:
        raise DomainError(_("Định dạng xuất không được hỗ trợ."))
    try:
        plan = selectors.plan_get(user=job.user, pk=job.params.get("plan"))
    except Http404:
        raise DomainError(_("Phương án không còn tồn tại hoặc bạn không còn quyền xem.")) from None
    version = plan.versions.filter(pk=job.params.get("version")).first() if job.params.get("version") else None
    progress(10, _("Đang tạo văn bản"))
    data = plan_docx(plan, version)
    if fmt == "pdf":
        from attt.core.documents.engine import to_pdf

        progress(50, _("Đang chuyển sang PDF"))
        data = to_pdf(data, on_wait=getattr(progress, "beat", None))
    return Result(file=io.BytesIO(data), name=f"phuong-an-ung-pho-{plan.pk}.{fmt}")


def plan_export_start(*, actor, plan: ResponsePlan, fmt: str):
    from attt.core import jobs

    if fmt not in FORMATS:
        raise DomainError(_("Định dạng xuất không được hỗ trợ."))
    label = _("Xuất %(f)s: phương án “%(t)s”") % {"f": fmt.upper(), "t": plan.title}
    return jobs.job_start_once(actor=actor, kind=EXPORT, label=label, target=f"plan:{plan.pk}",
                               params={"plan": plan.pk, "format": fmt}, organisation=plan.organisation)
