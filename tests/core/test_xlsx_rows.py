"""core.xlsx_rows writes sheet rows as XML text: the same bytes as openpyxl writing the same cells
(with the formula-injection guard), for every kind of value an export holds."""
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

from attt.core.tabular import guard_sheet, named_style, styled_cell
from attt.core.xlsx_rows import SheetRows

STYLES = {"ATTT date": {"number_format": "dd/mm/yyyy"}, "ATTT integer": {"number_format": "#,##0"},
          "ATTT decimal": {"number_format": "#,##0.0"}, "ATTT red": {"font": Font(color="9C0006")}}
D, I, F, R = "ATTT date", "ATTT integer", "ATTT decimal", "ATTT red"
ROWS = [  # (value, style) pairs
    [("Xã A", None), (12, I), (3.25, F), (dt.date(2025, 1, 2), D), ("Đã hoàn thành", R)],
    [("a & b < c > d \"e\" 'f'", None), ("x\ry\tz\nw", None), (" lead", None), ("trail ", None), ("", None),
     ("", R), ("ăạ Đ 😀 \u2028", None), ("#N/A", None)],
    [("=HYPERLINK(\"http://evil.example\",\"x\")", None), ("+1+cmd|' /C calc'!A0", R), ("-5", None),
     ("+84", None), ("@SUM(1)", None), ("\t=1", None), ("\r=1", None)],
    [(0, I), (-5, I), (10**17, I), (2.0, I), (1e-7, F), (float("nan"), F), (True, None), (False, None),
     (-1.5, None), (7, None)],
    [(None, None), ("middle", None), (None, None), (dt.datetime(2025, 3, 4, 6, 30), D),
     (dt.date(1900, 2, 1), D), (None, None)],
    [],
    [("x" * 40000, None)],
    [(f"c{i}", None) for i in range(30)] + [(1, I)],
]


def _sheet_xml(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _workbook():
    workbook = openpyxl.Workbook(write_only=True)
    sheet = guard_sheet(workbook.create_sheet("A"))
    for name, attrs in STYLES.items():
        named_style(workbook, name, lambda attrs=attrs: attrs)
    sheet.freeze_panes = "A2"
    sheet.append(["Đơn vị", "Số"])
    return workbook, sheet


def _by_openpyxl():
    workbook, sheet = _workbook()
    for row in ROWS:
        sheet.append([value if name is None else styled_cell(sheet, value, name, None)
                      for value, name in row])
    sheet.auto_filter.ref = f"A1:AE{len(ROWS) + 1}"
    return _sheet_xml(workbook)


def _by_sheet_rows():
    workbook, sheet = _workbook()
    rows = SheetRows(sheet, start=2)
    for row in ROWS:
        rows.append([value for value, _name in row], [name for _value, name in row])
    sheet.auto_filter.ref = f"A1:AE{rows.last}"
    rows.close()
    return _sheet_xml(workbook)


def test_rows_are_written_as_openpyxl_writes_them():
    ours = _by_sheet_rows()
    assert ours == _by_openpyxl()
    assert b'<row r="9">' in ours and b"&amp;" in ours and b'<autoFilter ref="A1:AE9"/>' in ours


def test_the_rows_read_back_with_their_types_formats_and_the_guard():
    workbook, sheet = _workbook()
    rows = SheetRows(sheet, start=2)
    for row in ROWS:
        rows.append([value for value, _name in row], [name for _value, name in row])
    rows.close()
    buffer = io.BytesIO()
    workbook.save(buffer)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["A"]
    assert [c.value for c in ws[1]][:2] == ["Đơn vị", "Số"] and ws.freeze_panes == "A2"
    assert ws["B2"].value == 12 and ws["B2"].number_format == "#,##0"
    assert ws["C2"].value == 3.25 and ws["C2"].number_format == "#,##0.0"
    assert ws["D2"].value == dt.datetime(2025, 1, 2) and ws["D2"].number_format == "dd/mm/yyyy"
    assert ws["E2"].font.color.rgb.endswith("9C0006")
    assert ws["A3"].value == "a & b < c > d \"e\" 'f'" and ws["B3"].value == "x\ry\tz\nw"
    assert ws["C3"].value == " lead" and ws["G3"].value == "ăạ Đ 😀 \u2028"
    assert [c.value for c in ws[4]][:7] == [
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+cmd|' /C calc'!A0", "-5", "+84", "'@SUM(1)",
        "'\t=1", "'\r=1"]
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert [c.value for c in ws[5]][:3] == [0, -5, 10**17] and ws["G5"].value is True
    assert ws["D6"].value == dt.datetime(2025, 3, 4, 6, 30) and ws["A6"].value is None
    assert len(ws["A8"].value) == 32767 and ws["AE9"].value == 1


@pytest.mark.parametrize("text", ["bad \x01 byte", "\x0b", "\ufffe", "lone \ud800"])
def test_text_that_cannot_be_in_a_sheet_is_refused(text):
    """openpyxl refuses control characters (lxml the rest): so do we, rather than a file that
    Excel must repair."""
    sheet = openpyxl.Workbook(write_only=True).create_sheet("A")
    rows = SheetRows(sheet, start=1)
    with pytest.raises(IllegalCharacterError):
        rows.append(["ok", text])
        rows.close()


def test_other_values_are_refused():
    sheet = openpyxl.Workbook(write_only=True).create_sheet("A")
    with pytest.raises(ValueError):
        SheetRows(sheet, start=1).append([["a", "list"]])
