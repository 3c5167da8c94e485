"""The incidents' view of the regimes module: which regime is in force on a day, its incident
clocks and serious-incident criteria (current version, so an administrator's amendment of a
regime changes them), and the working-day calendar. Data the regimes lack comes from
`data/incidents.yaml` through `clocks.rules_data()`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from attt.regimes import rules_engine
from attt.regimes.rules import IncidentClock, Regime, WorkCalendar, is_serious_incident

from . import clocks

SYSTEM_LEVEL_FACT = "system_level"  # an int fact the incident knows: the highest level of the systems hit


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    group: str  # fact | value | flag


class Regimes:
    """The current regimes and calendar, read once per use (a page, a job) and then reused."""

    def __init__(self):
        self._regimes: dict[str, Regime] = {}
        self._calendar: WorkCalendar | None = None

    def get(self, code: str) -> Regime:
        if code not in self._regimes:
            self._regimes[code] = rules_engine.regime(code)
        return self._regimes[code]

    def clocks(self, code: str) -> tuple[IncidentClock, ...]:
        return self.get(code).incident_clocks

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = rules_engine.calendar()
        return self._calendar


def regime_for(day: dt.date) -> str:
    """The code of the regime in force on the detection date (the regimes' `valid_from`)."""
    return rules_engine.regime_in_force(day) or ""


def checklist(code: str, regimes: Regimes | None = None) -> list[Criterion]:
    """What the handler ticks: the regime's yes/no facts, the values of its set facts, then the
    flags that only switch clocks on. Number facts (the system level) come from the incident."""
    rule = (regimes or Regimes()).get(code).serious_incident
    labels = clocks.rules_data().get("fact_value_labels") or {}
    out: list[Criterion] = []
    if rule is not None:
        for spec in rule.facts.values():
            if spec.type == "bool":
                out.append(Criterion(spec.name, spec.text_vi or spec.name, "fact"))
            elif spec.type in ("set", "enum"):
                out.extend(Criterion(v, labels.get(v, v), "value") for v in spec.values)
    out.extend(Criterion(f["id"], f["text_vi"], "flag") for f in clocks.rules_data().get("flags") or [])
    return out


def serious_rule_text(code: str, regimes: Regimes | None = None) -> tuple[str, str]:
    """(text, source) of the regime's serious-incident definition."""
    rule = (regimes or Regimes()).get(code).serious_incident
    return (rule.text_vi, rule.source) if rule is not None else ("", "")


def assess(code: str, facts: set[str], *, system_level: int | None, regimes: Regimes | None = None) -> bool:
    """Whether the ticked facts (and the highest level of the systems hit) make the incident
    serious by the regime's criteria (`attt.regimes.rules.is_serious_incident`)."""
    regime = (regimes or Regimes()).get(code)
    rule = regime.serious_incident
    if rule is None:
        return False
    answers: dict = {}
    for spec in rule.facts.values():
        if spec.type == "bool":
            answers[spec.name] = spec.name in facts
        elif spec.type == "set":
            answers[spec.name] = frozenset(v for v in spec.values if v in facts)
        elif spec.type == "enum":
            chosen = [v for v in spec.values if v in facts]
            if chosen:
                answers[spec.name] = chosen[-1]
        elif spec.type == "int" and spec.name == SYSTEM_LEVEL_FACT and system_level:
            low = spec.minimum if spec.minimum is not None else system_level
            high = spec.maximum if spec.maximum is not None else system_level
            answers[spec.name] = min(max(system_level, low), high)
    return is_serious_incident(regime, answers)
