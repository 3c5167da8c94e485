"""Frozen dataclasses for a regime, as produced by ``load.load_regime``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .conditions import Condition, FactSpec

LEVELS = (1, 2, 3, 4, 5)
ROLES = ("owner_security_unit", "owner", "ministry", "prime_minister")
CLOCK_KINDS = ("calendar", "working")
GROUPS = ("management", "technical")
CATEGORIES = (
    "policy",
    "organisation",
    "human_resources",
    "design_build",
    "operation",
    "risk_management",
    "decommissioning",
    "network",
    "server",
    "application",
    "data",
)


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    number: str
    title_vi: str
    title_en: str = ""
    in_force_from: date | None = None
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Clock:
    """A time limit: ``days`` (calendar or working) or ``hours`` (always elapsed time)."""

    kind: str
    days: int | None = None
    hours: int | None = None


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    text_vi: str
    text_en: str
    source: str = ""


@dataclass(frozen=True)
class SettingRef:
    """A value that a province may override; ``default`` is copied from the regime's settings."""

    key: str
    default: Any


@dataclass(frozen=True)
class Criterion:
    id: str
    level: int
    when: Condition
    text_vi: str
    text_en: str
    source: str
    unverified: bool = False


@dataclass(frozen=True)
class LevelAuthority:
    level: int
    appraiser: str
    approver: str
    appraisal_clock: Clock | None
    approval_clock: Clock | None
    expert_opinion_required: bool
    incomplete_dossier_clock: Clock | None
    source: str
    plan_approver: str | None = None
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class DossierPart:
    code: str
    title_vi: str
    title_en: str
    required_from_level: int
    source: str
    required_to_level: int = 5
    provided_by: str = "operator"
    unverified: bool = False


@dataclass(frozen=True)
class Requirement:
    id: str
    group: str
    category: str
    levels: tuple[int, ...]
    clause: dict[int, str]  # level -> clause reference (standard clause or legal provision)
    title_vi: str
    title_en: str
    summary_vi: str
    summary_en: str
    optional_levels: tuple[int, ...] = ()
    annex_row: dict[int, str] = field(default_factory=dict)
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class DesignMeasure:
    id: str
    levels: tuple[int, ...]
    summary_vi: str
    summary_en: str
    source: str
    condition_vi: str = ""  # e.g. "only for systems of NĐ 85 Điều 9 khoản 2"
    unverified: bool = False


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int | SettingRef


@dataclass(frozen=True)
class DueRule:
    """How a duty recurs. kind: quarterly | yearly | dates | interval | on_event."""

    kind: str
    day: int | SettingRef | None = None  # quarterly: day of the last month of the quarter
    month: int | None = None  # yearly
    window_start: MonthDay | None = (
        None  # yearly: data window start (in the previous year if after the due date)
    )
    window_end: MonthDay | None = None
    dates: tuple[MonthDay, ...] = ()  # dates: fixed days each year
    anchor: date | SettingRef | None = None  # interval
    every_months: int | None = None
    event: str = ""  # on_event


@dataclass(frozen=True)
class Duty:
    id: str
    title_vi: str
    title_en: str
    applies_to: str  # unit | system
    min_level: int | None
    max_level: int | None
    every_months: int | None
    due: DueRule
    source: str
    actor: str = ""
    unverified: bool = False
    note: str = ""
    # Kinds of units whose occurrence of this duty is fulfilled by their parent unit's record
    # (a commune's quarterly report also covers its public-service centre).
    covered_by_parent: tuple[str, ...] = ()

    def applies_to_level(self, level: int) -> bool:
        return (self.min_level is None or level >= self.min_level) and (
            self.max_level is None or level <= self.max_level
        )


@dataclass(frozen=True)
class IncidentClock:
    id: str
    title_vi: str
    title_en: str
    clock: Clock
    from_event: str
    applies_when: str  # any | serious | national_security | beyond_capacity
    source: str
    unverified: bool = False


@dataclass(frozen=True)
class SeriousIncidentRule:
    facts: dict[str, FactSpec]
    when: Condition
    text_vi: str
    text_en: str
    source: str
    unverified: bool = False


@dataclass(frozen=True)
class BudgetShare:
    share: float
    base_vi: str
    base_en: str
    source: str
    unverified: bool = False


@dataclass(frozen=True)
class Regime:
    code: str
    name_vi: str
    name_en: str
    valid_from: date
    sources: tuple[Source, ...]
    facts: dict[str, FactSpec]
    settings: dict[str, Setting]
    default_level: int
    level_criteria: tuple[Criterion, ...]
    authority: dict[int, LevelAuthority]
    dossier_parts: tuple[DossierPart, ...]
    requirements: tuple[Requirement, ...]
    design_measures: tuple[DesignMeasure, ...]
    duties: tuple[Duty, ...]
    incident_clocks: tuple[IncidentClock, ...]
    serious_incident: SeriousIncidentRule | None
    budget_min_share: BudgetShare
    valid_to: date | None = None

    def requirements_for(self, level: int) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if level in r.levels)

    def dossier_parts_for(self, level: int) -> tuple[DossierPart, ...]:
        return tuple(p for p in self.dossier_parts if p.required_from_level <= level <= p.required_to_level)

    def duty(self, duty_id: str) -> Duty:
        for d in self.duties:
            if d.id == duty_id:
                return d
        raise KeyError(duty_id)
