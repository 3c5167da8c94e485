"""Level classification: the highest level that any criterion of the regime gives.

    result = classify(regime, {"system_kind": "public_service", "info_types": ["personal"], ...})
    result.level, result.deciding_criteria, result.explanation_vi

A composite system (several parts under one owner) takes the highest level of its parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import evaluate, normalise_facts
from .model import Criterion, Regime


@dataclass(frozen=True)
class Classification:
    level: int
    deciding_criteria: tuple[str, ...]  # ids of the criteria that give ``level``
    matched_criteria: tuple[str, ...]  # ids of every criterion that holds, in regime order
    explanation_vi: str
    explanation_en: str


def matching_criteria(regime: Regime, facts: Mapping[str, Any]) -> list[Criterion]:
    normal = normalise_facts(regime.facts, facts)
    return [c for c in regime.level_criteria if evaluate(c.when, normal, regime.facts)]


def classify(regime: Regime, facts: Mapping[str, Any]) -> Classification:
    matched = matching_criteria(regime, facts)
    if not matched:
        return Classification(
            level=regime.default_level,
            deciding_criteria=(),
            matched_criteria=(),
            explanation_vi=(
                f"Không tiêu chí nào của {regime.name_vi} được đáp ứng; "
                f"áp dụng cấp độ tối thiểu {regime.default_level}."
            ),
            explanation_en=(
                f"No criterion of {regime.name_en} holds; the minimum level {regime.default_level} applies."
            ),
        )
    level = max(c.level for c in matched)
    deciding = [c for c in matched if c.level == level]
    reasons_vi = "; ".join(f"{c.text_vi} ({c.source})" for c in deciding)
    reasons_en = "; ".join(f"{c.text_en} ({c.source})" for c in deciding)
    return Classification(
        level=level,
        deciding_criteria=tuple(c.id for c in deciding),
        matched_criteria=tuple(c.id for c in matched),
        explanation_vi=f"Cấp độ {level} theo {regime.name_vi}: {reasons_vi}.",
        explanation_en=f"Level {level} under {regime.name_en}: {reasons_en}.",
    )


@dataclass(frozen=True)
class CompositeClassification:
    level: int
    deciding_parts: tuple[str, ...]  # names of the parts that give ``level``
    deciding_criteria: tuple[str, ...]
    parts: dict[str, Classification]
    explanation_vi: str
    explanation_en: str


def classify_composite(regime: Regime, parts: Mapping[str, Mapping[str, Any]]) -> CompositeClassification:
    """Classify each named part; the whole takes the highest level of its parts."""
    if not parts:
        raise ValueError("a composite system needs at least one part")
    results = {name: classify(regime, facts) for name, facts in parts.items()}
    level = max(r.level for r in results.values())
    deciding_parts = tuple(name for name, r in results.items() if r.level == level)
    criteria: list[str] = []
    for name in deciding_parts:
        criteria.extend(c for c in results[name].deciding_criteria if c not in criteria)
    names = ", ".join(deciding_parts)
    return CompositeClassification(
        level=level,
        deciding_parts=deciding_parts,
        deciding_criteria=tuple(criteria),
        parts=results,
        explanation_vi=f"Hệ thống gồm nhiều thành phần lấy cấp độ cao nhất: cấp độ {level}, do thành phần {names}.",
        explanation_en=f"A composite system takes the highest level of its parts: level {level}, from {names}.",
    )


def is_serious_incident(regime: Regime, incident_facts: Mapping[str, Any]) -> bool:
    """Whether an incident meets the regime's serious-incident criteria (False if it has none)."""
    rule = regime.serious_incident
    if rule is None:
        return False
    return evaluate(rule.when, normalise_facts(rule.facts, incident_facts), rule.facts)
