"""DOCX export through the one document engine (attt.core.documents, template `report`): the
NĐ 30/2020/NĐ-CP layout lives in the template; this module only builds the context: header texts,
the four parts of the report, the figure tables, the annex tables, recipients and signer."""
from __future__ import annotations

from attt.core.documents import render_docx

from . import fmt_value, header_lines, parts


def _lines(text: str, empty: str) -> list[dict]:
    lines = [x.strip() for x in (text or "").splitlines() if x.strip()] or [empty]
    return [{"kind": "p", "text": line} for line in lines]


def _cell(value) -> str:
    if isinstance(value, (int, float)):
        return fmt_value(value)
    return "" if value is None else str(value)


def context(report) -> dict:
    head = header_lines(report)
    blocks: list[dict] = []
    if report.version > 1:
        blocks.append({"kind": "i", "text": f"(Bản điều chỉnh lần {report.version - 1}: {report.correction_reason})"})
    blocks.append({"kind": "h", "text": "I. ĐÁNH GIÁ CHUNG"})
    blocks += _lines(report.summary, "(Chưa có nội dung.)")
    blocks.append({"kind": "h", "text": "II. SỐ LIỆU TỔNG HỢP"})
    all_parts = parts(report)
    annexes = [p for p in all_parts if p.columns and p.data.get("rows")]
    for i, part in enumerate(all_parts, start=1):
        blocks.append({"kind": "h", "text": f"{i}. {part.title}"})
        if not part.data.get("available"):
            blocks.append({"kind": "i", "text": part.data.get("note", "") or "—"})
            continue
        if part.data.get("figures"):
            blocks.append({"kind": "fig", "header": ("Chỉ tiêu", "Số liệu"),
                           "rows": [(label, fmt_value(v)) for _k, label, v in part.data["figures"]]})
        if part.data.get("note"):
            blocks.append({"kind": "i", "text": part.data["note"]})
        if part.chart is not None and not part.data.get("figures"):
            from ..charts import fmt

            blocks.append({"kind": "fig", "header": (part.chart.title, ""),
                           "rows": [(str(label), fmt(value, part.chart.unit)) for label, value in part.chart.items]})
        if part in annexes:
            blocks.append({"kind": "i", "text": f"(Chi tiết tại Phụ lục {annexes.index(part) + 1} kèm theo.)"})
    blocks.append({"kind": "h", "text": "III. KHÓ KHĂN, VƯỚNG MẮC"})
    blocks += _lines(report.difficulties, "(Không có.)")
    blocks.append({"kind": "h", "text": "IV. ĐỀ XUẤT, KIẾN NGHỊ"})
    blocks += _lines(report.proposals, "(Không có.)")
    number = head["number"].removeprefix("Số:").strip()
    annex_ctx = [{"title": f"Phụ lục {n}", "subject": part.title.upper(),
                  "note": f"(Kèm theo Báo cáo số {number} của {report.organisation.name})",
                  "header": list(part.columns), "rows": [[_cell(v) for v in row] for row in part.rows(report)]}
                 for n, part in enumerate(annexes, start=1)]
    title_lines = (report.signer_title or "THỦ TRƯỞNG ĐƠN VỊ").upper().splitlines()
    return {
        "superior": head["superior"], "issuer": head["body"], "number": head["number"], "vv": head["vv"],
        "place_date": head["place_date"], "status": head["status"], "doc_type": "BÁO CÁO",
        "subject": head["subject"], "recipients_to": head["recipients"], "blocks": blocks,
        "closing": f"Trên đây là báo cáo tình hình bảo đảm an toàn thông tin mạng {report.period.label()} của "
                   f"{report.organisation.name}./.",
        "recipients": [*(f"{r};" for r in head["recipients"]), "Lưu: VT."],
        "sign": {"lines": [x.strip() for x in title_lines if x.strip()], "name": report.signer_name,
                 "note": "" if report.signer_name else "(Ký, ghi rõ họ tên, đóng dấu)"},
        "annexes": annex_ctx, "form_code": "", "form_basis": "",
    }


def render(report) -> bytes:
    return render_docx("report", context(report), regime=getattr(report, "regime_code", None),
                       province=report.organisation)


def write(report, out) -> None:
    out.write(render(report))
