"""Coloured status cells in XLSX exports, with their legend (core.xlsx_status), in the report
annexes and the directive completion matrix."""
import io

import openpyxl
import pytest

from attt.core import xlsx_status
from attt.core.tabular import xlsx_response


@pytest.mark.parametrize("text,status", [
    ("Đã hoàn thành", "done"), ("Hoàn thành", "done"), ("Đã phê duyệt", "done"), ("Đã gửi", "done"),
    ("Đang thực hiện", "in_progress"), ("Đã nộp, chờ tiếp nhận", "in_progress"), ("Thực hiện một phần", "in_progress"),
    ("Chưa thực hiện", "not_started"), ("Chưa gửi", "not_started"), ("chua thuc hien", "not_started"),
    ("Quá hạn", "overdue"), ("Chưa thực hiện (quá hạn)", "overdue"), ("Đang thực hiện (quá hạn)", "overdue"),
    ("Hoàn thành trễ hạn", "late"), ("Done", "done"), ("Not started (overdue)", "overdue"),
    ("Đang vận hành", None), ("Không", None), ("", None), (12, None), (None, None),
])
def test_status_of_a_cell(text, status):
    assert xlsx_status.status_of(text) == status


def _fills(ws):
    return {c.value: c.fill.fgColor.rgb[-6:] for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.fill and c.fill.fill_type == "solid"}


def test_export_colours_status_cells_and_writes_a_legend():
    header = ["Đơn vị", "Tình trạng", "Ghi chú"]
    rows = [["Xã A", "Đã hoàn thành", "Chưa thực hiện"], ["Xã B", "Chưa thực hiện (quá hạn)", ""],
            ["Xã C", "Đang thực hiện", ""]]
    response = xlsx_response("x.xlsx", header, rows)
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    assert ws["B2"].fill.fgColor.rgb.endswith("C6EFCE")  # done: green
    assert ws["B3"].fill.fgColor.rgb.endswith("FFC7CE")  # overdue: red
    assert ws["B4"].fill.fgColor.rgb.endswith("FFEB9C")  # in progress: yellow
    assert ws["C2"].fill.fill_type is None  # not a status column: left as it is
    assert ws.max_row == 4  # the table stays a table: the legend is a sheet of its own
    assert wb.sheetnames == ["Sheet1", "Chú giải"]
    legend = [c.value for c in wb["Chú giải"]["A"]][1:]
    assert set(legend) == {"Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Hoàn thành trễ hạn",
                           "Quá hạn, chưa hoàn thành"}
    fills = _fills(wb["Chú giải"])
    assert fills["Quá hạn, chưa hoàn thành"] == "FFC7CE" and fills["Chưa thực hiện"] == "E7E6E6"


def test_no_status_column_no_legend():
    response = xlsx_response("x.xlsx", ["Đơn vị", "Số máy"], [["Xã A", 3]])
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == ["Sheet1"]
