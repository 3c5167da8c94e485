"""Occurrences of recurring duties: which period each covers and when it is due.

    occurrences(regime.duty("quarterly-report"), date(2026, 1, 1), date(2026, 12, 31),
                {"quarterly_report_due_day": 20})

Due dates are the dates the texts name ("trước ngày 15" is stored as day 15); the caller
decides how to word "before". A day beyond the month's end (31 in June) falls on its last day.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .model import Duty, MonthDay, Regime, SettingRef


@dataclass(frozen=True)
class Occurrence:
    period_start: date
    period_end: date
    due_date: date


def occurrences(
    duty: Duty, start: date, end: date, settings: Mapping[str, Any] | None = None
) -> list[Occurrence]:
    """Every occurrence of ``duty`` whose due date lies in [start, end], in date order."""
    if end < start:
        return []
    settings = settings or {}
    rule = duty.due
    found: list[Occurrence] = []
    if rule.kind == "quarterly":
        for year in range(start.year, end.year + 1):
            for quarter in range(1, 5):
                last_month = quarter * 3
                due = _on(year, last_month, _resolve(rule.day, settings))
                found.append(Occurrence(date(year, last_month - 2, 1), _month_end(year, last_month), due))
    elif rule.kind == "yearly":
        for year in range(start.year, end.year + 1):
            due = _on(year, rule.month, _resolve(rule.day, settings))
            found.append(Occurrence(*_yearly_window(rule.window_start, rule.window_end, year, settings), due))
    elif rule.kind == "dates":
        for year in range(start.year - 1, end.year + 1):
            dues = sorted(_on(year, md.month, _resolve(md.day, settings)) for md in rule.dates)
            previous = max(_on(year - 1, md.month, _resolve(md.day, settings)) for md in rule.dates)
            for due in dues:
                found.append(Occurrence(previous + timedelta(days=1), due, due))
                previous = due
    elif rule.kind == "interval":
        anchor = _resolve(rule.anchor, settings)
        if not isinstance(anchor, date):
            raise ValueError(f"duty {duty.id}: the anchor must be a date, got {anchor!r}")
        k = 0
        while True:
            period_start = add_months(anchor, k * rule.every_months)
            period_end = add_months(anchor, (k + 1) * rule.every_months) - timedelta(days=1)
            if period_end > end:
                break
            found.append(Occurrence(period_start, period_end, period_end))
            k += 1
    return [o for o in sorted(found, key=lambda o: o.due_date) if start <= o.due_date <= end]


def duties_for(regime: Regime, *, applies_to: str, level: int | None = None) -> tuple[Duty, ...]:
    """The regime's duties for a unit, or for a system of the given level."""
    return tuple(
        d
        for d in regime.duties
        if d.applies_to == applies_to and (level is None or d.applies_to_level(level))
    )


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day kept or cut to the month's last day."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return _on(year, month + 1, d.day)


def _resolve(value: Any, settings: Mapping[str, Any]) -> Any:
    if isinstance(value, SettingRef):
        value = settings.get(value.key, value.default)
        if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 31:
            raise ValueError(f"setting out of range (1..31): {value}")
    return value


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _on(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _yearly_window(
    start: MonthDay | None, end: MonthDay | None, year: int, settings: Mapping[str, Any]
) -> tuple[date, date]:
    if start is None or end is None:
        return date(year, 1, 1), date(year, 12, 31)
    s = (start.month, _resolve(start.day, settings))
    e = (end.month, _resolve(end.day, settings))
    start_year = year - 1 if s > e else year
    return _on(start_year, *s), _on(year, *e)
