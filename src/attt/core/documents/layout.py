"""Builds the DOCX templates once, in the layout of NĐ 30/2020/NĐ-CP Phụ lục I, with python-docx
writing Jinja tags (docxtpl) into a Word file. The produced files under `templates/` are the
templates people edit in Word; run `attt documents build-templates` only to regenerate them.

Context every template reads:
  superior, issuer, number, vv, place_date, status, doc_type, subject, recipients_to (list),
  blocks (list of {kind: h|p|i|c|kv|grid, text, rows, header}), closing, recipients (list),
  sign {lines (TM./KT./Q. and the title, one per line), note, name}, form_code, form_basis.
A decision adds authority_title, bases (list), articles (list). Report, warning and progress add
annexes (list of {title, subject, note, header, rows}); a wide one is set landscape by the engine."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
PAGE_W, LEFT, RIGHT = 21.0, 3.0, 2.0
TEXT_W = PAGE_W - LEFT - RIGHT  # 16 cm
GRID_MARK = "attt-grid"  # caption of tables whose columns come from the data
# Annexes: the title paragraph carries this style (kept by Word); a table of ANNEX_WIDE_COLUMNS
# columns or more after it puts the annexes on landscape pages (engine.landscape_annexes).
ANNEX_STYLE = "ATTT Phu luc"
ANNEX_WIDE_COLUMNS = 6
# A4 landscape (the top of the page on the binding side of the portrait pages), margins in twips
LANDSCAPE = {"w": round(29.7 / 2.54 * 1440), "h": round(21.0 / 2.54 * 1440), "top": round(2.5 / 2.54 * 1440),
             "bottom": round(2.0 / 2.54 * 1440), "left": round(2.0 / 2.54 * 1440), "right": round(2.0 / 2.54 * 1440)}
LANDSCAPE_TEXT_W = 29.7 - 2.0 - 2.0  # 25.7 cm
CENTER, JUSTIFY, LEFT_A = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _new() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(PAGE_W)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(LEFT), Cm(RIGHT)
    section.header_distance = Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    from docx.enum.style import WD_STYLE_TYPE

    annex = doc.styles.add_style(ANNEX_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    annex.base_style = normal
    annex.font.bold, annex.font.size = True, Pt(14)
    annex.paragraph_format.alignment = CENTER
    annex.paragraph_format.keep_with_next = True
    # page numbers from page 2: a different (empty) first-page header
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    fld = _el("w:fldSimple", instr=" PAGE ")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(_el("w:sz", val=26))
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    run.append(t)
    fld.append(run)
    p._p.append(fld)
    return doc


def para(container, text: str = "", *, size=14, bold=False, italic=False, align=None, before=0, after=0,
         indent=None, keep=False, runs=None):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    if keep:
        fmt.keep_with_next = True
    for text_, b, i in (runs or [(text, bold, italic)]):
        if text_:
            run = p.add_run(text_)
            run.bold, run.italic = b, i
            run.font.size = Pt(size)
    return p


def tag(container, text: str):
    """A paragraph holding only a docxtpl block tag ({%p ... %}); docxtpl removes the paragraph."""
    return container.add_paragraph(text)


def rule(container, width_cm: float, cell_cm: float, *, after=0):
    """A short horizontal rule centred in a cell: an empty tiny paragraph with a bottom border,
    indented so that the border is `width_cm` long."""
    p = container.add_paragraph()
    side = max(0.0, (cell_cm - width_cm) / 2)
    ppr = p._p.get_or_add_pPr()
    borders = _el("w:pBdr")
    borders.append(_el("w:bottom", val="single", sz=6, space=1, color="000000"))
    ppr.append(borders)
    ppr.append(_el("w:spacing", before=0, after=after * 20, line=120, lineRule="exact"))
    ppr.append(_el("w:ind", left=_twips(side), right=_twips(side)))
    return p


def fixed_table(doc, widths: list[float], *, rows=1, borders=False, cant_split=True):
    """A table whose column widths really apply in Word and LibreOffice: tblLayout fixed,
    gridCol widths, tcW on every cell, an explicit total width."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(_el("w:tblW", w=_twips(sum(widths)), type="dxa"))
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    edges = _el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edges.append(_el(f"w:{edge}", val="single" if borders else "nil", sz=4, space=0, color="000000"))
    tbl_pr.append(edges)
    margins = _el("w:tblCellMar")
    margins.append(_el("w:left", w=_twips(0.1), type="dxa"))
    margins.append(_el("w:right", w=_twips(0.1), type="dxa"))
    tbl_pr.append(margins)
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(_twips(width)))
    for row in table.rows:
        if cant_split:
            row._tr.get_or_add_trPr().append(_el("w:cantSplit"))
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            tc_pr.insert(0, _el("w:tcW", w=_twips(width), type="dxa"))
    return table


def _clear(cell):
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)


def header(doc):
    """Issuing body (left) and Quốc hiệu, tiêu ngữ (right), each on one line, with their rules;
    số, ký hiệu and trích yếu (left), place and date (right)."""
    lw, rw = 6.2, 9.8
    table = fixed_table(doc, [lw, rw])
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    tag(left, "{%p if superior %}")
    para(left, "{{ superior }}", size=12, align=CENTER)
    tag(left, "{%p endif %}")
    para(left, "{{ issuer }}", size=13, bold=True, align=CENTER)
    rule(left, 2.2, lw, after=4)
    para(left, "{{ number }}", size=13, align=CENTER)
    tag(left, "{%p if vv %}")
    para(left, "{{ vv }}", size=12, align=CENTER)
    tag(left, "{%p endif %}")
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER)
    rule(right, 5.6, rw, after=6)
    para(right, "{{ place_date }}", size=13, italic=True, align=CENTER)


def title(doc):
    tag(doc, "{%p if status %}")
    para(doc, "{{ status }}", size=13, bold=True, align=LEFT_A, before=6)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if doc_type %}")
    para(doc, "{{ doc_type }}", size=14, bold=True, align=CENTER, before=18)
    tag(doc, "{%p if subject %}")
    para(doc, "{{ subject }}", size=14, bold=True, align=CENTER)
    tag(doc, "{%p endif %}")
    rule(doc, 3.0, TEXT_W, after=6)
    tag(doc, "{%p else %}")
    para(doc, "", size=6, before=12)  # a công văn has no type name: its trích yếu is the V/v line
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if recipients_to|length == 1 %}")
    para(doc, "Kính gửi: {{ recipients_to[0] }}", align=CENTER, before=6, after=6)
    tag(doc, "{%p elif recipients_to %}")
    para(doc, "Kính gửi:", align=CENTER, before=6)
    tag(doc, "{%p for r in recipients_to %}")
    para(doc, "- {{ r }};", align=CENTER)
    tag(doc, "{%p endfor %}")
    para(doc, "", after=6)
    tag(doc, "{%p endif %}")


def blocks(doc):
    """The body: a list of blocks, each a heading, a paragraph, an italic note, a label-value
    table or a grid with its own columns."""
    tag(doc, "{%p for b in blocks %}")
    tag(doc, "{%p if b.kind == 'h' %}")
    para(doc, "{{ b.text }}", bold=True, align=JUSTIFY, before=6, after=3, keep=True)
    tag(doc, "{%p elif b.kind == 'p' %}")
    para(doc, "{{ b.text }}", align=JUSTIFY, after=4, indent=1.0)
    tag(doc, "{%p elif b.kind == 'i' %}")
    para(doc, "{{ b.text }}", italic=True, align=JUSTIFY, after=4, indent=1.0)
    tag(doc, "{%p elif b.kind == 'c' %}")
    para(doc, "{{ b.text }}", bold=True, align=CENTER, before=6, after=3, keep=True)
    tag(doc, "{%p elif b.kind == 'item' %}")
    para(doc, after=3, indent=1.0, align=JUSTIFY, runs=[("{{ b.label }}: ", True, False), ("{{ b.text }}", False, False)])
    tag(doc, "{%p elif b.kind == 'kv' %}")
    _kv(doc, [6.0, TEXT_W - 6.0])
    tag(doc, "{%p elif b.kind == 'fig' %}")
    _kv(doc, [TEXT_W - 4.0, 4.0], size=12)
    tag(doc, "{%p elif b.kind == 'grid' %}")
    grid(doc, "b")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def _kv(doc, widths, *, size=12):
    """A bordered label-value table, with an optional header row (b.header)."""
    kv = fixed_table(doc, widths, rows=1, borders=True)
    kv.rows[0].cells[0].paragraphs[0].text = "{%tr if b.header %}"
    head_row = kv.add_row()
    head = head_row.cells
    _fill(head[0], "{{ b.header[0] }}", bold=True, size=size)
    _fill(head[1], "{{ b.header[1] }}", bold=True, size=size)
    head_row._tr.get_or_add_trPr().append(_el("w:tblHeader"))  # repeated on each page, never alone
    for cell in head:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    kv.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    kv.add_row().cells[0].paragraphs[0].text = "{%tr for r in b.rows %}"
    row = kv.add_row().cells
    _fill(row[0], "{{ r[0] }}", size=size)
    _fill(row[1], "{{ r[1] }}", size=size)
    kv.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    _fix_rows(kv, widths)
    para(doc, "", size=6)


def grid(doc, var: str):
    """A bordered table with the columns of `var.header` (widths shared out by docxtpl), its header
    row repeated on every page, rows that cannot split."""
    widths = [1.0, TEXT_W - 2.0, 1.0]  # the engine shares the width out among the rendered columns
    table = fixed_table(doc, widths, rows=1, borders=True)
    table._tbl.tblPr.append(_el("w:tblCaption", val=GRID_MARK))
    first = table.rows[0].cells
    first[0].paragraphs[0].text = "{%tc for h in " + var + ".header %}"
    _fill(first[1], "{{ h }}", bold=True, size=11)
    first[1].paragraphs[0].paragraph_format.keep_with_next = True
    first[2].paragraphs[0].text = "{%tc endfor %}"
    table.add_row().cells[0].paragraphs[0].text = "{%tr for r in " + var + ".rows %}"
    cells = table.add_row().cells
    cells[0].paragraphs[0].text = "{%tc for v in r %}"
    _fill(cells[1], "{{ v }}", size=10)
    cells[2].paragraphs[0].text = "{%tc endfor %}"
    table.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    _fix_rows(table, widths)
    _repeat_header(table)
    para(doc, "", size=6)


def annexes(doc):
    """Annex tables after the signature, each from a new page."""
    tag(doc, "{%p for a in annexes %}")
    tag(doc, "{%p if loop.first %}")
    p = para(doc, "{{ a.title }}", size=14, bold=True, align=CENTER, keep=True)
    p.style = doc.styles[ANNEX_STYLE]
    p.paragraph_format.page_break_before = True
    tag(doc, "{%p else %}")
    para(doc, "{{ a.title }}", size=14, bold=True, align=CENTER, before=12, keep=True).style = doc.styles[ANNEX_STYLE]
    tag(doc, "{%p endif %}")
    para(doc, "{{ a.subject }}", size=13, bold=True, align=CENTER, keep=True)
    para(doc, "{{ a.note }}", size=13, italic=True, align=CENTER, after=6, keep=True)
    grid(doc, "a")
    tag(doc, "{%p endfor %}")


def _fill(cell, text, *, bold=False, size=12):
    cell.paragraphs[0].text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def _fix_rows(table, widths):
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(_el("w:cantSplit"))
        for cell, width in zip(row.cells, widths):
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            tc_pr.insert(0, _el("w:tcW", w=_twips(width), type="dxa"))


def _repeat_header(table):
    table.rows[0]._tr.get_or_add_trPr().append(_el("w:tblHeader"))


def signature(doc):
    """The closing paragraph kept with the bottom table: Nơi nhận left, the signature block right
    (TM./KT./Q. line, title, note, space, name); the row cannot split across pages."""
    tag(doc, "{%p if closing %}")
    para(doc, "{{ closing }}", align=JUSTIFY, indent=1.0, after=6, keep=True)
    tag(doc, "{%p endif %}")
    table = fixed_table(doc, [7.5, TEXT_W - 7.5])
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, before=6, keep=True)
    tag(left, "{%p for r in recipients %}")
    para(left, "- {{ r }}", size=11, keep=True)
    tag(left, "{%p endfor %}")
    tag(right, "{%p for line in sign.lines %}")
    para(right, "{{ line }}", size=14, bold=True, align=CENTER, keep=True)
    tag(right, "{%p endfor %}")
    tag(right, "{%p if sign.note %}")
    para(right, "{{ sign.note }}", size=13, italic=True, align=CENTER, keep=True)
    tag(right, "{%p endif %}")
    para(right, "", keep=True, after=60)
    para(right, "{{ sign.name }}", size=14, bold=True, align=CENTER)


def form_code(doc):
    tag(doc, "{%p if form_code %}")
    para(doc, "{{ form_code }}", size=11, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc, "{{ form_basis }}", size=10, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=4)
    tag(doc, "{%p endif %}")


def decision_body(doc):
    """The fixed wording of an approval decision, in the template so that a province edits it."""
    para(doc, "{{ authority_title }}", bold=True, align=CENTER, before=6, after=6)
    tag(doc, "{%p for basis in bases %}")
    para(doc, "{{ basis }}", italic=True, align=JUSTIFY, indent=1.0, after=3)
    tag(doc, "{%p endfor %}")
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER, before=6, after=6)
    article1 = ("Phê duyệt cấp độ {{ level }} cho hệ thống thông tin “{{ system }}” do {{ owner }} là chủ quản, "
                "{{ operator }} là đơn vị vận hành. Cấp độ được xác định theo {{ regime }}. {{ explanation }}")
    article2 = ("{{ operator }} có trách nhiệm triển khai đầy đủ phương án bảo đảm an toàn thông tin theo cấp độ "
                "{{ level }} đã được thẩm định, duy trì quy chế bảo đảm an toàn thông tin của hệ thống và thực hiện "
                "kiểm tra, đánh giá định kỳ theo quy định.")
    article3 = ("Quyết định này có hiệu lực kể từ ngày ký. {{ owner }}, {{ operator }} và các cơ quan, đơn vị có liên "
                "quan chịu trách nhiệm thi hành Quyết định này./.")
    para(doc, align=JUSTIFY, indent=1.0, after=4, runs=[("Điều 1. ", True, False), (article1, False, False)])
    para(doc, align=JUSTIFY, indent=1.0, after=4, runs=[("Điều 2. ", True, False), (article2, False, False)])
    para(doc, align=JUSTIFY, indent=1.0, after=6, keep=True, runs=[("Điều 3. ", True, False), (article3, False, False)])


ANNEXED = {"report", "warning", "progress"}  # kinds whose context may carry `annexes`


def build(kind: str) -> Document:
    doc = _new()
    for first in doc.paragraphs[:1]:
        first._p.getparent().remove(first._p)
    form_code(doc)
    header(doc)
    title(doc)
    if kind == "decision":
        decision_body(doc)
    else:
        blocks(doc)
    signature(doc)
    if kind in ANNEXED:
        annexes(doc)
    return doc


def build_all(directory: Path | None = None) -> list[Path]:
    from .engine import KINDS, TEMPLATES

    directory = directory or TEMPLATES
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        path = directory / f"{kind}.docx"
        build(kind).save(path)
        out.append(path)
    return out
