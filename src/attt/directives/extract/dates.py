"""Dates, periods and recurring rules in (normalised) Vietnamese text.

Every finder works on the output of `fold.norm`, which has the same length as the source, so
the spans it returns are spans of the source text.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .fold import norm

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_NGAY = r"ng\w{1,2}y"
_THANG = r"th\w{1,3}ng"
_NAM = r"n\w{1,3}m"
_YEAR = r"((?:19|20)\d\d)\d?(?!\d)"

# day/month/year written with digits: 20/8/2025, 20-8-2025, 20.8.2025
DMY_DIGITS = re.compile(r"(?<![\d/.\-])(\d{1,2})\s?([/\-.])\s?(\d{1,2})\s?\2\s?" + _YEAR)
# day month year written with words: ngày 20 tháng 8 năm 2025 (OCR: "ngay 02thang 5 nim 2024")
DMY_WORDS = re.compile(_NGAY + r"\s*(\d{1,2})\s*" + _THANG + r"\s*(\d{1,2})\s*,?\s*" + _NAM + r"\s*" + _YEAR)
# day and month without a year
DM_DIGITS = re.compile(r"(?<![\d/.\-])(\d{1,2})/(\d{1,2})(?![\d/]|\s?[/\-.]\s?\d)")
DM_WORDS = re.compile(r"(?:" + _NGAY + r"\s*)?(\d{1,2})\s*(?:cua\s*)?" + _THANG + r"\s*(\d{1,2})(?!\s*[,/]?\s*(?:" + _NAM + r"\s*)?\d)")

_QUARTER = r"q\w{1,2}\s*(iv|iii|ii|i|[1-4])\s*(?:[/\-]|\s+nam\s+|\s+)\s*" + _YEAR
_MONTH = r"th\w{1,3}ng\s*(\d{1,2})\s*(?:[/\-]|\s+n\w{1,3}m\s+)\s*" + _YEAR
_YEARP = r"n\w{1,3}m\s+" + _YEAR
_SPAN = r"(?:gi\w{1,2}i\s+do\w{1,2}n\s+|n\w{1,3}m\s+)?((?:19|20)\d\d)\s*-\s*" + _YEAR      # "giai đoạn 2026-2030"
PERIOD = re.compile(r"(?:" + _QUARTER + r")|(?:" + _MONTH + r")|(?:" + _SPAN + r")|(?:" + _YEARP + r")")
SPAN_CUE = re.compile(r"\bhoan thanh\b|\bthoi (?:gian|han)\b|\bthuc hien\b|\btrien khai\b")
PERIOD_RANGE_SEP = re.compile(r"\s*(?:-|den|toi)\s*")
OPEN_PERIOD = re.compile(r"\s*(?:va|,)\s*(?:cac|nhung)\s*n\w{1,3}m\s*(?:tiep theo|sau|tiep)")

# what makes a date or period a deadline
DATE_CUE = re.compile(
    r"(?:\btr[uw][a-z0-9]{0,2}[ce]\b|\bcham nhat\b|\bhan chot\b|\bthoi han\b|\bden het\b|\bden\b|"
    r"\bhoan thanh\b|\bxong\b|\bthoi gian hoan thanh\b|\bthoi gian\b)\s*[:(]?\s*"
    r"(?:\d{1,2}\s*(?:gio|h)\s*(?:\d{1,2}\s*(?:phut)?)?\s*,?\s*)?(?:" + _NGAY + r"\s*)?$")
PERIOD_CUE = re.compile(r"(?:\btrong\b|\bhoan thanh\b|\bthoi (?:gian|han)(?:\s+(?:thuc hien|hoan thanh|trien khai))?\b|"
                        r"\bden het\b|(?<!thang )\bcuoi\b|\btrong ca\b|\btrong suot\b)\s*[:(]?\s*$")

RECUR_HANG = re.compile(r"(?:(dinh ky)\s+)?\bh[a-z]ng\s+(quy|thang|nam)\b")
RECUR_EVERY = re.compile(r"\bdinh ky\s+(\d{1,2}|mot|hai|ba|sau)\s+(nam|thang|quy)\b")
RECUR_TIMES = re.compile(
    r"\b(\d{1,2}|mot|hai|ba)\s*lan\s*(?:/|trong|moi|mot|\s)\s*(\d{1,2}|mot)?\s*(nam|thang|quy)\b")
RECUR_PER = re.compile(r"\b(\d{1,2}|sau|ba)\s*thang\s*(?:/|mot|moi)\s*(?:\d{1,2}\s*)?lan\b")
RECUR_LISTED = re.compile(r"(?<=[,;]\s)(\d{1,2}|sau|ba)\s+thang\s*(?=\(\s*tr[uw]\w{0,2}c)")
_ALLOWANCE = re.compile(r"\b(?:tro cap|phu cap|luong|tro giup)(?:\s+\w+){0,3}\s*$")
QUARTER_DUE = re.compile(_NGAY + r"\s*(\d{1,2})\s*(?:c\w{1,3}\s*)?" + _THANG + r"\s*(cuoi|dau)\s*[qg]\w{0,2}\b|"
                         r"\b(\d{1,2})\s*(?:c\w{1,3}\s*)?" + _THANG + r"\s*(cuoi|dau)\s*[qg]\w{0,2}\b")
MONTH_DUE = re.compile(_NGAY + r"\s*(\d{1,2})\s*(?:hang|cua|moi)\s*th\w{1,3}ng\b")

EVENT = re.compile(
    r"\bh[a-z]ng\s+(?:tuan|ngay)\b|\bmoi\s+tuan\b|"
    r"(?:ngay\s+)?\bkhi\s+(?:co\s+(?:su\s+)?thay doi|phat hien|xay ra|co yeu cau|duoc yeu cau|(?:co\s+|xay ra\s+)?su co)[^;.()]{0,80}|"
    r"\btruoc khi dua vao\s+(?:van hanh|su dung|khai thac)[^;.()]{0,40}|"
    r"\btruong hop\s+(?:xay ra|phat hien)[^;.():]{0,90}")

_WORDNUM = {"mot": 1, "hai": 2, "ba": 3, "sau": 6}


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts do not make one (31/02, month 13...)."""
    try:
        if not (1900 <= year <= 2100):
            return None
        return date(year, month, day)
    except (ValueError, TypeError):
        return None


def month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return make_date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date | None:
    if not 1 <= quarter <= 4:
        return None
    return month_end(year, quarter * 3)


def _num(s: str) -> int:
    return _WORDNUM[s] if s in _WORDNUM else int(s)


def _period_date(m: re.Match) -> date | None:
    g = m.groups()
    if g[0]:
        q = ROMAN.get(g[0]) or (int(g[0]) if g[0].isdigit() else 0)
        return quarter_end(int(g[1]), q)
    if g[2]:
        return month_end(int(g[3]), int(g[2]))
    if g[4]:
        return make_date(int(g[5]), 12, 31) if int(g[5]) >= int(g[4]) else None
    return make_date(int(g[6]), 12, 31)


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """The first date written in `text` in any usual form; None if there is none or it is invalid."""
    try:
        n = norm(text)
        for rx in (DMY_WORDS, DMY_DIGITS):
            m = rx.search(n)
            if m:
                g = m.groups()
                if rx is DMY_DIGITS:
                    return make_date(int(g[3]), int(g[2]), int(g[0]))
                return make_date(int(g[2]), int(g[1]), int(g[0]))
        if default_year:
            for rx in (DM_WORDS, DM_DIGITS):
                m = rx.search(n)
                if m:
                    return make_date(default_year, int(m.group(2)), int(m.group(1)))
    except (ValueError, OverflowError):
        return None
    return None


def parse_period(text: str) -> date | None:
    """Last day of a period ("quý III/2025", "tháng 8/2025", "năm 2025", ranges)."""
    n = norm(text)
    found = None
    for m in PERIOD.finditer(n):
        d = _period_date(m)
        if d:
            found = d
    return found


@dataclass
class Found:
    start: int
    end: int
    kind: str                      # "date" | "recurring" | "event"
    date: date | None = None
    every_months: int | None = None
    due_day: int | None = None
    due_month_of_period: str | None = None
    due_month: int | None = None
    text: str | None = None
    period: bool = False           # a period ("quý III/2026") turned into its last day


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find_recurring(n: str) -> tuple[list[Found], list[tuple[int, int]]]:
    """Recurring rules in normalised text, and the spans they consumed (their due dates)."""
    out: list[Found] = []
    used: list[tuple[int, int]] = []
    for m in RECUR_EVERY.finditer(n):
        k, unit = _num(m.group(1)), m.group(2)
        months = k * {"nam": 12, "thang": 1, "quy": 3}[unit]
        out.append(Found(m.start(), m.end(), "recurring", every_months=months))
        used.append(m.span())
    for m in RECUR_HANG.finditer(n):
        if _overlaps(m.span(), used) or re.search(r"ngay\s*\d{1,2}\s*$", n[max(0, m.start() - 12):m.start()]):
            continue                                      # "ngày 25 hằng tháng" is a due day
        if not m.group(1) and _ALLOWANCE.search(n[max(0, m.start() - 40):m.start()]):
            continue                                      # "trợ cấp xã hội hằng tháng": a monthly allowance
        unit = m.group(2)
        if unit == "nam" and not m.group(1):
            before = n[max(0, m.start() - 12):m.start()].rstrip()
            after = n[m.end():m.end() + 3].lstrip()
            if not (before == "" or before[-1:] in ";.:(" or before.endswith("bao cao")
                    or re.match(r"\s*(?:[;.)]|va\s+(?:tong ket|bao cao|danh gia))", n[m.end():m.end() + 20])
                    or after.startswith("(") or re.search(r"\d\s*(?:va\s*\d{1,2}/\d{1,2})?\s*$", before)):
                continue
        months = {"quy": 3, "thang": 1, "nam": 12}[unit]
        out.append(Found(m.start(), m.end(), "recurring", every_months=months))
        used.append(m.span())
    for m in RECUR_LISTED.finditer(n):                  # "Định kỳ hằng tháng (...), 6 tháng (trước ...)"
        if _overlaps(m.span(), used) or not re.search(r"dinh ky", n[max(0, m.start() - 120):m.start()]):
            continue
        out.append(Found(m.start(), m.end(), "recurring", every_months=_num(m.group(1))))
        used.append(m.span())
    for m in RECUR_TIMES.finditer(n):
        if _overlaps(m.span(), used):
            continue
        times = _num(m.group(1))
        k = _num(m.group(2)) if m.group(2) else 1
        months = k * {"nam": 12, "thang": 1, "quy": 3}[m.group(3)]
        if times and months % times == 0:
            out.append(Found(m.start(), m.end(), "recurring", every_months=months // times))
            used.append(m.span())
    for m in RECUR_PER.finditer(n):
        if _overlaps(m.span(), used):
            continue
        out.append(Found(m.start(), m.end(), "recurring", every_months=_num(m.group(1))))
        used.append(m.span())
    out.sort(key=lambda f: f.start)
    # due days: relative to the quarter, to the month, or fixed days of the year
    for m in QUARTER_DUE.finditer(n):
        quarterly = [f for f in out if f.every_months == 3 and f.due_day is None]
        if quarterly:
            target = min(quarterly, key=lambda f: abs(f.start - m.start()))
            target.due_day = int(m.group(1) or m.group(3))
            target.due_month_of_period = "last" if (m.group(2) or m.group(4)) == "cuoi" else "first"
            used.append(m.span())
    _period_dues(n, out, used)
    for m in MONTH_DUE.finditer(n):
        monthly = [f for f in out if f.every_months == 1 and f.due_day is None]
        if monthly:
            monthly[0].due_day = int(m.group(1))
            used.append(m.span())
    yearly = [f for f in out if f.every_months == 12]
    if yearly:
        dues = []
        for rx in (DM_WORDS, DM_DIGITS):
            for m in rx.finditer(n):
                if _overlaps(m.span(), used):
                    continue
                day, month = int(m.group(1)), int(m.group(2))
                if make_date(2000, month, day):
                    dues.append((m.start(), m.end(), day, month))
        dues.sort()
        if dues:
            first = yearly[0]
            extra = []
            for i, (s, e, day, month) in enumerate(dues):
                if i == 0:
                    first.due_day, first.due_month = day, month
                    first.start = min(first.start, s)
                else:
                    extra.append(Found(s, e, "recurring", every_months=12, due_day=day, due_month=month))
                used.append((s, e))
            out.extend(extra)
            out.sort(key=lambda f: f.start)
    return out, used


PERIOD_DUES = re.compile(r"\s*\(\s*(?:tr[uw]\w{0,2}c\s*)?(?:" + _NGAY + r"\s*)?(\d{1,2})/(\d{1,2})"
                         r"(?:\s*(?:va|,)\s*(?:" + _NGAY + r"\s*)?(\d{1,2})/(\d{1,2}))*\s*\)")


def _period_dues(n: str, out: list[Found], used: list[tuple[int, int]]) -> None:
    """"định kỳ 6 tháng (trước ngày 20/6 và 20/12)": one rule due on day 20 of the last month."""
    for f in out:
        if f.every_months not in (2, 3, 4, 6) or f.due_day is not None:
            continue
        m = PERIOD_DUES.match(n, f.end)
        if not m:
            continue
        pairs = [(int(d), int(mo)) for d, mo in re.findall(r"(\d{1,2})/(\d{1,2})", m.group())]
        days = {d for d, _ in pairs}
        offsets = {mo % f.every_months for _, mo in pairs}
        if len(days) == 1 and len(offsets) == 1 and offsets <= {0, 1}:
            f.due_day = days.pop()
            f.due_month_of_period = "last" if offsets == {0} else "first"
            used.append(m.span())


def find_deadlines(n: str, doc_year: int | None, *, uncued: bool = False) -> list[Found]:
    """Deadlines in normalised text: dated ones, periods, recurring rules and events."""
    recurring, used = find_recurring(n)
    found: list[Found] = list(recurring)

    def cued(start: int, rx: re.Pattern) -> bool:
        return uncued or bool(rx.search(n[max(0, start - 40):start]))

    for rx in (DMY_WORDS, DMY_DIGITS):
        for m in rx.finditer(n):
            if _overlaps(m.span(), used) or not cued(m.start(), DATE_CUE):
                continue
            g = m.groups()
            d = (make_date(int(g[3]), int(g[2]), int(g[0])) if rx is DMY_DIGITS
                 else make_date(int(g[2]), int(g[1]), int(g[0])))
            used.append(m.span())
            if d:
                found.append(Found(m.start(), m.end(), "date", date=d))
    if doc_year:
        for rx in (DM_WORDS, DM_DIGITS):
            for m in rx.finditer(n):
                if _overlaps(m.span(), used) or not cued(m.start(), DATE_CUE):
                    continue
                used.append(m.span())
                d = make_date(doc_year, int(m.group(2)), int(m.group(1)))
                if d:
                    found.append(Found(m.start(), m.end(), "date", date=d))
    for m in PERIOD.finditer(n):
        if _overlaps(m.span(), used):
            continue
        sep = PERIOD_RANGE_SEP.match(n, m.end())
        is_range = bool(sep and PERIOD.match(n, sep.end()))
        if not is_range and not cued(m.start(), PERIOD_CUE):
            continue
        if m.group(5) and not uncued and not SPAN_CUE.search(n[max(0, m.start() - 40):m.start()]):
            continue                                 # "hỗ trợ trong giai đoạn 2026-2030": a budget period
        end, last = m.end(), m
        while True:                                  # "Quý IV/2025 - Quý II/2026"
            sep = PERIOD_RANGE_SEP.match(n, end)
            nxt = PERIOD.match(n, sep.end()) if sep else None
            if not nxt:
                break
            end, last = nxt.end(), nxt
        used.append((m.start(), end))
        if OPEN_PERIOD.match(n, end):
            continue
        d = _period_date(last)
        if d:
            found.append(Found(m.start(), end, "date", date=d, period=True))
    for m in EVENT.finditer(n):
        if not _overlaps(m.span(), used):
            found.append(Found(m.start(), m.end(), "event"))
    found.sort(key=lambda f: f.start)
    return found
