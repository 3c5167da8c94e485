"""Reporting rules as data (data/rules.yaml): due days, the annual data window, the minimum
security-budget share of each regime and its source. Loaded once; pure, no Django models."""
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
    budget_min_share: float
    budget_source: str
    province_recipient: str


@lru_cache(maxsize=1)
def rules() -> dict:
    with DATA.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def regimes() -> list[Regime]:
    out = []
    for item in rules()["regimes"]:
        valid_from = item["valid_from"]
        if isinstance(valid_from, str):
            valid_from = dt.date.fromisoformat(valid_from)
        out.append(Regime(item["code"], item["title"], valid_from, float(item["budget_min_share"]),
                          item["budget_source"], item["province_recipient"]))
    return sorted(out, key=lambda r: r.valid_from)


def regime_on(day: dt.date) -> Regime:
    """The regime in force on `day` (the latest whose valid_from is not after it)."""
    chosen = regimes()[0]
    for regime in regimes():
        if regime.valid_from <= day:
            chosen = regime
    return chosen


def value(key: str) -> int:
    return int(rules()[key]["value"])


def reporting_kinds() -> list[str]:
    return list(rules()["reporting_kinds"])
