import io

import openpyxl
import pytest

from tests.tooling import missing
from docx import Document
from pypdf import PdfReader

from attt.core.errors import DomainError
from attt.reporting import services
from attt.reporting.exports import docx, pdf, xlsx
from attt.reporting.models import Report
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db


def _docx_text(report):
    buf = io.BytesIO()
    docx.write(report, buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
    return doc, "\n".join(texts)


def test_docx_has_the_administrative_layout_and_figures(submitted):
    doc, text = _docx_text(submitted)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "XÃ AN BÌNH",
                     "UBND TỈNH THỬ NGHIỆM", "Số: 12/BC-UBND", "V/v báo cáo", "ngày", "Kính gửi", "BÁO CÁO",
                     "Nơi nhận:", "Nguyễn Văn Ký", "Đánh giá chung của xã.", "Phụ lục 1"):
        assert expected in text, expected
    header = doc.tables[0].rows[0].cells
    assert "XÃ AN BÌNH" in header[0].text and "CỘNG HÒA" in header[1].text  # side by side
    assert doc.styles["Normal"].font.name == "Times New Roman"
    figures = {}
    for table in doc.tables[1:]:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if len(cells) == 2:
                figures.setdefault(cells[0], cells[1])
    assert figures["Máy tính đang sử dụng"] == "30"
    assert figures["Máy tính có phòng chống mã độc tập trung"] == "8"


def test_docx_number_columns_are_right_aligned_in_figures_and_streamed_annexes(submitted):
    """The annex rows are streamed into the document after rendering: their number columns are
    right-aligned all the same (counts, money), names and dates stay left, headers are centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

    from attt.core.documents.alignment import numeric_columns

    doc, _text = _docx_text(submitted)
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "Đơn vị")
    assert len(annex.rows) == 3 and len(annex.columns) > 4
    assert {p.alignment for c in annex.rows[0].cells for p in c.paragraphs} == {ALIGN.CENTER}
    for row in annex.rows[1:]:
        align = [{p.alignment for p in c.paragraphs} for c in row.cells]
        assert align[0] == align[1] == {None}, row.cells[1].text  # unit name, date (dd/mm/yyyy)
        assert all(a == {ALIGN.RIGHT} for a in align[2:]), [c.text for c in row.cells]
    right = 0
    for figures in (t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu"):
        values = [row.cells[1].text for row in figures.rows[1:]]
        numeric = numeric_columns([v] for v in values)[0]  # not when a figure is a text ("Nguồn …")
        right += numeric
        for row in figures.rows[1:]:
            assert row.cells[0].paragraphs[0].alignment is None
            assert row.cells[1].paragraphs[0].alignment == (ALIGN.RIGHT if numeric else None), values
    assert right >= 2
    # a figure that is a text is a note under its table, not a row that would keep the numbers left
    notes = [p.text for p in doc.paragraphs if p.text.startswith("Nguồn số hệ thống")]
    assert len(notes) == 1 and notes[0].endswith(".") and not any(
        "Nguồn số hệ thống" in row.cells[0].text for t in doc.tables for row in t.rows)


def test_xlsx_reads_back_with_the_figures_and_annexes(submitted):
    buf = io.BytesIO()
    xlsx.write(submitted, buf)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Máy tính đang sử dụng"] == 30 and summary["Máy tính có phòng chống mã độc tập trung"] == 8
    annex = [ws for ws in wb.worksheets if ws.title.startswith("Số liệu bao phủ")][0]
    rows = list(annex.iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị" and len(rows) == 3
    assert sum(r[2] for r in rows[1:]) == 30


def test_xlsx_annexes_are_usable_sheets(submitted):
    import datetime as dt

    buf = io.BytesIO()
    xlsx.write(submitted, buf)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    annex = next(ws for ws in wb.worksheets if ws.title.startswith("Số liệu bao phủ"))
    assert annex.freeze_panes == "A2" and annex.auto_filter.ref.startswith("A1:")
    assert annex.print_title_rows == "$1:$1" and annex.page_setup.orientation == "landscape"
    assert annex.sheet_properties.pageSetUpPr.fitToPage and annex.page_setup.fitToWidth == 1
    assert annex["A1"].font.b and annex["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert annex.column_dimensions["A"].width >= 10
    second = [c for c in annex[2]]
    dates = [c for c in second if isinstance(c.value, dt.datetime)]
    assert dates and dates[0].number_format == "dd/mm/yyyy"  # a real date, not text
    numbers = [c for c in second if isinstance(c.value, int)]
    assert numbers and numbers[0].number_format == "#,##0"


def test_pdf_is_the_docx_through_libreoffice(submitted):
    if __import__("shutil").which("soffice") is None:
        missing("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    buf = io.BytesIO()
    pdf.write(submitted, buf)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    lines = [" ".join(x.split()) for x in reader.pages[0].extract_text().splitlines()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines and "Độc lập - Tự do - Hạnh phúc" in lines
    assert any(x.startswith("Kính gửi") for x in lines)
    assert len(reader.pages) <= 6


def test_pdf_without_libreoffice_says_so(submitted, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(DomainError, match="LibreOffice"):
        pdf.write(submitted, io.BytesIO())


def test_province_report_exports_sum_of_units(world, submitted):
    province = services.report_create(actor=world.users["specialist"], organisation=world.org("province"),
                                      period=Period(2025, 3), kind=Report.Kind.PROVINCE)
    buf = io.BytesIO()
    xlsx.write(province, buf)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    ws = [w for w in wb.worksheets if w.title.startswith("Tổng hợp theo")][0]
    rows = list(ws.iter_rows(values_only=True))[1:]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][3] == sum(r[3] for r in rows[:-1]) == 70
    _doc, text = _docx_text(province)
    assert "ỦY BAN NHÂN DÂN" in text and "TỈNH THỬ NGHIỆM" in text and "Tổng cộng" in text


def test_streamed_annexes_equal_the_template_rendered_ones(world, submitted):
    """The DOCX streams its annex rows into the document (bounded memory); the result reads the
    same as the template engine rendering every row (the former way), cell for cell."""
    from attt.core.documents import render_docx

    province = services.report_create(actor=world.users["specialist"], organisation=world.org("province"),
                                      period=Period(2025, 3), kind=Report.Kind.PROVINCE)
    streamed = Document(io.BytesIO(docx.render(province)))
    whole = Document(io.BytesIO(render_docx("report", docx.context(province), province=province.organisation)))

    def cells(doc):
        return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]

    assert cells(streamed) == cells(whole) and len(cells(whole)) > 10
    assert [p.text for p in streamed.paragraphs] == [p.text for p in whole.paragraphs]
    assert "ATTTANNEX" not in "".join(sum(cells(streamed), []))


def test_pdf_annexes_are_drawn_with_every_row_after_the_libreoffice_body(world, submitted):
    """The province report's PDF: its body comes from the DOCX through LibreOffice, its annexes are
    drawn straight onto pages (reporting.exports.pdf): every stored annex row is there once, in
    order, with the DOCX's cell texts; the annex pages carry on the body's page numbers and are
    landscape as the DOCX sets wide annexes."""
    if __import__("shutil").which("soffice") is None:
        missing("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    from attt.reporting.exports import parts

    province = services.report_create(actor=world.users["specialist"], organisation=world.org("province"),
                                      period=Period(2025, 3), kind=Report.Kind.PROVINCE)
    buf = io.BytesIO()
    pdf.write(province, buf)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    texts = [page.extract_text() for page in reader.pages]
    first = next(i for i, t in enumerate(texts) if "Phụ lục 1" in t and "Kèm theo Báo cáo" in t)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0] and first >= 1
    for n, text in enumerate(texts[first:], start=first + 1):
        assert text.split()[0] == str(n)  # numbered on from the body
    assert reader.pages[first].mediabox.width > reader.pages[first].mediabox.height  # the wide annexes
    annex = " ".join(" ".join(texts[first:]).split())
    annexes = [p for p in parts(province) if p.columns and p.data.get("rows")]
    assert len(annexes) >= 2
    position = 0
    for n, part in enumerate(annexes, start=1):
        at = annex.index(f"Phụ lục {n}", position)
        assert part.title.upper() in annex[at:at + 300]
        position = at
        for row in part.rows(province):
            cell = " ".join(docx._cell(row[0]).split())
            found = annex.find(cell, position)
            assert found >= 0, (part.code, cell)
            position = found + len(cell)


def test_docx_annex_rows_are_as_high_as_their_text(submitted):
    """Each annex cell's paragraph mark has its text's size (10 pt, 11 pt in the header): left in
    the body's 14 pt, it made every row a 14 pt line high, in Word and LibreOffice alike."""
    from docx.oxml.ns import qn

    doc, _text = _docx_text(submitted)
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "Đơn vị")
    marks = {i: set() for i in (0, 1)}
    for n, row in enumerate(annex.rows):
        for cell in row.cells:
            for p in cell.paragraphs:
                if p.text.strip():
                    marks[min(n, 1)].add(p._p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")))
    assert marks == {0: {"22"}, 1: {"20"}}


def _with_task_rows(report, rows):
    """`report` whose task annex holds `rows` (as a generated report stores them)."""
    from attt.reporting.models import ReportRow

    ReportRow.objects.filter(report=report, section="tasks").delete()
    ReportRow.objects.bulk_create(ReportRow(report=report, section="tasks", seq=i, values=row)
                                  for i, row in enumerate(rows, start=1))
    report.figures["tasks"] = {**report.figures.get("tasks", {}), "available": True, "rows": len(rows)}
    report.save(update_fields=["figures"])
    return report


def test_xlsx_annex_rows_read_back_with_types_formats_colours_and_layout(submitted):
    """The annex rows are written as sheet XML (core.xlsx_rows): what Excel reads back is what
    openpyxl's cells gave, cell for cell."""
    import datetime as dt

    report = _with_task_rows(submitted, [
        ["12/CT-UBND", "Rà soát <hệ thống> & báo cáo", "Xã A", "05/10/2025", "Đã hoàn thành", "Không"],
        ["13/CT-UBND", " Diễn tập", "Xã B", "31/02/2025", "Chưa thực hiện (quá hạn)", 3],
        ["14/CT-UBND", "Kiểm tra", "Xã C", None, "Đang thực hiện", 2.5],
        ["15/CT-UBND", "", "Xã D", "01/12/2025", "Hoàn thành trễ hạn", True],
    ])
    buf = io.BytesIO()
    xlsx.write(report, buf)
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    ws = next(w for w in wb.worksheets if w.title.startswith("Thực hiện nhiệm vụ"))
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == [  # "" reads back as None; 31/02 is no day: it stays text
        ("12/CT-UBND", "Rà soát <hệ thống> & báo cáo", "Xã A", dt.datetime(2025, 10, 5), "Đã hoàn thành",
         "Không"),
        ("13/CT-UBND", " Diễn tập", "Xã B", "31/02/2025", "Chưa thực hiện (quá hạn)", 3),
        ("14/CT-UBND", "Kiểm tra", "Xã C", None, "Đang thực hiện", 2.5),
        ("15/CT-UBND", None, "Xã D", dt.datetime(2025, 12, 1), "Hoàn thành trễ hạn", True)]
    assert ws["D2"].number_format == "dd/mm/yyyy" and ws["D3"].data_type == "s"
    assert ws["F3"].number_format == "#,##0" and ws["F4"].number_format == "#,##0.0"
    assert ws["A2"].number_format == "General" and ws["A2"].fill.fill_type is None
    fills = {c.coordinate: c.fill.fgColor.rgb[-6:] for c in ws["E"][1:]}
    assert fills == {"E2": "C6EFCE", "E3": "FFC7CE", "E4": "FFEB9C", "E5": "F8CBAD"}
    assert ws["E3"].font.color.rgb.endswith("9C0006") and ws["F2"].fill.fill_type is None
    head = ws["A1"]
    assert head.value == "Văn bản" and head.font.b and head.font.color.rgb.endswith("FFFFFF")
    assert head.fill.fgColor.rgb.endswith("1F4E79") and head.alignment.wrap_text
    assert head.alignment.horizontal == "center" and head.border.left.style == "thin"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F5" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.column_dimensions["B"].width >= 10
    assert wb.sheetnames[0] == "Tổng hợp" and wb.sheetnames[-1] == "Chú giải"


def test_a_long_annex_streams_after_its_first_rows_which_share_out_the_widths(submitted):
    """The DOCX's template renders an annex's first LEAD_ROWS rows (the engine sizes the columns
    by them) and the other rows are streamed after them: every row once, in order."""
    from docx.oxml.ns import qn

    rows = [[f"{n}/CT-UBND", f"Nhiệm vụ số {n}: rà soát, đánh giá an toàn thông tin các hệ thống cấp độ 3",
             f"Xã {n}", "05/10/2025", "Đã hoàn thành", "Không"] for n in range(1, docx.LEAD_ROWS + 71)]
    report = _with_task_rows(submitted, rows)
    doc = Document(io.BytesIO(docx.render(report)))
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "Văn bản")
    assert [[c.text for c in r.cells] for r in annex.rows[1:]] == rows
    widths = [int(c.get(qn("w:w"))) for c in annex._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[1] > 1.5 * widths[3]  # the tasks' words take more room than the dates
