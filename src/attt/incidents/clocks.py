"""The legal clocks of an incident, as pure functions over the rules in `data/regimes.yaml`.

No Django import here: the functions take aware datetimes, a time zone and a set of holidays,
and return deadlines and states. `rules_data()` loads (and caches) the YAML table.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

DATA = Path(__file__).parent / "data" / "regimes.yaml"
HOLIDAYS_FILE = Path(__file__).resolve().parent.parent / "regimes" / "data" / "holidays-vn.yaml"
WEEKEND = frozenset({6, 7})  # ISO weekdays


@lru_cache(maxsize=1)
def rules_data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def holidays() -> frozenset[dt.date]:
    """The public-service days off, from the regimes' holiday calendar when it is installed."""
    if not HOLIDAYS_FILE.exists():
        return frozenset()
    data = yaml.safe_load(HOLIDAYS_FILE.read_text(encoding="utf-8")) or {}
    days = set()
    for entry in (data.get("years") or {}).values():
        for h in (entry or {}).get("holidays") or []:
            day = h.get("date")
            if isinstance(day, dt.date):
                days.add(day)
    return frozenset(days)


def regime_for(detected_on: dt.date, table: dict | None = None) -> str:
    """The regime in force on the detection date: the one with the latest `valid_from` not after it."""
    table = table if table is not None else rules_data()["regimes"]
    candidates = [(spec["valid_from"], code) for code, spec in table.items() if spec["valid_from"] <= detected_on]
    if not candidates:
        return min(table.items(), key=lambda kv: kv[1]["valid_from"])[0]
    return max(candidates)[1]


def is_working_day(day: dt.date, holiday_set: frozenset[dt.date] | set[dt.date] = frozenset()) -> bool:
    return day.isoweekday() not in WEEKEND and day not in holiday_set


def add_working_days(start: dt.date, days: int, holiday_set: frozenset[dt.date] | set[dt.date] = frozenset()) -> dt.date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holiday_set):
            counted += 1
    return day


def due_at(start: dt.datetime, clock: dict, *, tz: dt.tzinfo, holiday_set=frozenset()) -> dt.datetime:
    """When a clock started at `start` runs out.

    Hours run on the clock (72 hours after 10:15 is 10:15 three days later). Days end at midnight:
    "within 5 days" of something on the 1st runs out at the end of the 6th, whatever the hour on
    the 1st; working days skip weekends and holidays the same way.
    """
    if clock.get("hours") is not None and clock.get("days") is None:
        return start + dt.timedelta(hours=clock["hours"])
    days = int(clock.get("days") or 0)
    local_day = start.astimezone(tz).date()
    if clock.get("kind") == "working":
        last = add_working_days(local_day, days, holiday_set)
    else:
        last = local_day + dt.timedelta(days=days)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    return end


@dataclass
class ClockState:
    id: str
    title: str
    source: str
    due: dt.datetime | None  # None: the starting event has not happened yet
    met_at: dt.datetime | None
    state: str  # waiting | running | due_soon | overdue | met | met_late
    remaining: dt.timedelta | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.state in {"running", "due_soon", "overdue"}


def evaluate(*, regime: str, events: dict[str, dt.datetime | None], conditions: set[str], now: dt.datetime,
             tz: dt.tzinfo, holiday_set=frozenset(), soon: dt.timedelta = dt.timedelta(hours=24),
             table: dict | None = None) -> list[ClockState]:
    """The state of every clock of `regime` that applies to an incident.

    `events` maps event names (detected, response_ended, notified, closed) to their times;
    `conditions` is the set of facts that hold (serious, beyond_capacity, national_security).
    """
    table = table if table is not None else rules_data()["regimes"]
    out = []
    for clock in table[regime]["clocks"]:
        when = clock.get("applies_when", "any")
        if when != "any" and when not in conditions:
            continue
        start = events.get(clock["from_event"])
        met = events.get(clock.get("met_by", "notified"))
        if start is None:
            out.append(ClockState(clock["id"], clock["title_vi"], clock.get("source", ""), None, met,
                                  "met" if met else "waiting"))
            continue
        due = due_at(start, clock, tz=tz, holiday_set=holiday_set)
        if met is not None:
            state = "met" if met <= due else "met_late"
            out.append(ClockState(clock["id"], clock["title_vi"], clock.get("source", ""), due, met, state))
            continue
        remaining = due - now
        state = "overdue" if remaining <= dt.timedelta(0) else ("due_soon" if remaining <= soon else "running")
        out.append(ClockState(clock["id"], clock["title_vi"], clock.get("source", ""), due, None, state, remaining))
    return out


def humanise(delta: dt.timedelta) -> str:
    """'2 ngày 3 giờ', '5 giờ 10 phút', '12 phút' (absolute value)."""
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút"


def serious_rule() -> dict:
    return rules_data()["serious_incident"]


def is_serious(facts: set[str] | frozenset[str], rule: dict | None = None) -> bool:
    """At least one impact criterion and every required criterion hold."""
    rule = rule or serious_rule()
    impacts = {c["id"] for c in rule["impacts"]}
    required = {c["id"] for c in rule["required"]}
    return bool(impacts & set(facts)) and required <= set(facts)


def upload_rules() -> dict:
    return rules_data()["uploads"]


def local_tz(name: str) -> dt.tzinfo:
    return ZoneInfo(name)
