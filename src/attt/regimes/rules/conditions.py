"""A small declarative condition language over a questionnaire of facts.

A condition is one of (as written in YAML):

    {all: [cond, ...]}                    every part holds
    {any: [cond, ...]}                    at least one part holds
    {not: cond}                           the part does not hold
    {fact: F, op: OP, value: V}           OP in == != < <= > >= (ordered enums compare by rank)
    {fact: F, in: [V, ...]}               a scalar fact equals one of the values
    {fact: F, is: true|false}             a boolean fact
    {fact: F, contains: V}                a set fact contains V
    {fact: F, contains_any: [V, ...]}     a set fact meets the list
    {fact: F, subset_of: [V, ...]}        a set fact holds nothing outside the list

Facts are declared per regime (name, type, allowed values, default); ``parse`` checks a
condition against those declarations so that a typo in the data fails at load time.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import FactError, RegimeError

FACT_TYPES = ("enum", "set", "int", "bool")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: str  # one of FACT_TYPES
    default: Any
    values: tuple[str, ...] = ()  # enum and set facts
    ordered: bool = False  # enum facts whose values are listed from low to high
    minimum: int | None = None
    maximum: int | None = None
    text_vi: str = ""
    text_en: str = ""

    def rank(self, value: str) -> int:
        return self.values.index(value)


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


@dataclass(frozen=True)
class Test:
    fact: str
    test: str  # a comparison from COMPARISONS, or in / is / contains / contains_any / subset_of
    value: Any


Condition = All | Any_ | Not | Test

_TESTS_BY_TYPE = {
    "enum": {"in", "==", "!="},
    "set": {"contains", "contains_any", "subset_of"},
    "int": {"in", *COMPARISONS},
    "bool": {"is"},
}


def parse(raw: Any, facts: Mapping[str, FactSpec], path: str = "when") -> Condition:
    """Turn YAML data into a Condition, checking every fact name, test and value."""
    if not isinstance(raw, Mapping):
        raise RegimeError(path, f"a condition must be a mapping, got {type(raw).__name__}")
    keys = set(raw)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise RegimeError(
                    path, f"'{combinator}' must stand alone, found also {sorted(keys - {combinator})}"
                )
            items = raw[combinator]
            if not isinstance(items, list) or not items:
                raise RegimeError(f"{path}.{combinator}", "must be a non-empty list of conditions")
            parts = tuple(parse(item, facts, f"{path}.{combinator}[{i}]") for i, item in enumerate(items))
            return All(parts) if combinator == "all" else Any_(parts)
    if "not" in keys:
        if keys != {"not"}:
            raise RegimeError(path, "'not' must stand alone")
        return Not(parse(raw["not"], facts, f"{path}.not"))
    if "fact" not in keys:
        raise RegimeError(path, "expected one of all / any / not / fact")
    name = raw["fact"]
    spec = facts.get(name)
    if spec is None:
        raise RegimeError(f"{path}.fact", f"unknown fact '{name}' (declared: {', '.join(sorted(facts))})")
    rest = keys - {"fact"}
    if "op" in rest:
        if rest != {"op", "value"}:
            raise RegimeError(path, "a comparison needs exactly 'op' and 'value'")
        test, value = raw["op"], raw["value"]
        if test not in COMPARISONS:
            raise RegimeError(f"{path}.op", f"unknown operator '{test}' (use one of {' '.join(COMPARISONS)})")
    elif len(rest) == 1:
        (test,) = rest
        value = raw[test]
    else:
        raise RegimeError(path, f"expected one test beside 'fact', found {sorted(rest)}")
    if test not in _TESTS_BY_TYPE[spec.type] and not (
        spec.type == "enum" and spec.ordered and test in COMPARISONS
    ):
        raise RegimeError(path, f"test '{test}' does not apply to {spec.type} fact '{name}'")
    _check_values(spec, test, value, path)
    if isinstance(value, list):
        value = tuple(value)
    return Test(name, test, value)


def _check_values(spec: FactSpec, test: str, value: Any, path: str) -> None:
    listed = test in ("in", "contains_any", "subset_of")
    if listed and (not isinstance(value, list) or not value):
        raise RegimeError(f"{path}.{test}", "must be a non-empty list")
    values = value if listed else [value]
    for v in values:
        if spec.type in ("enum", "set") and v not in spec.values:
            raise RegimeError(path, f"'{v}' is not a value of fact '{spec.name}' ({', '.join(spec.values)})")
        if spec.type == "int" and (not isinstance(v, int) or isinstance(v, bool)):
            raise RegimeError(path, f"fact '{spec.name}' compares with integers, got {v!r}")
        if spec.type == "bool" and not isinstance(v, bool):
            raise RegimeError(path, f"fact '{spec.name}' is true or false, got {v!r}")


def normalise_facts(specs: Mapping[str, FactSpec], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Fill defaults and check types. Answers the regime does not declare are ignored."""
    facts: dict[str, Any] = {}
    for name, spec in specs.items():
        value = answers.get(name, spec.default)
        facts[name] = _coerce(spec, value)
    return facts


def _coerce(spec: FactSpec, value: Any) -> Any:
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise FactError(f"{spec.name}: expected true or false, got {value!r}")
        return value
    if spec.type == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise FactError(f"{spec.name}: expected a whole number, got {value!r}")
        if spec.minimum is not None and value < spec.minimum:
            raise FactError(f"{spec.name}: {value} is below the minimum {spec.minimum}")
        if spec.maximum is not None and value > spec.maximum:
            raise FactError(f"{spec.name}: {value} is above the maximum {spec.maximum}")
        return value
    if spec.type == "enum":
        if value not in spec.values:
            raise FactError(f"{spec.name}: '{value}' is not one of {', '.join(spec.values)}")
        return value
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise FactError(f"{spec.name}: expected a list of values, got {value!r}")
    items = frozenset(value)
    unknown = items - set(spec.values)
    if unknown:
        raise FactError(f"{spec.name}: unknown values {sorted(unknown)} (use {', '.join(spec.values)})")
    return items


def evaluate(cond: Condition, facts: Mapping[str, Any], specs: Mapping[str, FactSpec]) -> bool:
    """Evaluate a parsed condition over normalised facts (see ``normalise_facts``)."""
    if isinstance(cond, All):
        return all(evaluate(part, facts, specs) for part in cond.parts)
    if isinstance(cond, Any_):
        return any(evaluate(part, facts, specs) for part in cond.parts)
    if isinstance(cond, Not):
        return not evaluate(cond.part, facts, specs)
    actual, expected, test = facts[cond.fact], cond.value, cond.test
    spec = specs[cond.fact]
    if test == "is":
        return actual is expected
    if test == "in":
        return actual in expected
    if test == "contains":
        return expected in actual
    if test == "contains_any":
        return not actual.isdisjoint(expected)
    if test == "subset_of":
        return actual <= frozenset(expected)
    if spec.type == "enum" and test not in ("==", "!="):
        actual, expected = spec.rank(actual), spec.rank(expected)
    return _compare(actual, test, expected)


_OPERATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _compare(a: Any, op: str, b: Any) -> bool:
    return _OPERATORS[op](a, b)


def facts_used(cond: Condition) -> set[str]:
    if isinstance(cond, (All, Any_)):
        return set().union(*(facts_used(p) for p in cond.parts))
    if isinstance(cond, Not):
        return facts_used(cond.part)
    return {cond.fact}
