"""Working days and clocks over the Vietnamese public-service calendar.

    cal = WorkCalendar.from_yaml("src/attt/regimes/data/holidays-vn.yaml")
    cal.add_working_days(date(2026, 2, 12), 15)
    cal.due_date(received_on, Clock(kind="working", days=15))

A working day is a weekday that is not a holiday or an official day off, or a Saturday the
government declared a make-up working day (``workdays_extra``).

Two layers, both data:
- ``statutory: {package: holidays, country: VN}``: the statutory holidays of ANY year (Tết and
  Giỗ Tổ by the lunar calendar, days off in lieu, and the swaps the package knows) from the
  `holidays` package (PyPI), which tracks the law and the government's yearly notices;
- ``years``: the curated per-year data on top: extra days off and make-up working days from
  the government notices, and ``not_holidays`` to withdraw a day the package lists wrongly.
Without a ``statutory`` layer, the calendar refuses (by default) to answer for a year its data
does not cover (CalendarRangeError), rather than silently ignoring Tết.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
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
    statutory: str | None = None  # a country code for the `holidays` package, e.g. "VN"
    removed: frozenset[date] = frozenset()  # statutory days the curated data withdraws

    @classmethod
    def from_yaml(cls, source: str | Path | Mapping[str, Any], *, strict: bool = True) -> WorkCalendar:
        """Build from the holidays YAML file (a path) or its already-parsed content."""
        data = source
        if not isinstance(source, Mapping):
            data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        if not isinstance(data, Mapping):
            raise RegimeError("", "a holiday calendar must be a mapping")
        statutory = _statutory_country(data.get("statutory"))
        weekend = data.get("weekend", [6, 7])
        if not isinstance(weekend, list) or any(d not in range(1, 8) for d in weekend):
            raise RegimeError("weekend", "must list ISO weekdays 1..7")
        years = data.get("years")
        if years is None and statutory:
            years = {}
        if not isinstance(years, Mapping) or (not years and not statutory):
            raise RegimeError("years", "must map each year to its holidays")
        named: list[Holiday] = []
        extra: set[date] = set()
        removed: set[date] = set()
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
            for i, w in enumerate(entry.get("not_holidays") or []):
                removed.add(_day(w, f"{path}.not_holidays[{i}]", year))
        holidays = frozenset(h.date for h in named)
        clash = holidays & extra
        if clash:
            raise RegimeError("years", f"dates both holiday and make-up working day: {sorted(clash)}")
        clash = holidays & removed
        if clash:
            raise RegimeError("years", f"dates both listed and withdrawn as holidays: {sorted(clash)}")
        return cls(
            holidays=holidays,
            extra_workdays=frozenset(extra),
            years=frozenset(years),
            weekend=frozenset(weekend),
            strict=strict,
            named=tuple(sorted(named, key=lambda h: h.date)),
            statutory=statutory,
            removed=frozenset(removed),
        )

    def covers(self, year: int) -> bool:
        """Whether the data knows the holidays of `year` (always, within the statutory layer's range)."""
        if self.statutory:
            return _statutory(self.statutory, year) is not None
        return year in self.years

    def _check(self, d: date) -> None:
        if self.strict and not self.covers(d.year):
            if self.statutory:
                raise CalendarRangeError(f"no statutory holidays for {d.year} ({self.statutory})")
            covered = ", ".join(str(y) for y in sorted(self.years))
            raise CalendarRangeError(f"no holiday data for {d.year} (covered: {covered})")

    def _layer(self, year: int) -> tuple[Mapping[date, Any], frozenset[date]]:
        """The statutory layer of a year: (days off, make-up working days); empty without one."""
        found = _statutory(self.statutory, year) if self.statutory else None
        return found if found is not None else ({}, frozenset())

    def is_working_day(self, d: date) -> bool:
        self._check(d)
        days_off, workdays = self._layer(d.year)
        if d in self.extra_workdays:  # the curated layer decides first
            return True
        if d in self.holidays:
            return False
        if d in workdays:
            return True
        if d.isoweekday() in self.weekend:
            return False
        return not (d in days_off and d not in self.removed)

    def holidays_of(self, year: int) -> list[Holiday]:
        """Every day off of `year` with its name: the curated ones, then the statutory ones."""
        by_day = {h.date: h for h in self.named if h.date.year == year}
        found = _statutory(self.statutory, year) if self.statutory else None
        if found is not None:
            for day, (name_vi, name_en) in found[0].items():
                if day not in by_day and day not in self.removed and day not in self.extra_workdays:
                    by_day[day] = Holiday(day, name_vi, name_en)
        return sorted(by_day.values(), key=lambda h: h.date)

    def workdays_extra_of(self, year: int) -> list[date]:
        """The make-up working days (Saturdays worked) of `year`, curated and statutory."""
        return sorted({d for d in self.extra_workdays if d.year == year} | set(self._layer(year)[1]))

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


def _statutory_country(spec: Any) -> str | None:
    if spec is None:
        return None
    if not isinstance(spec, Mapping) or spec.get("package") != "holidays" or not isinstance(spec.get("country"), str):
        raise RegimeError("statutory", "expected {package: holidays, country: VN}")
    country = spec["country"].upper()
    try:
        import holidays
    except ImportError:  # pragma: no cover - a declared dependency
        raise RegimeError("statutory", "the `holidays` package is not installed") from None
    if country not in holidays.list_supported_countries():
        raise RegimeError("statutory.country", f"{country} is not known to the holidays package")
    return country


@lru_cache(maxsize=256)
def _statutory(country: str, year: int) -> tuple[dict[date, tuple[str, str]], frozenset[date]] | None:
    """The `holidays` package's days off of one year, named in Vietnamese and English, and its
    make-up working days; None for a year outside the package's range."""
    import holidays

    cls = holidays.country_holidays(country).__class__
    if not (getattr(cls, "start_year", 1) <= year <= getattr(cls, "end_year", 9999)):
        return None
    languages = set(getattr(cls, "supported_languages", ()))
    vi = holidays.country_holidays(country, years=year, language="vi" if "vi" in languages else None)
    en = holidays.country_holidays(country, years=year, language="en_US" if "en_US" in languages else None)
    days = {day: (vi.get(day, ""), en.get(day, "")) for day in sorted(vi)}
    workdays = frozenset(d for d in getattr(vi, "weekend_workdays", ()) if d.year == year)
    return days, workdays


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
