"""Annex task tables ("PHỤ LỤC ... DANH MỤC NHIỆM VỤ"): one task per row.

Two shapes of the same table are read:
- " | "-separated cells, one row a line (what the .docx reader emits for table rows);
- PDF/OCR text where cells are separated by runs of spaces and a long cell wraps onto the
  next lines under its own column (continuation lines have no STT).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fold import fold, norm
from .lexicon import lexicon
from .outline import _open_end

ANNEX = re.compile(r"(?m)^[ \t]*ph\w{1,2}\s+l\w{1,2}c\b")
_GAP = re.compile(r"\S+(?: \S+)*")                      # a cell: words separated by single spaces
_STT = re.compile(r"^\d{1,3}\.?$")
_GROUP = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])\.?$")


@dataclass
class Cell:
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, text: str, start: int) -> None:
        self.text = f"{self.text} {text}".strip() if self.text else text
        self.spans.append((start, start + len(text)))


@dataclass
class Row:
    ref: str
    cells: dict[str, Cell]
    cols: list[tuple[str | None, int]] = field(default_factory=list)   # where this row's cells start


def _roles() -> dict[str, tuple[str, ...]]:
    return {role: tuple(fold(w) for w in words) for role, words in lexicon()["annex_columns"].items()}


def _role(header_cell: str) -> str | None:
    key = " ".join(fold(header_cell).split())
    for role, words in _roles().items():
        if any(key == w or key.startswith(w) for w in words):
            return role
    return None


def annex_start(text: str, start: int, n: str | None = None) -> int | None:
    """Offset of the first annex heading after `start` that is followed by a task table."""
    n = norm(text) if n is None else n
    for m in ANNEX.finditer(n, start):
        line_end = n.find("\n", m.start())
        raw = text[m.start():line_end if line_end > 0 else len(text)].strip()
        if raw[:7].isupper() and _header(text, n, m.start()) is not None:
            return m.start()
    return None


def _header(text: str, n: str, start: int) -> tuple[int, list[tuple[str | None, int]], bool] | None:
    """(offset after the header line, [(role, column start)], pipe?) of the table's header row."""
    pos = start
    for _ in range(12):
        end = n.find("\n", pos)
        end = len(n) if end < 0 else end
        line = text[pos:end]
        pipe = "|" in line
        cells = _pipe_cells(line, pos) if pipe else [(m.group(), pos + m.start()) for m in _GAP.finditer(line)]
        roles = [(_role(c), s - pos) for c, s in cells]
        found = {r for r, _ in roles}
        if "lead" in found and "content" in found:
            return end + 1, roles, pipe
        if not pipe and _role(line.strip()) == "stt" and len(cells) == 1:
            stacked = _stacked_header(text, n, end + 1)
            if stacked is not None:
                return stacked
        if end >= len(n):
            break
        pos = end + 1
    return None


def _stacked_header(text: str, n: str, pos: int) -> tuple[int, list[tuple[str | None, int]], str] | None:
    """A header printed one cell a line ("STT" / "Nội dung" / "Chủ trì" / ...); a line that starts
    in lower case continues the cell above ("Thời gian triển" / "khai")."""
    roles: list[str | None] = ["stt"]
    for _ in range(12):
        end = n.find("\n", pos)
        end = len(n) if end < 0 else end
        line = text[pos:end].strip()
        if _STT.match(line) or _GROUP.match(line):
            break
        if line:
            if line[:1].islower() and len(roles) > 1:
                pass                                   # wrapped header cell
            else:
                roles.append(_role(line))
        pos = end + 1
        if end >= len(n):
            break
    if "lead" in roles and "content" in roles:
        return pos, [(r, i) for i, r in enumerate(roles)], "stack"
    return None


def _pipe_cells(line: str, base: int) -> list[tuple[str, int]]:
    out = []
    pos = 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        out.append((part.strip(), base + pos + lead))
        pos += len(part) + 1
    return out


def annex_rows(text: str, start: int, n: str | None = None) -> list[Row]:
    n = norm(text) if n is None else n
    head = _header(text, n, start)
    if head is None:
        return []
    pos, roles, pipe = head
    if pipe == "stack":
        return _stacked_rows(text, n, pos)
    rows: list[Row] = []
    group = ""
    for line_start, line in _lines(text, pos):
        if not line.strip():
            continue
        if ANNEX.match(n, line_start):
            break
        cells = _pipe_cells(line, line_start) if pipe else \
            [(m.group(), line_start + m.start()) for m in _GAP.finditer(line)]
        first = cells[0][0] if cells else ""
        if _STT.match(first) and (pipe or cells[0][1] - line_start <= roles[0][1] + 3):
            stt = first.rstrip(".")
            rows.append(Row(f"{group}.{stt}" if group else stt, {}))
            _fill(rows[-1], cells[1:], roles[1:], line_start, pipe)
            if rows[-1].cols:
                rows[-1].cols = [(roles[0][0], cells[0][1] - line_start)] + rows[-1].cols
        elif _GROUP.match(first) and (len(cells) <= 2 or pipe and not any(c for c, _ in cells[2:])):
            group = first.rstrip(".")
            continue
        elif rows and not pipe:
            _fill(rows[-1], cells, rows[-1].cols or roles, line_start, pipe, continuation=True)
    return rows


def _lines(text: str, pos: int):
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield pos, text[pos:end]
        pos = end + 1


def _fill(row: Row, cells: list[tuple[str, int]], roles: list[tuple[str | None, int]], line_start: int,
          pipe: bool, continuation: bool = False) -> None:
    """Put cells in their columns: by order for pipes (or a full row), by position otherwise."""
    if pipe or (not continuation and len(cells) == len(roles)):
        pairs = list(zip(roles, cells))
        if not pipe:                       # columns as printed on this row (OCR shifts them)
            row.cols = [(role, s - line_start) for (role, _), (_, s) in pairs]
    else:
        pairs = []
        for c, s in cells:
            col = s - line_start
            best = max((r for r in roles if r[1] <= col + 2), key=lambda r: r[1], default=roles[0])
            pairs.append((best, (c, s)))
    for (role, _), (c, s) in pairs:
        if role and c:
            row.cells.setdefault(role, Cell()).add(c, s)


_TIME_CELL = re.compile(r"^(?:(?:tu\s+)?(?:nam|quy|thang|giai doan|truoc|den|trong|hang|dinh ky|thuong xuyen|"
                        r"hoan thanh|(?:19|20)\d\d)\b)")


def _stacked_rows(text: str, n: str, pos: int) -> list[Row]:
    """Rows of a table printed one cell a line, a long cell wrapped over several lines.

    A row starts at a line holding only its number; its last line is the time when it reads as one;
    the content runs until a line in capitals that names a unit (the lead), whose cell runs until
    the next line that starts in capitals (the partners, the expected result...)."""
    from .assignees import starts_with_head
    rows: list[Row] = []
    group = ""
    cur: list[tuple[str, int]] | None = None
    in_group_title = False

    def close() -> None:
        if cur:
            rows[-1].cells.update(_stacked_cells(cur, n, starts_with_head))

    for line_start, line in _lines(text, pos):
        raw = line.strip()
        if not raw:
            continue
        if ANNEX.match(n, line_start) or re.match(r"\s*n[o0]i\s+nh\w{1,2}n\b", n[line_start:line_start + 20]):
            break
        lead = line_start + len(line) - len(line.lstrip())
        if _STT.match(raw):
            close()
            stt = raw.rstrip(".")
            rows.append(Row(f"{group}.{stt}" if group else stt, {}))
            cur = []
            in_group_title = False
            continue
        if _GROUP.match(raw) and raw.rstrip(".") not in ("A", "Đ") or re.fullmatch(r"[IVX]{1,5}\.?", raw):
            close()
            group = raw.rstrip(".")
            cur = None
            in_group_title = True
            continue
        if in_group_title or cur is None:
            continue
        cur.append((raw, lead))
    close()
    return rows


def _stacked_cells(lines: list[tuple[str, int]], n: str, is_head) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    if not lines:
        return cells
    body = list(lines)
    last, last_at = body[-1]
    if len(body) > 1 and len(last) < 40 and _TIME_CELL.match(n[last_at:last_at + len(last)]):
        cells.setdefault("time", Cell()).add(last, last_at)
        body = body[:-1]
    i = 0
    content = Cell()
    while i < len(body):
        raw, at = body[i]
        if i and raw[:1].isupper() and (is_head(n[at:at + len(raw)]) or content.text.rstrip().endswith(".")):
            break
        content.add(raw, at)
        i += 1
    cells["content"] = content
    if i < len(body):
        lead = Cell()
        lead.add(*body[i])
        i += 1
        while i < len(body) and (not body[i][0][:1].isupper() or _open_end(lead.text)):
            lead.add(*body[i])
            i += 1
        cells["lead"] = lead
    return cells
