"""The data rows of a large XLSX sheet, written as sheet XML text.

openpyxl makes a cell object and an lxml element for every cell it writes: for the province
report's annexes (27,000 rows, 209,000 cells) that was most of the export's time. `SheetRows`
writes the rows of a write-only openpyxl sheet itself, as openpyxl writes them (inline strings,
numbers and dates as numbers, each cell pointing to its named style), into a file of its own, and
puts them into the sheet's XML, after the rows openpyxl wrote (the header), when the sheet is
closed. Everything else stays openpyxl's: the workbook, the styles, the sheet's columns, frozen
panes, auto-filter and print setup.

Every text goes through core.tabular.safe_cell (formula injection), as on a guarded sheet."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from decimal import Decimal

from .tabular import safe_cell

_ESCAPE = re.compile(r"[&<>\r]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
# What openpyxl refuses in a cell (ILLEGAL_CHARACTERS_RE) and what lxml refuses in XML text.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_TEXT = 32767  # Excel's limit: openpyxl cuts longer texts there
_CHUNK = 500  # rows kept before they go to the file


def _escaped(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ENTITIES[m[0]], text)


class SheetRows:
    """Rows for `sheet` (an openpyxl write-only sheet), numbered from `start`: the number of the
    first row after those already appended to the sheet by openpyxl.

        rows = SheetRows(sheet, start=2)
        rows.append(["Xã A", 12, dt.date(2025, 1, 2)], [None, "ATTT integer", "ATTT date"])
        sheet.auto_filter.ref = f"A1:C{rows.last}"
        rows.close()   # closes the sheet, with its rows

    A style is the name of a named style already in the workbook (core.tabular.named_style)."""

    def __init__(self, sheet, *, start: int):
        from openpyxl.utils.exceptions import WorkbookAlreadySaved

        if sheet.closed:
            raise WorkbookAlreadySaved("The sheet is already closed.")
        self.sheet = sheet
        self.last = start - 1
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._chunk: list[str] = []
        self._letters: list[str] = []
        self._style_ids: dict[str, str] = {}  # named style -> ' s="N"', read the first time it is written
        self._serials: dict = {}  # date -> its serial number as written
        self._iso_dates = sheet.parent.iso_dates
        self._epoch = sheet.parent.epoch

    def append(self, values, styles=None) -> None:
        """One row: `values` are texts, numbers, booleans, dates or None (an empty cell, never
        styled); `styles`, when given, the named style of each value (None for none). A date needs
        a style with a date format."""
        self.last = row = self.last + 1
        number = str(row)
        letters = self._letters
        if len(values) > len(letters):
            from openpyxl.utils import get_column_letter

            letters.extend(get_column_letter(i) for i in range(len(letters) + 1, len(values) + 1))
        ids = self._style_ids
        out = [f'<row r="{number}">']
        add = out.append
        for i, value in enumerate(values):
            if value is None:
                continue
            name = styles[i] if styles is not None else None
            style = "" if name is None else (ids.get(name) or self._style_id(name))
            kind = type(value)
            if kind is int or kind is float:
                add(f'<c r="{letters[i]}{number}"{style} t="n"><v>{_number(value)}</v></c>')
                continue
            if kind is not str:
                if not isinstance(value, str):
                    add(self._other(f"{letters[i]}{number}", value, style))
                    continue
                value = str(value)
            value = safe_cell(value)[:_MAX_TEXT]
            if not value:
                add(f'<c r="{letters[i]}{number}"{style} t="inlineStr"></c>')
            elif value in _ERROR_CODES:
                add(f'<c r="{letters[i]}{number}"{style} t="e"><v>{value}</v></c>')
            else:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                if _ESCAPE.search(value):
                    value = _escaped(value)
                add(f'<c r="{letters[i]}{number}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
        add("</row>")
        self._chunk.append("".join(out))
        if len(self._chunk) >= _CHUNK:
            self._flush()

    def _other(self, ref: str, value, style: str) -> str:
        if isinstance(value, dt.date):
            if not style:
                raise ValueError("A date cell needs a named style with a date format.")
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                raise TypeError("Excel does not support timezones in datetimes.")
            serial = self._serials.get(value)
            if serial is None:
                serial = self._serials[value] = self._serial(value)
            return serial.format(ref=ref, style=style)
        if isinstance(value, bool):
            return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float, Decimal)):
            return f'<c r="{ref}"{style} t="n"><v>{_number(value)}</v></c>'
        raise ValueError(f"Cannot convert {value!r} to Excel")

    def _serial(self, value) -> str:
        if self._iso_dates:
            return '<c r="{ref}"{style} t="d"><v>' + value.isoformat() + "</v></c>"
        from openpyxl.utils.datetime import to_excel

        return '<c r="{ref}"{style} t="n"><v>' + _number(to_excel(value, self._epoch)) + "</v></c>"

    def _style_id(self, name: str) -> str:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet)
        cell.style = name
        self._style_ids[name] = attribute = f' s="{cell.style_id}"' if cell.has_style else ""
        return attribute

    def _flush(self) -> None:
        if not self._chunk:
            return
        text = "".join(self._chunk)
        self._chunk.clear()
        bad = _ILLEGAL.search(text)
        if bad:
            from openpyxl.utils.exceptions import IllegalCharacterError

            raise IllegalCharacterError(f"{bad[0]!r} cannot be used in worksheets.")
        self._file.write(text.encode("ascii", "xmlcharrefreplace"))

    def close(self) -> None:
        """Close the sheet (openpyxl writes its own rows and everything after them) and put these
        rows after openpyxl's."""
        self._flush()
        self.sheet.close()
        # The sheet's XML file, which the workbook copies into the archive on save (openpyxl 3.1's
        # write-only sheets; tests/core/test_xlsx_rows.py compares the result with openpyxl's own).
        path = self.sheet._writer.out
        with open(path, "rb") as f:
            xml = f.read()
        at = xml.rindex(b"</sheetData>")
        with open(path, "wb") as f:
            f.write(xml[:at])
            self._file.seek(0)
            shutil.copyfileobj(self._file, f)
            f.write(xml[at:])
        self._file.close()


_ERROR_CODES = frozenset(('#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A'))


_INFINITIES = (float("inf"), float("-inf"))


def _number(value) -> str:
    """As openpyxl writes a number: 16 significant digits; NaN and infinity as nothing."""
    if value != value or value in _INFINITIES:  # noqa: PLR0124 (NaN is the value unequal to itself)
        return ""
    return "%.16g" % value  # noqa: UP031 (the %-format openpyxl uses, Decimal included)
