"""Coloured status cells in XLSX exports, and their legend.

A cell in a status column (its header says "Tình trạng", "Trạng thái", "Quá hạn", "Đã gửi báo
cáo", or the caller names the columns, as the completion matrix does for its task columns) is
filled by what its text says: done (green), in progress (yellow), not started (grey), late: done
after the deadline (orange), overdue: past the deadline and not done (red). The words are matched
without diacritics, so "Chưa thực hiện (quá hạn)" is overdue. The legend is a sheet of its own,
"Chú giải", so that the tables stay tables (a total row stays last, a re-import reads the data)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from .text import fold


@dataclass(frozen=True)
class Status:
    key: str
    fill: str  # background, RGB
    font: str  # text colour, RGB
    words: tuple[str, ...]  # folded beginnings (or, for overdue and late, parts) of the cell text


# Checked in this order: overdue and late first (they qualify another status).
STATUSES = (
    Status("overdue", "FFC7CE", "9C0006", (" qua han", " overdue")),
    Status("late", "F8CBAD", "833C0B", (" tre han", " hoan thanh muon", " hoan thanh tre", " late ")),
    Status("not_started", "E7E6E6", "3A3838", ("chua thuc hien", "chua bat dau", "chua gui", "chua nop",
                                                "chua phan hoi", "chua tiep nhan", "not started", "not sent")),
    Status("done", "C6EFCE", "006100", ("da hoan thanh", "hoan thanh", "da phe duyet", "da gui", "da khac phuc",
                                         "da thuc hien", "da nop bao cao", "done", "completed", "approved",
                                         "sent", "fixed")),
    Status("in_progress", "FFEB9C", "9C5700", ("dang thuc hien", "dang xu ly", "dang tham dinh", "dang soan",
                                               "da nop", "cho ", "da tiep nhan", "da tham dinh", "tra lai",
                                               "thuc hien mot phan", "in progress", "submitted", "awaiting",
                                               "under ")),
)
BY_KEY = {s.key: s for s in STATUSES}
STATUS_HEADERS = ("tinh trang", "trang thai", "qua han", "da gui bao cao")


def labels() -> dict[str, str]:
    return {"done": _("Đã hoàn thành"), "in_progress": _("Đang thực hiện"), "not_started": _("Chưa thực hiện"),
            "late": _("Hoàn thành trễ hạn"), "overdue": _("Quá hạn, chưa hoàn thành")}


def status_of(value) -> str | None:
    """The status a cell's text says, or None (numbers, dates, empty and other texts)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return _status_of_text(value)


@lru_cache(maxsize=4096)  # an annex repeats a few status texts over thousands of rows
def _status_of_text(value: str) -> str | None:
    text = " ".join(fold(value).replace("(", " ").replace(")", " ").split()) + " "
    padded = " " + text
    for status in STATUSES:
        if status.key in ("overdue", "late"):
            if any(w in padded for w in status.words):
                return status.key
        elif text.startswith(status.words):
            return status.key
    return None


def status_columns(header) -> list[int]:
    """Indexes of the columns whose header names a status."""
    out = []
    for i, item in enumerate(header):
        text = item[0] if isinstance(item, tuple) else item
        if isinstance(text, str) and fold(text).strip().startswith(STATUS_HEADERS):
            out.append(i)
    return out


def styled(sheet, value, status: str | None):
    """A write-only cell with the status's colours (the value unchanged when there is no status),
    in the workbook's named style "ATTT <status>" (core.tabular.styled_cell)."""
    if status is None:
        return value
    from .tabular import styled_cell

    return styled_cell(sheet, value, f"ATTT {status}", lambda: _style(status))


def _style(status: str) -> dict:
    from openpyxl.styles import Font, PatternFill

    spec = BY_KEY[status]
    return {"font": Font(color=spec.font), "fill": PatternFill("solid", fgColor=spec.fill)}


def style_name(sheet, value) -> str | None:
    """For a cell of a status column written as text (core.xlsx_rows): the named style of the
    status `value` says, made in the workbook the first time, or None; the status is kept on the
    sheet for the legend, as colour_row does."""
    status = status_of(value)
    if status is None:
        return None
    from .tabular import named_style

    sheet.__dict__.setdefault("_attt_statuses", set()).add(status)
    return named_style(sheet.parent, f"ATTT {status}", lambda: _style(status))


def colour_row(sheet, values: list, columns) -> list:
    """`values` with the cells of the status `columns` coloured; which statuses were seen is kept on
    the sheet (for the legend)."""
    seen = sheet.__dict__.setdefault("_attt_statuses", set())
    for i in columns:
        if i < len(values):
            status = status_of(values[i])
            if status is not None:
                seen.add(status)
                values[i] = styled(sheet, values[i], status)
    return values


def legend_sheet(workbook, sheets) -> None:
    """Add the "Chú giải" sheet when any of `sheets` has a coloured cell: every status with its
    colour and its meaning."""
    if not any(sheet.__dict__.get("_attt_statuses") for sheet in sheets):
        return
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    legend = workbook.create_sheet(str(_("Chú giải")))
    legend.column_dimensions["A"].width = 30
    legend.column_dimensions["B"].width = 70
    title = WriteOnlyCell(legend, value=str(_("Chú giải màu ô tình trạng")))
    title.font = Font(bold=True)
    legend.append([title])
    names, meanings = labels(), meaning()
    for status in STATUSES:
        legend.append([styled(legend, str(names[status.key]), status.key), str(meanings[status.key])])


def meaning() -> dict[str, str]:
    return {"done": _("Đã hoàn thành, đã gửi, đã phê duyệt"),
            "in_progress": _("Đang thực hiện, đã nộp và đang chờ xử lý"),
            "not_started": _("Chưa thực hiện, chưa gửi"),
            "late": _("Đã hoàn thành nhưng sau hạn"),
            "overdue": _("Đã quá hạn mà chưa hoàn thành")}
