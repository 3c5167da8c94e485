"""DOCX export in the administrative layout of Nghị định 30/2020/NĐ-CP: issuing body and the
national title and motto side by side, number and symbol, place and date, subject, recipients,
body, distribution list and signature block; Times New Roman 13-14. Annex tables are written
as raw table XML so that thousands of rows stay fast. Charts are drawn as bars of text."""
from __future__ import annotations

from copy import deepcopy

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..charts import fmt
from . import fmt_value, header_lines, parts

FONT = "Times New Roman"


def _para(container, text="", *, size=14, bold=False, italic=False, align=None, underline=False, space_after=0):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        run = p.add_run(text)
        run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
        run.font.name = FONT
    return p


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _fast_rows(table, rows, *, size=11):
    """Append rows to `table` by cloning the XML of its last row (much faster than add_row)."""
    template = table.rows[-1]._tr
    tbl = table._tbl
    for values in rows:
        tr = deepcopy(template)
        cells = tr.findall(qn("w:tc"))
        for tc, value in zip(cells, values):
            p = tc.find(qn("w:p"))
            for r in p.findall(qn("w:r")):
                p.remove(r)
            r = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(size * 2))
            rpr.append(sz)
            r.append(rpr)
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = fmt_value(value) if isinstance(value, (int, float)) else str(value if value is not None else "")
            r.append(t)
            p.append(r)
        tbl.append(tr)
    tbl.remove(template)


def _grid(doc, header, rows, *, size=11):
    table = doc.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold, run.font.size = True, Pt(size)
    _fast_rows(table, rows, size=size)
    return table


def _chart(doc, chart):
    _para(doc, chart.title, size=13, bold=True, space_after=2)
    table = doc.add_table(rows=0, cols=3)
    _no_borders(table)
    for label, value in chart.items:
        cells = table.add_row().cells
        cells[0].width, cells[1].width, cells[2].width = Cm(7), Cm(7), Cm(2.5)
        cells[0].paragraphs[0].add_run(str(label)).font.size = Pt(11)
        bar = cells[1].paragraphs[0].add_run("█" * max(0, round(28 * chart.share(value))) or "·")
        bar.font.size = Pt(9)
        bar.font.color.rgb = RGBColor(0x0D, 0x6E, 0xFD)
        cells[2].paragraphs[0].add_run(fmt(value, chart.unit)).font.size = Pt(11)


def write(report, out) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    head = header_lines(report)

    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    if head["superior"]:
        _para(left, head["superior"], size=13, align=center)
    _para(left, head["body"], size=13, bold=True, align=center)
    _para(left, "")
    _para(left, head["number"], size=13, align=center)
    _para(left, head["vv"], size=12, align=center)
    right.paragraphs[0].text = ""
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=center)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True, align=center)
    _para(right, "")
    _para(right, head["place_date"], size=14, italic=True, align=center)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._p.getparent().remove(first._p)

    _para(doc, "")
    if head["status"]:
        _para(doc, head["status"], size=13, bold=True, align=center)
    _para(doc, "BÁO CÁO", size=14, bold=True, align=center)
    _para(doc, head["subject"], size=14, bold=True, align=center, space_after=6)
    if report.version > 1:
        _para(doc, f"(Bản điều chỉnh lần {report.version - 1}: {report.correction_reason})", size=13, italic=True,
              align=center, space_after=6)
    if head["recipients"]:
        if len(head["recipients"]) == 1:
            _para(doc, f"Kính gửi: {head['recipients'][0]}", size=14, align=center, space_after=6)
        else:
            _para(doc, "Kính gửi:", size=14, align=center)
            for r in head["recipients"]:
                _para(doc, f"- {r};", size=14, align=center)
            _para(doc, "", space_after=6)

    _para(doc, "I. ĐÁNH GIÁ CHUNG", bold=True, space_after=4)
    for line in (report.summary or "(Chưa có nội dung.)").splitlines():
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=4)
    _para(doc, "II. SỐ LIỆU TỔNG HỢP", bold=True, space_after=4)
    all_parts = parts(report)
    for i, part in enumerate(all_parts, start=1):
        _para(doc, f"{i}. {part.title}", bold=True, space_after=4)
        if not part.data.get("available"):
            _para(doc, part.data.get("note", ""), italic=True, space_after=4)
            continue
        if part.data.get("figures"):
            _grid(doc, ["Chỉ tiêu", "Số liệu"], ([label, fmt_value(v)] for _k, label, v in part.data["figures"]),
                  size=12)
        if part.data.get("note"):
            _para(doc, part.data["note"], italic=True, size=13, space_after=4)
        if part.chart is not None:
            _chart(doc, part.chart)
    _para(doc, "III. KHÓ KHĂN, VƯỚNG MẮC", bold=True, space_after=4)
    for line in (report.difficulties or "(Không có.)").splitlines():
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=4)
    _para(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, space_after=4)
    for line in (report.proposals or "(Không có.)").splitlines():
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=8)

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left, right = sign.rows[0].cells
    left.paragraphs[0].text = ""
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for r in [*(f"- {x};" for x in head["recipients"]), "- Lưu: VT."]:
        _para(left, r, size=11)
    right.paragraphs[0].text = ""
    for line in (report.signer_title or "THỦ TRƯỞNG ĐƠN VỊ").splitlines():
        _para(right, line.upper(), size=14, bold=True, align=center)
    _para(right, "(Ký, ghi rõ họ tên, đóng dấu)" if not report.submitted_at else "", size=13, italic=True,
          align=center)
    for _n in range(3):
        _para(right, "")
    _para(right, report.signer_name, size=14, bold=True, align=center)

    annexes = [p for p in all_parts if p.columns and p.data.get("rows")]
    for n, part in enumerate(annexes, start=1):
        doc.add_page_break()
        _para(doc, f"Phụ lục {n}", size=14, bold=True, align=center)
        _para(doc, part.title.upper(), size=13, bold=True, align=center)
        _para(doc, f"(Kèm theo Báo cáo {head['number'][4:].strip()} của {report.organisation.name})", size=13,
              italic=True, align=center, space_after=6)
        _grid(doc, part.columns, part.rows(report), size=10)
    doc.save(out)
