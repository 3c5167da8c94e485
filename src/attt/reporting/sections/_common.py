"""Honest helpers shared by the providers: which reporting unit a path belongs to, the months of
a period, the local-day bounds of a period for datetime fields, and counts keyed by choice."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone


def unit_of(path: str, province_path: str) -> int | None:
    """The id of the province's direct child whose subtree holds `path`."""
    if not path or not path.startswith(province_path):
        return None
    rest = path[len(province_path):].strip("/").split("/")
    return int(rest[0]) if rest and rest[0] else None


def count_by_unit(paths, province_path: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for path in paths:
        unit = unit_of(path or "", province_path)
        if unit is not None:
            out[unit] = out.get(unit, 0) + 1
    return out


def month_labels(period) -> list[tuple[dt.date, str]]:
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append((day, f"{day.month:02d}/{day.year}"))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def day_bounds(period) -> tuple[dt.datetime, dt.datetime]:
    """[start of the period's first day, start of the day after its last) in local time."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lo, hi


def choice_figures(prefix: str, counts: dict, choices, label_format: str = "%s") -> list:
    """One figure per choice, zeros included, in the choices' order."""
    return [(f"{prefix}_{value}", label_format % label, counts.get(value, 0)) for value, label in choices]


def pct(n, d) -> float | None:
    return round(100 * n / d, 1) if d else None
