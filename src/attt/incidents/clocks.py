"""The legal clocks of an incident, as pure functions over the regime's `incident_clocks`.

No Django import here: the functions take the regime's clocks (`attt.regimes.rules.IncidentClock`),
aware datetimes, a time zone and the working-day calendar (`attt.regimes.rules.WorkCalendar`), and
return deadlines and states. Which regime, which clocks and which calendar are current is read from
the regimes module by `regime.py`; `data/incidents.yaml` holds only what the regimes lack (what meets
each clock, the report forms, recipients, criteria labels, upload limits).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from attt.regimes.rules import Clock, IncidentClock, WorkCalendar

DATA = Path(__file__).parent / "data" / "incidents.yaml"
# When a calendar is missing (pure tests), working days are Monday to Friday.
WEEKDAYS_ONLY = WorkCalendar(holidays=frozenset(), extra_workdays=frozenset(), years=frozenset(), strict=False)


@lru_cache(maxsize=1)
def rules_data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def met_by(clock: IncidentClock, table: Mapping[str, str] | None = None) -> str:
    """The event that meets a clock, by the event that starts it (incidents' data)."""
    table = table if table is not None else rules_data()["met_by"]
    return table.get(clock.from_event, table.get("default", "notified"))


def due_at(start: dt.datetime, clock: Clock, *, tz: dt.tzinfo, calendar: WorkCalendar | None = None) -> dt.datetime:
    """When a clock started at `start` runs out.

    Hours run on the clock (72 hours after 10:15 is 10:15 three days later). Days end at midnight:
    "within 5 days" of something on the 1st runs out at the end of the 6th, whatever the hour on
    the 1st; working days skip weekends and holidays of the calendar the same way.
    """
    if clock.hours is not None:
        return start + dt.timedelta(hours=clock.hours)
    days = int(clock.days or 0)
    local_day = start.astimezone(tz).date()
    if clock.kind == "working":
        last = (calendar or WEEKDAYS_ONLY).add_working_days(local_day, days)
    else:
        last = local_day + dt.timedelta(days=days)
    return dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)


@dataclass
class ClockState:
    id: str
    title: str
    source: str
    due: dt.datetime | None  # None: the starting event has not happened yet
    met_at: dt.datetime | None
    state: str  # waiting | running | due_soon | overdue | met | met_late
    remaining: dt.timedelta | None = None
    met_by: str = "notified"
    extra: dict = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.state in {"running", "due_soon", "overdue"}


def evaluate(*, clocks: Iterable[IncidentClock], events: Mapping[str, dt.datetime | None], conditions: set[str],
             now: dt.datetime, tz: dt.tzinfo, calendar: WorkCalendar | None = None,
             soon: dt.timedelta = dt.timedelta(hours=24), met_table: Mapping[str, str] | None = None
             ) -> list[ClockState]:
    """The state of every clock that applies to an incident.

    `events` maps event names (detected, beyond_capacity_found, response_ended, notified, closed) to
    their times; `conditions` is the set of facts that hold (serious, beyond_capacity, national_security).
    """
    out = []
    for clock in clocks:
        if clock.applies_when != "any" and clock.applies_when not in conditions:
            continue
        meets = met_by(clock, met_table)
        start = events.get(clock.from_event)
        met = events.get(meets)
        if start is None:
            out.append(ClockState(clock.id, clock.title_vi, clock.source, None, met, "met" if met else "waiting",
                                  met_by=meets))
            continue
        due = due_at(start, clock.clock, tz=tz, calendar=calendar)
        if met is not None:
            state = "met" if met <= due else "met_late"
            out.append(ClockState(clock.id, clock.title_vi, clock.source, due, met, state, met_by=meets))
            continue
        remaining = due - now
        state = "overdue" if remaining <= dt.timedelta(0) else ("due_soon" if remaining <= soon else "running")
        out.append(ClockState(clock.id, clock.title_vi, clock.source, due, None, state, remaining, met_by=meets))
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


def upload_rules() -> dict:
    return rules_data()["uploads"]


def local_tz(name: str) -> dt.tzinfo:
    return ZoneInfo(name)
