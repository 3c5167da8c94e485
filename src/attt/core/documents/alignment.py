"""Numbers right-aligned in the tables of official documents.

A column whose non-empty body cells all hold numbers (integers, decimals, percentages, money such
as "2.035.000.000 đ", "12/20" ratios, "12 (54,5 %)") has its body cells right-aligned, so that
units line up under units; text columns keep their alignment (left); header rows (the rows
repeated on each page) are centred, and so is the running number under a "STT"/"TT" header, as
official tables print it. A dash ("—") counts as empty. Layout tables without borders
(the header with the Quốc hiệu, the signature block) are left as they are. The engine applies
this to every rendered document (`align_numbers`), so a province's own template gets it too.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

EMPTY = {"", "—", "–", "-"}
ORDINAL_HEADERS = {"stt", "tt", "số tt", "no.", "no"}  # the running-number column: centred
# an integer grouped by "." (vi) or "," (en), or plain; a leading zero is a code or a phone number
_INT = r"(?:0|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)"
_NUM = rf"[-−+]?{_INT}(?:[.,]\d+)?"
_UNIT = r"(?:\s?%|\s?(?:đ|đồng|VND|VNĐ|USD))?"
_SHARE = rf"(?:\s*\(\s*{_NUM}\s?%\s*\))?"  # "12 (54,5 %)", "12/20 (60,0 %)"
_NUMBER = re.compile(rf"{_NUM}{_UNIT}{_SHARE}")
_RATIO = re.compile(rf"(?P<n>{_INT})\s*/\s*(?P<d>{_INT}){_SHARE}")
_MONTH_YEAR = re.compile(r"(?:0?[1-9]|1[0-2])/(?:19|20)\d\d")  # "11/2026" is a month, not a ratio


def is_number(text: str) -> bool:
    """Whether a cell's text is a number as the documents write them (see the module's note)."""
    text = " ".join(str(text).replace("\u00a0", " ").replace("\u202f", " ").split())
    if _NUMBER.fullmatch(text):
        return True
    ratio = _RATIO.fullmatch(text)
    if ratio is None or _MONTH_YEAR.fullmatch(text):
        return False
    part, whole = (int(re.sub(r"[.,]", "", ratio.group(g))) for g in ("n", "d"))
    return part <= whole  # "15/11" is a day and month, not a part of a whole


def numeric_columns(rows: Iterable[Sequence[str]], *, numeric: Callable[[str], bool] = is_number) -> list[bool]:
    """Per column: whether its non-empty cells (at least one) are all numbers (`numeric` decides)."""
    seen: list[bool] = []
    flags: list[bool] = []
    for row in rows:
        for i, text in enumerate(row):
            if i >= len(seen):
                seen += [False] * (i + 1 - len(seen))
                flags += [True] * (i + 1 - len(flags))
            text = (text or "").strip()
            if text in EMPTY or not flags[i]:
                continue
            seen[i] = True
            flags[i] = numeric(text)
    return [s and n for s, n in zip(seen, flags)]


def _is_layout(tbl) -> bool:
    borders = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    return borders is not None and len(borders) > 0 and all(
        (edge.get(qn("w:val")) or "nil") in ("nil", "none") for edge in borders)


def _is_header(tr) -> bool:
    """A header row: repeated at the top of each page (w:tblHeader, not switched off)."""
    mark = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false", "off")


def _cells(tr) -> list:
    """The row's cells by grid column; a cell spanning several columns (a merged total) is None."""
    out = []
    for tc in tr.findall(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        n = int(span.get(qn("w:val"), "1")) if span is not None else 1
        out += [tc] if n == 1 else [None] * n
    return out


def _text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t"))) if tc is not None else ""


def _align(tc, alignment) -> None:
    for p in tc.findall(qn("w:p")):
        p.get_or_add_pPr().jc_val = alignment


def align_numbers(document, *, numeric: Callable[[str], bool] = is_number) -> None:
    """Right-align the number columns and centre the header rows of every bordered table of a
    python-docx Document (after rendering). `numeric` decides whether a cell's text is a number."""
    for tbl in list(document.element.body.iter(qn("w:tbl"))):
        if _is_layout(tbl):
            continue
        rows = tbl.findall(qn("w:tr"))
        head = 0
        while head < len(rows) and _is_header(rows[head]):
            head += 1
        body = [_cells(tr) for tr in rows[head:]]
        flags = numeric_columns(([_text(tc) for tc in cells] for cells in body), numeric=numeric)
        labels = [" ".join(_text(tc).split()).lower() for tc in _cells(rows[head - 1])] if head else []
        for tr in rows[:head]:
            for tc in tr.findall(qn("w:tc")):
                _align(tc, WD_ALIGN_PARAGRAPH.CENTER)
        for cells in body:
            for i, (tc, right) in enumerate(zip(cells, flags)):
                if right and tc is not None:
                    ordinal = i < len(labels) and labels[i] in ORDINAL_HEADERS
                    _align(tc, WD_ALIGN_PARAGRAPH.CENTER if ordinal else WD_ALIGN_PARAGRAPH.RIGHT)
