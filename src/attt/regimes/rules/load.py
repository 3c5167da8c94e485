"""Load a regime YAML file into frozen dataclasses, with errors that name the bad path.

    regime = load_regime("src/attt/regimes/data/new-nd331.yaml")

Every check a reader of the law would expect is made here, once, so that the rest of the
package can trust the data: ids are unique, levels are within 1..5, conditions name declared
facts, clocks are well formed, each level has exactly one appraisal and approval rule.
"""

from __future__ import annotations

import re

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .conditions import FACT_TYPES, FactSpec, normalise_facts, parse
from .errors import FactError, RegimeError
from .model import (
    CATEGORIES,
    CLOCK_KINDS,
    GROUPS,
    LEVELS,
    ROLES,
    BudgetShare,
    Clock,
    Criterion,
    DesignMeasure,
    DossierPart,
    DueRule,
    Duty,
    IncidentClock,
    LevelAuthority,
    MonthDay,
    Regime,
    Requirement,
    SeriousIncidentRule,
    Setting,
    SettingRef,
    Source,
)

_MISSING = object()


class _Node:
    """A mapping read from YAML together with its path, for precise error messages."""

    def __init__(self, data: Any, path: str):
        if not isinstance(data, Mapping):
            raise RegimeError(path, f"expected a mapping, got {type(data).__name__}")
        self.data, self.path = data, path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str, kind: type | tuple[type, ...] = object, default: Any = _MISSING) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is _MISSING:
                raise RegimeError(self.at(key), "is required")
            return default
        value = self.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise RegimeError(self.at(key), f"expected {name}, got {value!r}")
        return value

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self.get(key, str, default)
        if isinstance(value, str) and not value.strip() and default is _MISSING:
            raise RegimeError(self.at(key), "must not be empty")
        return value

    def flag(self, key: str) -> bool:
        return self.get(key, bool, False)

    def items(self, key: str, required: bool = True) -> list[_Node]:
        raw = self.get(key, list, _MISSING if required else [])
        return [_Node(item, f"{self.at(key)}[{i}]") for i, item in enumerate(raw)]

    def level(self, key: str, default: Any = _MISSING) -> int:
        value = self.get(key, int, default)
        if value is not None and value not in LEVELS:
            raise RegimeError(self.at(key), f"level must be 1..5, got {value}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = _MISSING) -> str:
        value = self.get(key, str, default)
        if value is not None and value not in choices:
            raise RegimeError(self.at(key), f"'{value}' is not one of {', '.join(choices)}")
        return value


def load_regime(path: str | Path) -> Regime:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegimeError(path.name, f"not valid YAML: {exc}") from exc
    return load_regime_data(data, origin=path.name)


_KEY_SHAPE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+")


def _check_keys(value: Any, path: str) -> None:
    """Every mapping key is an identifier or a number. A key with spaces is the sign of a YAML flow
    mapping whose unquoted text held a comma (`{title: a, b}` makes "b" a key): refuse it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, int) and not _KEY_SHAPE.fullmatch(str(key)):
                raise RegimeError(path, f"unexpected key {str(key)[:60]!r}: quote text that contains a comma")
            _check_keys(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_keys(item, f"{path}[{index}]")


def load_regime_data(data: Any, origin: str = "") -> Regime:
    root = _Node(data, "")
    try:
        _check_keys(data, "")
        return _regime(root)
    except RegimeError as exc:
        if origin:
            raise RegimeError(f"{origin}:{exc.path}" if exc.path else origin, exc.message) from exc
        raise


_TOP_LEVEL = {
    "regime",
    "name_vi",
    "name_en",
    "valid_from",
    "valid_to",
    "default_level",
    "sources",
    "facts",
    "settings",
    "level_criteria",
    "authority",
    "dossier_parts",
    "requirements",
    "design_measures",
    "duties",
    "incident_clocks",
    "serious_incident",
    "budget_min_share",
}


def _regime(root: _Node) -> Regime:
    unknown = sorted(set(root.data) - _TOP_LEVEL)
    if unknown:
        raise RegimeError(unknown[0], f"unknown section (expected one of {', '.join(sorted(_TOP_LEVEL))})")
    facts = _facts(root.items("facts"))
    settings = {s.key: s for s in (_setting(n) for n in root.items("settings", required=False))}
    criteria = tuple(_criterion(n, facts) for n in root.items("level_criteria"))
    _unique([c.id for c in criteria], "level_criteria")
    requirements = tuple(_requirement(n) for n in root.items("requirements"))
    _unique([r.id for r in requirements], "requirements")
    duties = tuple(_duty(n, settings) for n in root.items("duties"))
    _unique([d.id for d in duties], "duties")
    clocks = tuple(_incident_clock(n) for n in root.items("incident_clocks"))
    _unique([c.id for c in clocks], "incident_clocks")
    parts = tuple(_dossier_part(n) for n in root.items("dossier_parts"))
    _unique([p.code for p in parts], "dossier_parts")
    measures = tuple(_design_measure(n) for n in root.items("design_measures", required=False))
    _unique([m.id for m in measures], "design_measures")
    sources = tuple(_source(n) for n in root.items("sources"))
    _unique([s.id for s in sources], "sources")
    serious = root.data.get("serious_incident")
    return Regime(
        code=root.text("regime"),
        name_vi=root.text("name_vi"),
        name_en=root.text("name_en"),
        valid_from=root.get("valid_from", date),
        valid_to=root.get("valid_to", date, None),
        sources=sources,
        facts=facts,
        settings=settings,
        default_level=root.level("default_level", 1),
        level_criteria=criteria,
        authority=_authority(root.items("authority")),
        dossier_parts=parts,
        requirements=requirements,
        design_measures=measures,
        duties=duties,
        incident_clocks=clocks,
        serious_incident=_serious(_Node(serious, "serious_incident")) if serious is not None else None,
        budget_min_share=_budget(_Node(root.get("budget_min_share"), "budget_min_share")),
    )


def _unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise RegimeError(f"{path}[{i}]", f"duplicate id '{ident}'")
        seen.add(ident)


def _source(n: _Node) -> Source:
    return Source(
        id=n.text("id"),
        kind=n.text("kind"),
        number=n.text("number"),
        title_vi=n.text("title_vi"),
        title_en=n.text("title_en", ""),
        in_force_from=n.get("in_force_from", date, None),
        unverified=n.flag("unverified"),
        note=n.text("note", ""),
    )


def _facts(nodes: list[_Node]) -> dict[str, FactSpec]:
    facts: dict[str, FactSpec] = {}
    for n in nodes:
        name = n.text("name")
        if name in facts:
            raise RegimeError(n.at("name"), f"duplicate fact '{name}'")
        kind = n.choice("type", FACT_TYPES)
        values = tuple(n.get("values", list, []))
        if kind in ("enum", "set") and not values:
            raise RegimeError(n.at("values"), f"a {kind} fact needs its list of values")
        default = n.get("default", object, _MISSING if kind != "bool" else False)
        spec = FactSpec(
            name=name,
            type=kind,
            default=frozenset(default) if kind == "set" else default,
            values=values,
            ordered=n.flag("ordered"),
            minimum=n.get("min", int, None),
            maximum=n.get("max", int, None),
            text_vi=n.text("text_vi"),
            text_en=n.text("text_en"),
        )
        _check_default(spec, n)
        facts[name] = spec
    return facts


def _check_default(spec: FactSpec, n: _Node) -> None:
    try:
        normalise_facts({spec.name: spec}, {})
    except FactError as exc:
        raise RegimeError(n.at("default"), str(exc)) from exc


def _setting(n: _Node) -> Setting:
    return Setting(
        key=n.text("key"),
        default=n.get("default"),
        text_vi=n.text("text_vi"),
        text_en=n.text("text_en"),
        source=n.text("source", ""),
    )


def _criterion(n: _Node, facts: Mapping[str, FactSpec]) -> Criterion:
    return Criterion(
        id=n.text("id"),
        level=n.level("level"),
        when=parse(n.get("when"), facts, n.at("when")),
        text_vi=n.text("text_vi"),
        text_en=n.text("text_en"),
        source=n.text("source"),
        unverified=n.flag("unverified"),
    )


def _clock(data: Any, path: str) -> Clock | None:
    if data is None:
        return None
    n = _Node(data, path)
    days, hours = n.get("days", int, None), n.get("hours", int, None)
    if (days is None) == (hours is None):
        raise RegimeError(path, "a clock has exactly one of 'days' or 'hours'")
    if (days if days is not None else hours) < 0:
        raise RegimeError(path, "a clock cannot be negative")
    kind = n.choice("kind", CLOCK_KINDS)
    if hours is not None and kind != "calendar":
        raise RegimeError(n.at("kind"), "an hours clock counts elapsed time: use kind: calendar")
    return Clock(kind=kind, days=days, hours=hours)


def _authority(nodes: list[_Node]) -> dict[int, LevelAuthority]:
    by_level: dict[int, LevelAuthority] = {}
    for n in nodes:
        levels = n.get("levels", list)
        for level in levels:
            if level not in LEVELS:
                raise RegimeError(n.at("levels"), f"level must be 1..5, got {level}")
            if level in by_level:
                raise RegimeError(n.at("levels"), f"level {level} has two authority rules")
            by_level[level] = LevelAuthority(
                level=level,
                appraiser=n.choice("appraiser", ROLES),
                approver=n.choice("approver", ROLES),
                plan_approver=n.choice("plan_approver", ROLES, None),
                appraisal_clock=_clock(n.data.get("appraisal_clock"), n.at("appraisal_clock")),
                approval_clock=_clock(n.data.get("approval_clock"), n.at("approval_clock")),
                expert_opinion_required=n.get("expert_opinion_required", bool),
                incomplete_dossier_clock=_clock(
                    n.data.get("incomplete_dossier_clock"), n.at("incomplete_dossier_clock")
                ),
                source=n.text("source"),
                unverified=n.flag("unverified"),
                note=n.text("note", ""),
            )
    missing = [lv for lv in LEVELS if lv not in by_level]
    if missing:
        raise RegimeError("authority", f"no rule for level(s) {missing}")
    return dict(sorted(by_level.items()))


def _dossier_part(n: _Node) -> DossierPart:
    part = DossierPart(
        code=n.text("code"),
        title_vi=n.text("title_vi"),
        title_en=n.text("title_en"),
        required_from_level=n.level("required_from_level"),
        required_to_level=n.level("required_to_level", 5),
        source=n.text("source"),
        provided_by=n.text("provided_by", "operator"),
        unverified=n.flag("unverified"),
    )
    if part.required_to_level < part.required_from_level:
        raise RegimeError(n.at("required_to_level"), "is below required_from_level")
    return part


def _levels(n: _Node, key: str, required: bool = True) -> tuple[int, ...]:
    raw = n.get(key, list, _MISSING if required else [])
    if required and not raw:
        raise RegimeError(n.at(key), "must list at least one level")
    for level in raw:
        if level not in LEVELS:
            raise RegimeError(n.at(key), f"level must be 1..5, got {level!r}")
    if len(set(raw)) != len(raw):
        raise RegimeError(n.at(key), "lists a level twice")
    return tuple(sorted(raw))


def _per_level(n: _Node, key: str, levels: tuple[int, ...], required: bool) -> dict[int, str]:
    raw = n.get(key, (str, dict), _MISSING if required else None)
    if raw is None:
        return {}
    if isinstance(raw, str):
        if not raw.strip():
            raise RegimeError(n.at(key), "must not be empty")
        return {level: raw for level in levels}
    if set(raw) != set(levels):
        raise RegimeError(n.at(key), f"must give one entry per level {list(levels)}, got {sorted(raw)}")
    for level, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise RegimeError(f"{n.at(key)}.{level}", "must be a non-empty text")
    return dict(sorted(raw.items()))


def _requirement(n: _Node) -> Requirement:
    levels = _levels(n, "levels")
    optional = _levels(n, "optional_levels", required=False)
    if set(levels) & set(optional):
        raise RegimeError(n.at("optional_levels"), "overlaps levels")
    return Requirement(
        id=n.text("id"),
        group=n.choice("group", GROUPS),
        category=n.choice("category", CATEGORIES),
        levels=levels,
        optional_levels=optional,
        clause=_per_level(n, "clause", levels, required=True),
        annex_row=_per_level(n, "annex_row", levels, required=False),
        title_vi=n.text("title_vi"),
        title_en=n.text("title_en"),
        summary_vi=n.text("summary_vi"),
        summary_en=n.text("summary_en"),
        unverified=n.flag("unverified"),
        note=n.text("note", ""),
    )


def _design_measure(n: _Node) -> DesignMeasure:
    return DesignMeasure(
        id=n.text("id"),
        levels=_levels(n, "levels"),
        summary_vi=n.text("summary_vi"),
        summary_en=n.text("summary_en"),
        source=n.text("source"),
        condition_vi=n.text("condition_vi", ""),
        unverified=n.flag("unverified"),
    )


def _setting_or(value: Any, path: str, settings: Mapping[str, Setting], kind: type) -> Any:
    if isinstance(value, Mapping):
        n = _Node(value, path)
        key = n.text("setting")
        if key not in settings:
            raise RegimeError(n.at("setting"), f"unknown setting '{key}' (declare it under settings)")
        default = settings[key].default
        if not isinstance(default, kind):
            raise RegimeError(n.at("setting"), f"setting '{key}' must default to a {kind.__name__}")
        return SettingRef(key, default)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RegimeError(path, f"expected a {kind.__name__} or {{setting: key}}, got {value!r}")
    return value


def _month_day(data: Any, path: str, settings: Mapping[str, Setting]) -> MonthDay:
    n = _Node(data, path)
    month = n.get("month", int)
    if not 1 <= month <= 12:
        raise RegimeError(n.at("month"), f"month must be 1..12, got {month}")
    day = _setting_or(n.get("day"), n.at("day"), settings, int)
    if isinstance(day, int) and not 1 <= day <= 31:
        raise RegimeError(n.at("day"), f"day must be 1..31, got {day}")
    return MonthDay(month, day)


_DUE_MONTHS = {"quarterly": 3, "yearly": 12}


def _due(n: _Node, settings: Mapping[str, Setting]) -> DueRule:
    kind = n.choice("kind", ("quarterly", "yearly", "dates", "interval", "on_event"))
    if kind == "quarterly":
        day = _setting_or(n.get("day"), n.at("day"), settings, int)
        return DueRule(kind, day=day, every_months=3)
    if kind == "yearly":
        md = _month_day({"month": n.get("month"), "day": n.get("day")}, n.path, settings)
        window = n.data.get("window")
        start = end = None
        if window is not None:
            w = _Node(window, n.at("window"))
            start = _month_day(w.get("start"), w.at("start"), settings)
            end = _month_day(w.get("end"), w.at("end"), settings)
        return DueRule(kind, day=md.day, month=md.month, window_start=start, window_end=end, every_months=12)
    if kind == "dates":
        raw = n.get("dates", list)
        if not raw:
            raise RegimeError(n.at("dates"), "must list at least one date")
        dates = tuple(_month_day(d, f"{n.at('dates')}[{i}]", settings) for i, d in enumerate(raw))
        return DueRule(kind, dates=dates, every_months=12 // len(dates) if 12 % len(dates) == 0 else None)
    if kind == "interval":
        every = n.get("every_months", int)
        if every < 1:
            raise RegimeError(n.at("every_months"), "must be at least 1")
        anchor = _setting_or(n.get("anchor"), n.at("anchor"), settings, date)
        return DueRule(kind, anchor=anchor, every_months=every)
    return DueRule(kind, event=n.text("event"))


def _kinds(n: _Node, key: str) -> tuple[str, ...]:
    raw = n.get(key, list, [])
    if not all(isinstance(k, str) and k.strip() for k in raw):
        raise RegimeError(n.at(key), "must list unit kinds (strings)")
    return tuple(raw)


def _duty(n: _Node, settings: Mapping[str, Setting]) -> Duty:
    applies = _Node(n.get("applies", Mapping, {}), n.at("applies"))
    due = _due(_Node(n.get("due"), n.at("due")), settings)
    every = n.get("every_months", int, None)
    if every is not None and due.every_months is not None and every != due.every_months:
        raise RegimeError(
            n.at("every_months"), f"is {every} but the due rule recurs every {due.every_months} months"
        )
    duty = Duty(
        id=n.text("id"),
        title_vi=n.text("title_vi"),
        title_en=n.text("title_en"),
        applies_to=n.choice("applies_to", ("unit", "system")),
        min_level=applies.level("min_level", None),
        max_level=applies.level("max_level", None),
        every_months=every if every is not None else due.every_months,
        due=due,
        source=n.text("source"),
        actor=n.text("actor", ""),
        unverified=n.flag("unverified"),
        note=n.text("note", ""),
        covered_by_parent=_kinds(n, "covered_by_parent"),
    )
    if duty.min_level and duty.max_level and duty.max_level < duty.min_level:
        raise RegimeError(applies.at("max_level"), "is below min_level")
    return duty


def _incident_clock(n: _Node) -> IncidentClock:
    return IncidentClock(
        id=n.text("id"),
        title_vi=n.text("title_vi"),
        title_en=n.text("title_en"),
        clock=_clock({k: n.data.get(k) for k in ("days", "hours", "kind") if k in n.data}, n.path),
        from_event=n.text("from_event"),
        applies_when=n.choice("applies_when", ("any", "serious", "national_security", "beyond_capacity")),
        source=n.text("source"),
        unverified=n.flag("unverified"),
    )


def _serious(n: _Node) -> SeriousIncidentRule:
    facts = _facts(n.items("facts"))
    return SeriousIncidentRule(
        facts=facts,
        when=parse(n.get("when"), facts, n.at("when")),
        text_vi=n.text("text_vi"),
        text_en=n.text("text_en"),
        source=n.text("source"),
        unverified=n.flag("unverified"),
    )


def _budget(n: _Node) -> BudgetShare:
    share = n.get("share", float)
    if not 0 < share < 1:
        raise RegimeError(n.at("share"), f"must be a fraction between 0 and 1, got {share}")
    return BudgetShare(
        share=share,
        base_vi=n.text("base_vi"),
        base_en=n.text("base_en"),
        source=n.text("source"),
        unverified=n.flag("unverified"),
    )


def load_all(directory: str | Path) -> dict[str, Regime]:
    """Every regime YAML in a directory (files holding a ``regime`` key), by regime code."""
    regimes: dict[str, Regime] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, Mapping) and "regime" in data:
            regime = load_regime_data(data, origin=path.name)
            if regime.code in regimes:
                raise RegimeError(path.name, f"regime code '{regime.code}' used twice")
            regimes[regime.code] = regime
    return regimes
