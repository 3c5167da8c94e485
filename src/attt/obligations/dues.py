"""Due specifications as data, and the bridge to the pure schedule of the regimes package.

A due spec is the JSON form of a regime's `due:` entry, as stored on a DutyRule:

    {"kind": "quarterly", "day": {"setting": "quarterly_report_due_day", "default": 15}}
    {"kind": "yearly", "month": 12, "day": 20, "window": {"start": {"month": 12, "day": 15},
                                                          "end": {"month": 12, "day": 14}}}
    {"kind": "interval", "every_months": 6, "anchor": {"setting": "periodic_anchor", "default": "2026-07-01"}}
    {"kind": "dates", "dates": [{"month": 6, "day": 20}, {"month": 12, "day": 15}]}
    {"kind": "on_event", "event": "system_or_threat_change"}

No Django import here: these are pure functions, tested with hypothesis. Errors are
`SpecError` with a Vietnamese message meant for the person who typed the rule.
"""
from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Any

from attt.regimes.rules.model import DueRule, Duty, MonthDay, SettingRef
from attt.regimes.rules.schedule import Occurrence, occurrences

KINDS = ("quarterly", "yearly", "interval", "dates", "on_event")
# The longest each month can be (February: 29, so that 29/02 is a valid yearly date).
MONTH_MAX = {m: (29 if m == 2 else calendar.monthrange(2001, m)[1]) for m in range(1, 13)}


class SpecError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- spec -> DueRule ------------------------------------------------------------------------

def _int(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise SpecError(f"{what} phải là số nguyên.") from None
    if not low <= value <= high:
        raise SpecError(f"{what} phải từ {low} đến {high}.")
    return value


def _day(value: Any, what: str = "Ngày") -> int | SettingRef:
    if isinstance(value, Mapping):
        key = str(value.get("setting") or "").strip()
        if not key:
            raise SpecError(f"{what}: thiếu tên tham số.")
        return SettingRef(key, _int(value.get("default", 15), f"{what} (mặc định)", 1, 31))
    return _int(value, what, 1, 31)


def _month_day(value: Any, what: str) -> MonthDay:
    if not isinstance(value, Mapping):
        raise SpecError(f"{what}: cần tháng và ngày.")
    month = _int(value.get("month"), f"{what}: tháng", 1, 12)
    day = _day(value.get("day"), f"{what}: ngày")
    if isinstance(day, int) and day > MONTH_MAX[month]:
        raise SpecError(f"{what}: ngày {day:02d}/{month:02d} không tồn tại.")
    return MonthDay(month, day)


def _anchor(value: Any) -> date | SettingRef:
    if isinstance(value, Mapping):
        key = str(value.get("setting") or "").strip()
        default = value.get("default")
        return SettingRef(key, _iso(default) if default is not None else date(2024, 1, 1))
    if value is None or value == "":
        return date(2024, 1, 1)
    return _iso(value)


def _iso(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise SpecError(f"Mốc “{value}” không phải một ngày hợp lệ.") from None


def due_rule(spec: Mapping[str, Any]) -> DueRule:
    """The DueRule a spec describes; SpecError with a clear message when it cannot be one."""
    if not isinstance(spec, Mapping):
        raise SpecError("Quy tắc hạn không hợp lệ.")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise SpecError("Loại chu kỳ không hợp lệ.")
    if kind == "quarterly":
        return DueRule(kind, day=_day(spec.get("day"), "Ngày hạn trong tháng cuối quý"), every_months=3)
    if kind == "yearly":
        md = _month_day({"month": spec.get("month"), "day": spec.get("day")}, "Hạn hằng năm")
        window = spec.get("window")
        start = end = None
        if window:
            start = _month_day(window.get("start"), "Đầu kỳ số liệu")
            end = _month_day(window.get("end"), "Cuối kỳ số liệu")
        return DueRule(kind, day=md.day, month=md.month, window_start=start, window_end=end, every_months=12)
    if kind == "dates":
        raw = spec.get("dates") or []
        if not raw:
            raise SpecError("Cần ít nhất một ngày hạn trong năm.")
        dates = tuple(_month_day(d, f"Ngày hạn thứ {i + 1}") for i, d in enumerate(raw))
        return DueRule(kind, dates=dates, every_months=12 // len(dates) if 12 % len(dates) == 0 else None)
    if kind == "interval":
        every = _int(spec.get("every_months"), "Chu kỳ (số tháng)", 1, 120)
        return DueRule(kind, anchor=_anchor(spec.get("anchor")), every_months=every)
    return DueRule(kind, event=str(spec.get("event") or ""))


def spec_of(rule: DueRule) -> dict:
    """The JSON spec of a DueRule loaded from a regime (the inverse of `due_rule`)."""

    def day(value):
        if isinstance(value, SettingRef):
            return {"setting": value.key, "default": value.default}
        return value

    def md(value: MonthDay | None):
        return None if value is None else {"month": value.month, "day": day(value.day)}

    if rule.kind == "quarterly":
        return {"kind": "quarterly", "day": day(rule.day)}
    if rule.kind == "yearly":
        out = {"kind": "yearly", "month": rule.month, "day": day(rule.day)}
        if rule.window_start and rule.window_end:
            out["window"] = {"start": md(rule.window_start), "end": md(rule.window_end)}
        return out
    if rule.kind == "dates":
        return {"kind": "dates", "dates": [md(d) for d in rule.dates]}
    if rule.kind == "interval":
        anchor = rule.anchor
        if isinstance(anchor, SettingRef):
            default = anchor.default.isoformat() if isinstance(anchor.default, date) else anchor.default
            anchor = {"setting": anchor.key, "default": default}
        elif isinstance(anchor, date):
            anchor = anchor.isoformat()
        return {"kind": "interval", "every_months": rule.every_months, "anchor": anchor}
    return {"kind": "on_event", "event": rule.event}


def settings_used(spec: Mapping[str, Any]) -> set[str]:
    """The names of the province settings a spec reads."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, Mapping):
            if "setting" in value and isinstance(value.get("setting"), str):
                found.add(value["setting"])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(spec)
    return found


def schedule(spec: Mapping[str, Any], start: date, end: date,
             settings: Mapping[str, Any] | None = None) -> list[Occurrence]:
    """Occurrences of a spec whose due date lies in [start, end] (the regimes' pure schedule)."""
    rule = due_rule(spec)
    if rule.kind == "on_event":
        return []
    duty = Duty(id="spec", title_vi="", title_en="", applies_to="unit", min_level=None, max_level=None,
                every_months=rule.every_months, due=rule, source="")
    return occurrences(duty, start, end, dict(settings or {}))


# --- recurring deadlines of directives -> spec ----------------------------------------------

def spec_from_recurring(deadline: Mapping[str, Any], *, start: date) -> dict:
    """The due spec of a directive's recurring deadline (the extraction contract's shape):

    {"kind": "recurring", "every_months": 3, "due_day": 15, "due_month_of_period": "last"}
        -> quarterly, day 15 of the quarter's last month
    {"kind": "recurring", "every_months": 12, "due_day": 15, "due_month": 12} -> yearly on 15/12
    {"kind": "recurring", "every_months": 6} -> every 6 months, due on the last day of each half-year

    Periods follow the calendar (quarters, half-years, years) when the interval divides 12;
    otherwise they run from `start`. A missing day means the last day of the due month.
    """
    if not isinstance(deadline, Mapping) or deadline.get("kind") != "recurring":
        raise SpecError("Hạn định kỳ không hợp lệ: cần loại “recurring”.")
    every = _int(deadline.get("every_months"), "Chu kỳ (số tháng)", 1, 120)
    raw_day = deadline.get("due_day")
    day = None if raw_day in (None, "") else _int(raw_day, "Ngày hạn", 1, 31)
    raw_month = deadline.get("due_month")
    month = None if raw_month in (None, "") else _int(raw_month, "Tháng hạn", 1, 12)
    which = deadline.get("due_month_of_period") or "last"
    if which not in ("first", "last"):
        raise SpecError("Tháng hạn trong kỳ phải là tháng đầu hoặc tháng cuối.")
    if 12 % every:
        if day is None:
            return {"kind": "interval", "every_months": every, "anchor": start.replace(day=1).isoformat()}
        raise SpecError("Chu kỳ không chia hết 12 tháng thì chưa hỗ trợ ngày hạn cố định.")
    if every == 12:
        month = month or 12
        spec = {"kind": "yearly", "month": month, "day": day or MONTH_MAX[month]}
        due_rule(spec)  # 31/02 and the like: a clear error
        return spec
    if month is not None:
        raise SpecError("Tháng hạn cố định chỉ dùng cho hạn hằng năm.")
    if every == 3 and which == "last":
        return {"kind": "quarterly", "day": day or 31}
    if day is None and which == "last":
        return {"kind": "interval", "every_months": every, "anchor": date(start.year, 1, 1).isoformat()}
    dates = []
    for first in range(1, 13, every):
        due_month = first if which == "first" else first + every - 1
        dates.append({"month": due_month, "day": min(day or 31, MONTH_MAX[due_month])})
    return {"kind": "dates", "dates": dates}


def parse_day_month(text: str, what: str) -> dict:
    """“15/12” -> {"month": 12, "day": 15}; a day the month never has gives a clear error."""
    parts = [p for p in str(text or "").replace("-", "/").replace(".", "/").split("/") if p.strip()]
    if len(parts) != 2:
        raise SpecError(f"{what}: hãy nhập dạng ngày/tháng, ví dụ 15/12.")
    day = _int(parts[0], f"{what}: ngày", 1, 31)
    month = _int(parts[1], f"{what}: tháng", 1, 12)
    if day > MONTH_MAX[month]:
        raise SpecError(f"{what}: ngày {day:02d}/{month:02d} không tồn tại.")
    return {"month": month, "day": day}
