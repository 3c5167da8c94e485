"""XLSX export: a summary sheet and one annex sheet per section, in write-only mode (the annex rows
written as sheet XML by core.xlsx_rows). Annex sheets carry real dates and numbers with Vietnamese
formats, column widths, a styled frozen header with an auto-filter, and a print setup (landscape,
fit to width, header row repeated)."""
from __future__ import annotations

import datetime as dt
import re

from attt.core import dates, xlsx_status
from attt.core.tabular import guard_sheet, named_style, styled_cell
from attt.core.xlsx_rows import SheetRows

from . import fmt_value, header_lines, parts

_BAD = re.compile(r"[\[\]:*?/\\]")
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
DATE_FORMAT, INT_FORMAT, DEC_FORMAT = "dd/mm/yyyy", "#,##0", "#,##0.0"


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
    summary.page_setup.orientation = "portrait"
    summary.page_setup.paperSize = "9"  # A4
    summary.sheet_properties.pageSetUpPr.fitToPage = True
    summary.page_setup.fitToWidth, summary.page_setup.fitToHeight = 1, 0
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
            summary.append([label, _value_cell(summary, value) if isinstance(value, (int, float)) or value is None
                            else fmt_value(value)])
        if part.data.get("note"):
            summary.append([part.data["note"]])
    annexes = []
    for part in all_parts:
        if not part.columns or not part.data.get("rows"):
            continue
        annexes.append(_annex(wb, _title(part.title, used), part.columns, part.rows(report)))
    xlsx_status.legend_sheet(wb, annexes)
    wb.save(out)


_FORMATS = {"ATTT date": DATE_FORMAT, "ATTT integer": INT_FORMAT, "ATTT decimal": DEC_FORMAT}


def _formatted(sheet, value, name: str):
    return styled_cell(sheet, value, name, lambda: {"number_format": _FORMATS[name]})


def _typed(value) -> tuple:
    """The value to write and its named style: a dd/mm/yyyy text as a real date, a number with
    its Vietnamese-readable format; anything else as it is, without a style."""
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match:
            try:
                return dt.date(int(match[3]), int(match[2]), int(match[1])), "ATTT date"
            except ValueError:
                pass
        return value, None
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, (int, float)):
        return value, "ATTT integer" if float(value).is_integer() else "ATTT decimal"
    return value, None


def _value_cell(sheet, value):
    """A cell with a real date or number and its Vietnamese-readable format."""
    value, name = _typed(value)
    return value if name is None else _formatted(sheet, value, name)


def _annex(wb, title: str, columns, rows) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = wb.create_sheet(title)
    guard_sheet(sheet)
    for i, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(45, len(str(name)) * 0.9 + 4))
    thin = Side(style="thin", color="999999")
    head = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        head.append(cell)
    # write-only sheets write their properties with the first row: set them all before it
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.append(head)
    coloured = xlsx_status.status_columns(columns)  # done / in progress / not started / late / overdue
    # The data rows are written as sheet XML (core.xlsx_rows: openpyxl's cell objects were most of
    # the time); every text still goes through safe_cell there.
    out = SheetRows(sheet, start=2)
    made: set = set()
    for row in rows:
        values, styles = [], []
        for value in row:
            value, name = _typed(value)
            if name is not None and name not in made:
                named_style(wb, name, lambda name=name: {"number_format": _FORMATS[name]})
                made.add(name)
            values.append(value)
            styles.append(name)
        for i in coloured:
            if i < len(values) and styles[i] is None:
                styles[i] = xlsx_status.style_name(sheet, values[i])
        out.append(values, styles)
    last = get_column_letter(max(1, len(columns)))
    sheet.auto_filter.ref = f"A1:{last}{out.last}"
    out.close()
    return sheet
