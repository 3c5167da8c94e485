"""Reading and writing tables (Excel .xlsx and CSV) for imports and exports.

`read_table` turns an upload into rows of {header: value} with their row numbers; it refuses
files that are too large, of another type or corrupt, with a message for people. Imports then
validate every row and save nothing when any row is wrong (see RowErrors).
"""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
import io
import re
import zipfile
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from .errors import DomainError
from .text import fold

MAX_ROWS = 50_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Row:
    number: int
    values: dict[str, object]

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


def _header_key(value, aliases: dict[str, str]) -> str:
    key = fold(str(value or "")).replace(" ", "_")
    return aliases.get(key, key)


def read_table(upload, *, aliases: dict[str, str] | None = None, max_bytes: int = MAX_BYTES) -> list[Row]:
    """Rows of an uploaded .xlsx or .csv file. Header names are folded (no diacritics, lower
    case, spaces as underscores) and mapped through `aliases`."""
    from .uploads import check_archive, check_name

    aliases = aliases or {}
    check_name(getattr(upload, "name", "") or "")
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise DomainError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    if not data:
        raise DomainError(_("Tệp rỗng."))
    if data[:2] == b"PK" or name.endswith(".xlsx"):
        check_archive(data, name=name)  # decompression bombs and executables, before openpyxl inflates anything
        table = _read_xlsx(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _read_csv(data)
    else:
        raise DomainError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    if not table:
        raise DomainError(_("Tệp không có dòng tiêu đề."))
    header = [_header_key(h, aliases) for h in table[0]]
    rows = []
    for index, raw in enumerate(table[1:], start=2):
        if len(rows) >= MAX_ROWS:
            raise DomainError(_("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS})
        if raw is None or all(v is None or str(v).strip() == "" for v in raw):
            continue
        rows.append(Row(index, {header[i]: raw[i] for i in range(min(len(header), len(raw))) if header[i]}))
    return rows


def _read_xlsx(data: bytes) -> list[list]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise DomainError(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")) from None
    except Exception:  # openpyxl raises many kinds on malformed parts
        raise DomainError(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx.")) from None
    sheet = workbook.worksheets[0]
    out = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return out


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data[:4096]:
        raise DomainError(_("Tệp CSV không hợp lệ (có vẻ là tệp nhị phân)."))
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost anything
        raise DomainError(_("Không đọc được bảng mã của tệp CSV (hãy lưu dạng UTF-8)."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def parse_date(value, *, field_label: str) -> dt.date | None:
    """A date from a cell: a real date, or text dd/mm/yyyy (or yyyy-mm-dd)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("%(field)s “%(value)s” không phải ngày hợp lệ (dd/mm/yyyy).") % {"field": field_label, "value": text})


# OWASP "CSV injection": a cell whose text starts with one of these is run as a formula by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def safe_cell(value):
    """The value to write into an exported cell (XLSX or CSV): text that a spreadsheet would run
    as a formula gets a leading single quote; numbers, dates, booleans and None are unchanged,
    and so is text that is only a number ("-5"), which no spreadsheet runs."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value) else value
    from openpyxl.cell.cell import Cell

    if isinstance(value, Cell):  # a styled cell (WriteOnlyCell)
        value.value = safe_cell(value.value)
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def named_style(workbook, name: str, make_style) -> str:
    """`name`, a named style of `workbook`, made the first time from `make_style()` (the
    NamedStyle's attributes: font, fill, number_format...)."""
    made = workbook.__dict__.setdefault("_attt_named_styles", set())
    if name not in made:
        if name not in workbook.named_styles:
            from openpyxl.styles import NamedStyle

            workbook.add_named_style(NamedStyle(name=name, **make_style()))
        made.add(name)
    return name


def styled_cell(sheet, value, name: str, make_style):
    """A write-only cell of `sheet` in the workbook's named style `name` (named_style). Every such
    cell points to the one style; a Font, Fill or number format set on each cell instead made
    openpyxl compare it with every style already in the book, most of a 27,000-row export's time."""
    from openpyxl.cell import WriteOnlyCell

    named_style(sheet.parent, name, make_style)
    cell = WriteOnlyCell(sheet, value=value)
    cell.style = name
    return cell


def guard_sheet(sheet):
    """Make every row appended to an openpyxl (write-only) sheet go through safe_cell."""
    append = sheet.append
    sheet.append = lambda values: append(safe_row(values))
    return sheet


def xlsx_response(filename: str, header: list, rows, *, sheet_title: str = "Sheet1",
                  status_columns: list[int] | None = None) -> HttpResponse:
    """An .xlsx download written in streaming mode (constant memory for large tables).

    A header item is either its text or a (text, note) pair: the note becomes the cell's comment
    (e.g. the completion matrix puts a task's words in the header and its ref in the comment).
    Cells of the status columns (by default those whose header names a status) are coloured by
    what they say, with a legend under the table (core.xlsx_status)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment

    from . import xlsx_status

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    cells = []
    for item in header:
        if isinstance(item, tuple):
            text, note = item
            cell = WriteOnlyCell(sheet, value=str(text))
            if note:
                cell.comment = Comment(str(note), "ATTT")
            cells.append(cell)
        else:
            cells.append(item)
    sheet.append(safe_row(cells))

    def number(value):
        # Real numbers with grouping: a spreadsheet shows them with its reader's separators
        # (2.035.000.000 in a Vietnamese Excel/LibreOffice), and they still add up.
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            return value
        try:
            whole = isinstance(value, int) or value == int(value)
        except (ValueError, OverflowError):  # NaN, infinity: written as they are
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0" if whole else "#,##0.0"
        return cell

    coloured = xlsx_status.status_columns(header) if status_columns is None else status_columns
    for row in rows:
        values = [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else number(v) for v in row]
        sheet.append(safe_row(xlsx_status.colour_row(sheet, values, coloured)))
    xlsx_status.legend_sheet(workbook, [sheet])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(safe_row(header))
        for row in rows:
            yield writer.writerow(safe_row(v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
