"""Reporting rules: read from the regimes module (the regime version in force: its settings
`quarterly_report_due_day` and `province_report_due_day`, the data window and deadline of its
annual report duty, `budget_min_share`), a province's own due days from the obligations
module's `ProvinceSetting` (the province's setting wins), and from data/rules.yaml only what the
regimes do not carry (the units' annual deadline, recipients, the reporting kinds)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "rules.yaml"


@dataclass(frozen=True)
class Regime:
    code: str
    title: str
    valid_from: dt.date
    budget_min_share: float  # percent
    budget_source: str
    province_recipient: str


@lru_cache(maxsize=1)
def rules() -> dict:
    with DATA.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _pure(day: dt.date):
    """The pure regime (attt.regimes.rules.model.Regime) in force on `day`."""
    from attt.regimes import rules_engine

    return rules_engine.regime(rules_engine.regime_in_force(day))


def regime_on(day: dt.date) -> Regime:
    """The regime in force on `day`, with what reporting needs of it."""
    regime = _pure(day)
    recipient = (rules()["province_recipients"].get(regime.code) or {}).get("value", "")
    share = regime.budget_min_share
    return Regime(regime.code, regime.name_vi, regime.valid_from, round(100 * share.share, 2), share.source,
                  recipient)


def setting_default(key: str, day: dt.date) -> int:
    return int(_pure(day).settings[key].default)


def due_day(key: str, day: dt.date, province=None) -> int:
    """`quarterly_report_due_day` or `province_report_due_day`: the province's own setting
    (obligations.ProvinceSetting) when it has one, else the regime's default."""
    if province is not None:
        from attt.obligations.models import ProvinceSetting

        value = ProvinceSetting.objects.filter(province=province).values_list(key, flat=True).first()
        if value is not None:
            return int(value)
    return setting_default(key, day)


def annual_due(year: int):
    """The annual report duty of the regime in force at the end of `year`'s window (a pure Duty)."""
    regime = _pure(dt.date(year, 12, 14))
    return regime.duty(rules()["annual_duty"]).due


def annual_window(year: int) -> tuple[dt.date, dt.date]:
    due = annual_due(year)
    start, end = due.window_start, due.window_end
    return dt.date(year - 1, start.month, int(start.day)), dt.date(year, end.month, int(end.day))


def annual_province_due(year: int) -> dt.date:
    due = annual_due(year)
    return dt.date(year, due.month, int(due.day))


def annual_unit_due(year: int) -> dt.date:
    d = rules()["annual_unit_due"]
    return dt.date(year, d["month"], d["day"])


def reporting_kinds() -> list[str]:
    return list(rules()["reporting_kinds"])
