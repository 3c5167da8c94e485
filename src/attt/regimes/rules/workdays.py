"""Working days and clocks over the Vietnamese public-service calendar.

    cal = WorkCalendar.from_yaml("src/attt/regimes/data/holidays-vn.yaml")
    cal.add_working_days(date(2026, 2, 12), 15)
    cal.due_date(received_on, Clock(kind="working", days=15))

A working day is a weekday that is not a holiday or an official day off, or a Saturday the
government declared a make-up working day (``workdays_extra``). The calendar refuses (by
default) to answer for a year its data does not cover, rather than silently ignoring Tết.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from .errors import CalendarRangeError, RegimeError
from .model import CLOCK_KINDS, Clock


@dataclass(frozen=True)
class Holiday:
    date: date
    name_vi: str
    name_en: str
    unverified: bool = False


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    extra_workdays: frozenset[date]
    years: frozenset[int]
    weekend: frozenset[int] = frozenset({6, 7})  # ISO weekdays: Saturday, Sunday
    strict: bool = True
    named: tuple[Holiday, ...] = ()

    @classmethod
    def from_yaml(cls, source: str | Path | Mapping[str, Any], *, strict: bool = True) -> WorkCalendar:
        """Build from the holidays YAML file (a path) or its already-parsed content."""
        data = source
        if not isinstance(source, Mapping):
            data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        if not isinstance(data, Mapping):
            raise RegimeError("", "a holiday calendar must be a mapping")
        weekend = data.get("weekend", [6, 7])
        if not isinstance(weekend, list) or any(d not in range(1, 8) for d in weekend):
            raise RegimeError("weekend", "must list ISO weekdays 1..7")
        years = data.get("years")
        if not isinstance(years, Mapping) or not years:
            raise RegimeError("years", "must map each year to its holidays")
        named: list[Holiday] = []
        extra: set[date] = set()
        for year, entry in years.items():
            path = f"years.{year}"
            if not isinstance(year, int) or not isinstance(entry, Mapping):
                raise RegimeError(path, "expected a year mapped to {holidays, workdays_extra, source}")
            if not entry.get("source"):
                raise RegimeError(f"{path}.source", "is required")
            for i, h in enumerate(entry.get("holidays") or []):
                day = _day(h, f"{path}.holidays[{i}]", year)
                named.append(
                    Holiday(day, h.get("name_vi", ""), h.get("name_en", ""), bool(h.get("unverified")))
                )
            for i, w in enumerate(entry.get("workdays_extra") or []):
                day = _day(w, f"{path}.workdays_extra[{i}]", year)
                if day.isoweekday() not in weekend:
                    raise RegimeError(f"{path}.workdays_extra[{i}]", f"{day} is not a weekend day")
                extra.add(day)
        holidays = frozenset(h.date for h in named)
        clash = holidays & extra
        if clash:
            raise RegimeError("years", f"dates both holiday and make-up working day: {sorted(clash)}")
        return cls(
            holidays=holidays,
            extra_workdays=frozenset(extra),
            years=frozenset(years),
            weekend=frozenset(weekend),
            strict=strict,
            named=tuple(sorted(named, key=lambda h: h.date)),
        )

    def _check(self, d: date) -> None:
        if self.strict and d.year not in self.years:
            covered = ", ".join(str(y) for y in sorted(self.years))
            raise CalendarRangeError(f"no holiday data for {d.year} (covered: {covered})")

    def is_working_day(self, d: date) -> bool:
        self._check(d)
        if d in self.extra_workdays:
            return True
        return d.isoweekday() not in self.weekend and d not in self.holidays

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted; n=0 gives start)."""
        if n < 0:
            raise ValueError("n must not be negative")
        d = start
        while n:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``."""
        return sum(1 for d in _days(start + timedelta(days=1), end) if self.is_working_day(d))

    @staticmethod
    def add_calendar_days(start: date, n: int) -> date:
        return start + timedelta(days=n)

    def due_date(
        self, start: date | datetime, clock: Clock | Mapping[str, Any], *, roll_forward: bool = False
    ) -> date | datetime:
        """When a clock started at ``start`` runs out.

        Hours clocks need a datetime and return a datetime (elapsed time, holidays included).
        Day clocks count from the date of ``start`` and return a date; with ``roll_forward`` a
        calendar-day deadline that falls on a day off moves to the next working day.
        """
        clock = as_clock(clock)
        if clock.hours is not None:
            if not isinstance(start, datetime):
                raise ValueError("an hours clock needs a start time (datetime), not a date")
            return start + timedelta(hours=clock.hours)
        day = start.date() if isinstance(start, datetime) else start
        if clock.kind == "working":
            return self.add_working_days(day, clock.days)
        due = self.add_calendar_days(day, clock.days)
        return self.next_working_day(due) if roll_forward else due


def as_clock(clock: Clock | Mapping[str, Any]) -> Clock:
    if isinstance(clock, Clock):
        return clock
    days, hours, kind = clock.get("days"), clock.get("hours"), clock.get("kind", "calendar")
    if (days is None) == (hours is None) or kind not in CLOCK_KINDS:
        raise ValueError(f"a clock is {{days|hours, kind: calendar|working}}, got {dict(clock)!r}")
    if hours is not None and kind != "calendar":
        raise ValueError("an hours clock counts elapsed time: use kind: calendar")
    return Clock(kind=kind, days=days, hours=hours)


def _day(entry: Any, path: str, year: int) -> date:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("date"), date):
        raise RegimeError(path, "expected {date: YYYY-MM-DD, ...}")
    day = entry["date"]
    if day.year != year:
        raise RegimeError(path, f"{day} is filed under {year}")
    return day


def _days(start: date, end: date) -> Iterable[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)
