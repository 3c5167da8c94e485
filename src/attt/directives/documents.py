"""The directive progress summary (báo cáo tình hình thực hiện văn bản chỉ đạo), rendered by the one
document engine: overall figures, one line per task, the units with late work, and a landscape
annex with one line per unit. Figures are aggregated in SQL from the assignments (one query per
table), so a directive sent to a thousand units stays one document of a few pages plus its annex.
Issued by the body that tracks the directive (the publisher's specialist unit, else the province),
signed by its head, never by the user who asked for it."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q

from attt.core import clock, dates
from attt.core.documents import render_docx
from attt.core.text import task_heading
from attt.orgs import documents as org_docs
from attt.orgs.models import Organisation

from .models import Assignment, Directive

S = Assignment.Status


def _counts(today: dt.date) -> dict:
    late = Q(due_on__lt=today) & ~Q(status__in=Assignment.CLOSED)
    return {"total": Count("id"), "done": Count("id", filter=Q(status=S.DONE)),
            "doing": Count("id", filter=Q(status=S.IN_PROGRESS)),
            "not_started": Count("id", filter=Q(status=S.NOT_STARTED)),
            "cannot": Count("id", filter=Q(status=S.CANNOT)), "late": Count("id", filter=late)}


def tracking_body(directive: Directive) -> Organisation:
    """The body that reports on the directive: the publisher's specialist (or admin) unit inside the
    province, else the province itself."""
    user = directive.published_by
    if user is not None:
        membership = (user.memberships.filter(active=True, role__in=["specialist", "admin"],
                                              organisation__path__startswith=directive.province.path)
                      .select_related("organisation").order_by("organisation__depth", "id").first())
        if membership is not None:
            return membership.organisation
    return directive.province


def _pct(done: int, total: int) -> str:
    return f"{round(100 * done / total)} %".replace(" %", "\u00a0%") if total else "—"


def _num(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def progress_context(directive: Directive, *, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    body = tracking_body(directive)
    superior, issuer_line = org_docs.header(body)
    qs = Assignment.objects.filter(directive=directive)
    total = qs.aggregate(**_counts(today))
    per_unit = list(qs.values("organisation__name", "organisation__path").annotate(**_counts(today))
                    .order_by("organisation__path", "organisation__name"))
    per_task = {row["task_id"]: row for row in qs.values("task_id").annotate(**_counts(today), due=Min("due_on"))}
    tasks = list(directive.tasks.order_by("position", "id"))
    doc_label = str(directive.get_doc_type_display()).lower() if directive.doc_type != Directive.DocType.OTHER \
        else "văn bản"
    ref = f"{doc_label} số {directive.number}" if directive.number else doc_label
    if directive.issued_on:
        ref += f" ngày {dates.day(directive.issued_on)}"
    if directive.issuer:
        ref += f" của {directive.issuer}"
    n_units = len(per_unit)
    units_done = sum(1 for u in per_unit if u["done"] + u["cannot"] == u["total"])
    units_late = [u for u in per_unit if u["late"]]
    units_idle = sum(1 for u in per_unit if u["not_started"] == u["total"])
    blocks = [
        {"kind": "p", "text": f"Thực hiện {ref}" + (f" về {directive.subject}" if directive.subject else "")
                              + f", {body.name} đã giao {_num(len(tasks))} nhiệm vụ cho {_num(n_units)} cơ quan, "
                              f"đơn vị" + (f" (ngày {dates.day(directive.published_at)})" if directive.published_at
                                           else "") + f". {body.name} báo cáo tình hình thực hiện đến ngày "
                              f"{dates.day(today)} như sau:"},
        {"kind": "h", "text": "I. KẾT QUẢ CHUNG"},
        {"kind": "fig", "header": ("Chỉ tiêu", "Số lượng"), "rows": [
            ("Số nhiệm vụ", _num(len(tasks))), ("Số cơ quan, đơn vị được giao", _num(n_units)),
            ("Số lượt giao việc (nhiệm vụ × đơn vị)", _num(total["total"])),
            ("Đã hoàn thành", f"{_num(total['done'])} ({_pct(total['done'], total['total'])})"),
            ("Đang thực hiện", _num(total["doing"])), ("Chưa thực hiện", _num(total["not_started"])),
            ("Không thực hiện được", _num(total["cannot"])), ("Quá hạn, chưa hoàn thành", _num(total["late"])),
            ("Đơn vị đã hoàn thành mọi nhiệm vụ", _num(units_done)),
            ("Đơn vị có nhiệm vụ quá hạn", _num(len(units_late))),
            ("Đơn vị chưa bắt đầu nhiệm vụ nào", _num(units_idle))]},
        {"kind": "h", "text": "II. TÌNH HÌNH THỰC HIỆN TỪNG NHIỆM VỤ"},
    ]
    empty = {"total": 0, "done": 0, "doing": 0, "not_started": 0, "cannot": 0, "late": 0, "due": None}
    task_rows = []
    for n, t in enumerate(tasks, start=1):
        c = per_task.get(t.pk, empty)
        task_rows.append([str(n), task_heading(t.text, 90), dates.day(t.due_on or c["due"], "—"), _num(c["total"]),
                          _num(c["done"]), _num(c["late"]), _num(c["not_started"])])
    blocks.append({"kind": "grid", "header": ["STT", "Nhiệm vụ", "Hạn", "Số đơn vị", "Hoàn thành", "Quá hạn",
                                              "Chưa thực hiện"], "rows": task_rows})
    blocks.append({"kind": "h", "text": "III. CƠ QUAN, ĐƠN VỊ CÓ NHIỆM VỤ QUÁ HẠN"})
    if units_late:
        worst = sorted(units_late, key=lambda u: (-u["late"], u["organisation__name"]))
        blocks.extend({"kind": "p", "text": f"- {u['organisation__name']}: {_num(u['late'])} nhiệm vụ quá hạn."}
                      for u in worst[:15])
        if len(worst) > 15:
            blocks.append({"kind": "p", "text": f"- Và {_num(len(worst) - 15)} cơ quan, đơn vị khác (chi tiết tại "
                                                "Phụ lục)."})
    else:
        blocks.append({"kind": "p", "text": "Không có cơ quan, đơn vị nào có nhiệm vụ quá hạn."})
    blocks.append({"kind": "h", "text": "IV. ĐỀ XUẤT"})
    blocks.append({"kind": "p", "text": "Đề nghị các cơ quan, đơn vị có nhiệm vụ quá hạn hoặc chưa thực hiện khẩn "
                                        "trương triển khai, cập nhật kết quả trên Nền tảng bảo đảm an toàn thông tin "
                                        "mạng của tỉnh; chi tiết từng cơ quan, đơn vị tại Phụ lục kèm theo."})
    number = org_docs.number(body, "BC")
    annex = {
        "title": "Phụ lục", "subject": "TÌNH HÌNH THỰC HIỆN CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        "note": f"(Kèm theo Báo cáo {number.removeprefix('Số: ').strip()} ngày {dates.day(today)} của {body.name})",
        "header": ["STT", "Cơ quan, đơn vị", "Số nhiệm vụ", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện",
                   "Không thực hiện được", "Quá hạn", "Tỷ lệ hoàn thành"],
        "rows": [[str(n), u["organisation__name"], _num(u["total"]), _num(u["done"]), _num(u["doing"]),
                  _num(u["not_started"]), _num(u["cannot"]), _num(u["late"]), _pct(u["done"], u["total"])]
                 for n, u in enumerate(per_unit, start=1)],
    }
    province = directive.province
    recipients_to = ([f"Ủy ban nhân dân {province.name[:1].lower()}{province.name[1:]}"] if body.pk != province.pk
                     else [directive.issuer] if directive.issuer else [])
    return {
        "form_code": "", "form_basis": "", "superior": superior, "issuer": issuer_line, "number": number, "vv": "",
        "place_date": dates.place_and_date(org_docs.place(body), today), "status": "", "doc_type": "BÁO CÁO",
        "subject": f"Tình hình thực hiện {ref}", "recipients_to": recipients_to, "blocks": blocks,
        "closing": f"Trên đây là báo cáo tình hình thực hiện {ref} của {body.name}./.",
        "recipients": [*(["Như trên;"] if recipients_to else []), "Các cơ quan, đơn vị được giao nhiệm vụ;", "Lưu: VT."],
        "sign": org_docs.signer(body).as_context(), "annexes": [annex] if per_unit else [],
    }


def progress_summary(directive: Directive, *, today: dt.date | None = None) -> bytes:
    return render_docx("progress", progress_context(directive, today=today), province=directive.province)


def produce_progress(*, user, pk, progress):
    """Producer of the document job (attt.core.documents.jobs)."""
    from django.utils.translation import gettext as _

    from attt.core import rules
    from attt.core.errors import DomainError

    from . import selectors

    directive = selectors.directive_get(user=user, pk=pk)
    rules.require(user, "directive.view")
    if directive.state != Directive.State.PUBLISHED and not directive.assignments.exists():
        raise DomainError(_("Văn bản chưa được giao việc nên chưa có tình hình thực hiện."))
    return progress_summary(directive), f"bao-cao-tien-do-{directive.pk}"
