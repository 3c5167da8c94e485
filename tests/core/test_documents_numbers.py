"""Numbers right-aligned in the tables of official documents (core.documents.alignment), read back
from the rendered DOCX with python-docx: number columns right, text columns left, headers centred."""
from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN

from attt.core.documents import render_docx
from attt.core.documents.alignment import is_number, numeric_columns

NUMBERS = ["0", "12", "-3", "1234", "2.035.000.000", "2,035,000,000", "12,5", "54,3 %", "54.3%", "100,0\u00a0%",
           "2.035.000.000\u00a0đ", "2,035,000,000 VND", "12/20", "35/1.200", "0/4", "12 (54,5 %)",
           "12/20 (60,0%)", " 7 "]
TEXTS = ["Sở Tài chính", "29/11/2026", "11/2026", "15/11", "0912345678", "1.2.3", "Q1/2026", "12/QĐ-UBND",
         "CVE-2024-1234", "3 nhiệm vụ", "Cấp độ 3", "", "—", "chưa xác định", "12,5 triệu"]


@pytest.mark.parametrize("text", NUMBERS)
def test_numbers_as_the_documents_write_them(text):
    assert is_number(text)


@pytest.mark.parametrize("text", TEXTS)
def test_texts_dates_codes_and_phone_numbers_are_not_numbers(text):
    assert not is_number(text)


def test_a_column_is_numeric_when_all_its_filled_cells_are():
    rows = [["1", "Sở A", "12/20", "", "—"], ["2", "Sở B", "—", "x", ""], ["3", "7", "3/4"]]
    assert numeric_columns(rows) == [True, False, True, False, False]


def _alignments(table) -> list[list]:
    """Each cell's alignment (its paragraphs must agree), row by row."""
    out = []
    for row in table.rows:
        line = []
        for cell in row.cells:
            found = {p.alignment for p in cell.paragraphs}
            assert len(found) == 1, cell.text
            line.append(found.pop())
        out.append(line)
    return out


def _rendered(blocks, annexes=()) -> Document:
    context = {"doc_type": "BÁO CÁO", "issuer": "SỞ TÀI CHÍNH", "number": "Số: 12/BC-STC", "blocks": blocks,
               "recipients": ["Lưu: VT."], "recipients_to": [], "sign": {"lines": ["GIÁM ĐỐC"], "name": "Nguyễn Văn A"},
               "annexes": list(annexes)}
    return Document(io.BytesIO(render_docx("report", context)))


def test_grid_and_figure_tables_right_align_number_columns_and_centre_headers():
    grid = {"kind": "grid", "header": ["STT", "Nhiệm vụ", "Hạn", "Kinh phí", "Tỷ lệ", "Hoàn thành"],
            "rows": [["1", "Rà soát hệ thống", "30/11/2026", "2.035.000.000 đ", "54,3 %", "12/20"],
                     ["2", "Diễn tập", "—", "150.000.000 đ", "100,0 %", "3/3"]]}
    figures = {"kind": "fig", "header": ("Chỉ tiêu", "Số liệu"),
               "rows": [("Máy tính đang sử dụng", "1.234"), ("Tỷ lệ cài phòng chống mã độc", "87,5 %")]}
    mixed = {"kind": "kv", "header": None, "rows": [("Tên hệ thống", "Cổng dịch vụ công"), ("Số người sử dụng", "1.200")]}
    annex = {"title": "Phụ lục", "subject": "BẢNG", "note": "", "header": ["STT", "Cơ quan, đơn vị", "Số máy"],
             "rows": [["1", "Xã An Bình", "30"], ["2", "Phường 12", ""]]}
    doc = _rendered([grid, figures, mixed], [annex])
    tables = {t.rows[0].cells[1].text: t for t in doc.tables}
    R, C = ALIGN.RIGHT, ALIGN.CENTER
    # the running number under "STT" is centred, as official tables print it; the other figures right
    assert _alignments(tables["Nhiệm vụ"]) == [[C] * 6, [C, None, None, R, R, R], [C, None, None, R, R, R]]
    assert _alignments(tables["Số liệu"]) == [[C, C], [None, R], [None, R]]
    assert _alignments(tables["Cổng dịch vụ công"]) == [[None, None], [None, None]]  # values mix text and a number
    annex_table = tables["Cơ quan, đơn vị"]
    assert _alignments(annex_table) == [[C, C, C], [C, None, R], [C, None, R]]
    header = doc.tables[0]  # a layout table (no borders): as the template set it
    assert "SỞ TÀI CHÍNH" in header.rows[0].cells[0].text
    assert {p.alignment for p in header.rows[0].cells[0].paragraphs if p.text} == {C}
