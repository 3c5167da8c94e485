"""XLSX export: a summary sheet and one annex sheet per section, in write-only mode."""
from __future__ import annotations

import re

from attt.core import dates
from attt.core.tabular import guard_sheet

from . import fmt_value, header_lines, parts

_BAD = re.compile(r"[\[\]:*?/\\]")


def _title(text: str, used: set) -> str:
    base = _BAD.sub(" ", text)[:28].strip() or "Sheet"
    name, i = base, 2
    while name in used:
        name = f"{base[:26]} {i}"
        i += 1
    used.add(name)
    return name


def write(report, out) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    used: set = set()
    head = header_lines(report)
    summary = wb.create_sheet(_title("Tổng hợp", used))
    guard_sheet(summary)  # formula injection: every exported cell through core.tabular.safe_cell
    summary.column_dimensions["A"].width = 70
    summary.column_dimensions["B"].width = 22
    bold = Font(bold=True)

    def b(text):
        cell = WriteOnlyCell(summary, value=text)
        cell.font = bold
        return cell

    summary.append([b(report.organisation.name)])
    summary.append([b(head["subject"])])
    summary.append(["Lần", report.version])
    summary.append(["Trạng thái", report.get_status_display()])
    summary.append(["Hạn gửi", dates.day(report.due_date)])
    summary.append(["Gửi lúc", dates.moment(report.submitted_at)])
    all_parts = parts(report)
    for part in all_parts:
        summary.append([])
        summary.append([b(part.title)])
        if not part.data.get("available"):
            summary.append([part.data.get("note", "")])
            continue
        for key, label, value in part.data.get("figures", []):
            summary.append([label, value if isinstance(value, (int, float)) or value is None else fmt_value(value)])
        if part.data.get("note"):
            summary.append([part.data["note"]])
    for part in all_parts:
        if not part.columns or not part.data.get("rows"):
            continue
        sheet = wb.create_sheet(_title(part.title, used))
        guard_sheet(sheet)
        sheet.append([WriteOnlyCell(sheet, value=c) for c in part.columns])
        for row in part.rows(report):
            sheet.append(row)
    wb.save(out)
