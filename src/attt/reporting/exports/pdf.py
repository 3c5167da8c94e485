"""PDF export with fpdf2 and a Unicode TrueType font found on the server at runtime
(Liberation Serif or DejaVu, Debian packages fonts-liberation / fonts-dejavu-core)."""
from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from attt.core.errors import DomainError

from ..charts import fmt
from . import fmt_value, header_lines, parts

PDF_MAX_ROWS = 1000  # per annex: the PDF is for reading; the XLSX carries every row
CANDIDATES = [  # (regular, bold, italic)
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
]


def find_font() -> tuple[str, str | None, str | None] | None:
    dirs = getattr(settings, "ATTT_PDF_FONT_DIRS", None) or ["/usr/share/fonts", "/usr/local/share/fonts"]
    found: dict[str, str] = {}
    for base in dirs:
        if not os.path.isdir(base):
            continue
        for root, _dirs, files in os.walk(base):
            for name in files:
                found.setdefault(name, str(Path(root) / name))
    for regular, bold, italic in CANDIDATES:
        if regular in found and _covers(found[regular]):
            return found[regular], _ok(found.get(bold)), _ok(found.get(italic))
    return None


SAMPLE = "ĐđƯưƠơẠạỘộỆệẢả"


def _covers(path: str) -> bool:
    """Whether the font has glyphs for Vietnamese (older Liberation builds do not)."""
    try:
        from fontTools.ttLib import TTFont

        cmap = TTFont(path, lazy=True).getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font is simply not used
        return False
    return all(ord(ch) in cmap for ch in SAMPLE)


def _ok(path: str | None) -> str | None:
    return path if path and _covers(path) else None


def write(report, out) -> None:
    from fpdf import FPDF

    font = find_font()
    if font is None:
        raise DomainError(_("Máy chủ chưa có phông chữ Unicode (ví dụ gói fonts-dejavu-core hoặc fonts-liberation) "
                            "nên chưa xuất được PDF. Hãy tải bản Word hoặc Excel."))
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(25, 20, 15)
    pdf.set_auto_page_break(True, margin=18)
    regular, bold, italic = font
    pdf.add_font("body", "", regular)
    pdf.add_font("body", "B", bold or regular)
    pdf.add_font("body", "I", italic or regular)
    pdf.add_page()
    head = header_lines(report)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left_w, right_w = 65, width - 65
    top = pdf.get_y()
    pdf.set_font("body", "", 11)
    if head["superior"]:
        pdf.multi_cell(left_w, 5, head["superior"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(left_w, 5, head["body"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 11)
    pdf.multi_cell(left_w, 6, head["number"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 10)
    pdf.multi_cell(left_w, 5, head["vv"], align="C", new_x="LMARGIN", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.set_font("body", "B", 11)
    pdf.cell(right_w, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("body", "B", 12)
    pdf.cell(right_w, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    mid = pdf.l_margin + left_w + right_w / 2
    pdf.line(mid - 25, pdf.get_y(), mid + 25, pdf.get_y())
    pdf.ln(3)
    pdf.set_x(pdf.l_margin + left_w)
    pdf.set_font("body", "I", 12)
    pdf.cell(right_w, 6, head["place_date"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)
    if head["status"]:
        pdf.set_font("body", "B", 12)
        pdf.cell(width, 6, head["status"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 13)
    pdf.cell(width, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 6, head["subject"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 12)
    if head["recipients"]:
        pdf.ln(2)
        pdf.multi_cell(width, 6, "Kính gửi: " + "; ".join(head["recipients"]), align="C", new_x="LMARGIN",
                       new_y="NEXT")
    pdf.ln(3)

    def heading(text):
        pdf.set_font("body", "B", 12)
        pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 12)

    def body(text):
        pdf.set_font("body", "", 12)
        pdf.multi_cell(width, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")

    heading("I. ĐÁNH GIÁ CHUNG")
    body(report.summary or "(Chưa có nội dung.)")
    heading("II. SỐ LIỆU TỔNG HỢP")
    all_parts = parts(report)
    for i, part in enumerate(all_parts, start=1):
        heading(f"{i}. {part.title}")
        if not part.data.get("available"):
            pdf.set_font("body", "I", 11)
            pdf.multi_cell(width, 5, part.data.get("note", ""), new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("body", "", 10)
        for _k, label, value in part.data.get("figures", []):
            y = pdf.get_y()
            pdf.multi_cell(width - 35, 5, str(label), border=1, new_x="RIGHT", new_y="TOP")
            h = pdf.get_y() - y if pdf.get_y() > y else 5
            pdf.set_xy(pdf.l_margin + width - 35, y)
            pdf.cell(35, 5, fmt_value(value), border=1, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.set_y(max(pdf.get_y(), y + h))
        if part.data.get("note"):
            pdf.set_font("body", "I", 10)
            pdf.multi_cell(width, 5, part.data["note"], new_x="LMARGIN", new_y="NEXT")
        if part.chart is not None:
            _chart(pdf, part.chart, width)
        pdf.ln(2)
    heading("III. KHÓ KHĂN, VƯỚNG MẮC")
    body(report.difficulties or "(Không có.)")
    heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    body(report.proposals or "(Không có.)")
    pdf.ln(4)
    y = pdf.get_y()
    pdf.set_font("body", "B", 11)
    pdf.cell(left_w, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 10)
    for r in [*(f"- {x};" for x in head["recipients"]), "- Lưu: VT."]:
        pdf.multi_cell(left_w + 10, 5, r, new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + left_w + 10, y)
    pdf.set_font("body", "B", 12)
    for line in (report.signer_title or "THỦ TRƯỞNG ĐƠN VỊ").splitlines():
        pdf.set_x(pdf.l_margin + left_w + 10)
        pdf.cell(right_w - 10, 6, line.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(18)
    pdf.set_x(pdf.l_margin + left_w + 10)
    pdf.cell(right_w - 10, 6, report.signer_name, align="C", new_x="LMARGIN", new_y="NEXT")

    for n, part in enumerate([p for p in all_parts if p.columns and p.data.get("rows")], start=1):
        pdf.add_page(orientation="L")
        w = pdf.w - pdf.l_margin - pdf.r_margin
        pdf.set_font("body", "B", 12)
        pdf.cell(w, 6, f"Phụ lục {n}: {part.title}", align="C", new_x="LMARGIN", new_y="NEXT")
        col_w = w / len(part.columns)
        pdf.set_font("body", "B", 7)
        for c in part.columns:
            pdf.cell(col_w, 8, _fit(pdf, c, col_w), border=1)
        pdf.ln(8)
        pdf.set_font("body", "", 7)
        total = part.data.get("rows") or 0
        for i, row in enumerate(part.rows(report)):
            if i >= PDF_MAX_ROWS:
                pdf.set_font("body", "I", 9)
                pdf.multi_cell(w, 6, f"… còn {total - PDF_MAX_ROWS} dòng: xem đầy đủ trong bản Excel (XLSX) của báo cáo.",
                               new_x="LMARGIN", new_y="NEXT")
                break
            for value in row:
                text = fmt_value(value) if isinstance(value, (int, float)) else str(value if value is not None else "")
                pdf.cell(col_w, 5, _fit(pdf, text, col_w), border=1)
            pdf.ln(5)
    pdf.output(out)


def _fit(pdf, text: str, width: float) -> str:
    text = text[:120]
    full = pdf.get_string_width(text)
    if full <= width - 1:
        return text
    keep = max(1, int(len(text) * (width - 3) / full))  # proportional cut, then trim if still long
    text = text[:keep]
    while len(text) > 1 and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-2]
    return text + "…"


def _chart(pdf, chart, width):
    pdf.set_font("body", "B", 10)
    pdf.cell(width, 6, chart.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 9)
    label_w, bar_w = 70, width - 70 - 20
    for label, value in chart.items:
        y = pdf.get_y()
        pdf.cell(label_w, 5, _fit(pdf, str(label), label_w))
        pdf.set_fill_color(233, 236, 239)
        pdf.rect(pdf.l_margin + label_w, y + 0.8, bar_w, 3.4, style="F")
        pdf.set_fill_color(13, 110, 253)
        share = chart.share(value)
        if share > 0:
            pdf.rect(pdf.l_margin + label_w, y + 0.8, bar_w * share, 3.4, style="F")
        pdf.set_x(pdf.l_margin + label_w + bar_w + 2)
        pdf.cell(18, 5, fmt(value, chart.unit), new_x="LMARGIN", new_y="NEXT")
