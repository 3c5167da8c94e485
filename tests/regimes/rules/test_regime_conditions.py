"""The condition language, and properties of classification over random questionnaires."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attt.regimes.rules import (
    FactSpec,
    classify,
    evaluate,
    load_regime,
    matching_criteria,
    normalise_facts,
    parse,
)

SPECS = {
    "kind": FactSpec("kind", "enum", "a", values=("a", "b")),
    "harm": FactSpec("harm", "enum", "none", values=("none", "harm", "serious"), ordered=True),
    "tags": FactSpec("tags", "set", frozenset(), values=("x", "y", "z")),
    "count": FactSpec("count", "int", 0, minimum=0),
    "flag": FactSpec("flag", "bool", False),
}


def holds(raw, **answers):
    return evaluate(parse(raw, SPECS), normalise_facts(SPECS, answers), SPECS)


@pytest.mark.parametrize(
    "raw, answers, expected",
    [
        ({"fact": "kind", "in": ["b"]}, {"kind": "b"}, True),
        ({"fact": "kind", "op": "!=", "value": "a"}, {}, False),
        ({"fact": "harm", "op": ">=", "value": "harm"}, {"harm": "serious"}, True),
        ({"fact": "harm", "op": ">=", "value": "harm"}, {"harm": "none"}, False),
        ({"fact": "tags", "contains": "x"}, {"tags": ["x", "y"]}, True),
        ({"fact": "tags", "contains_any": ["z"]}, {"tags": ["x", "y"]}, False),
        ({"fact": "tags", "subset_of": ["x"]}, {"tags": ["x"]}, True),
        ({"fact": "tags", "subset_of": ["x"]}, {"tags": ["x", "y"]}, False),
        ({"fact": "tags", "subset_of": ["x"]}, {}, True),
        ({"fact": "count", "op": ">=", "value": 10}, {"count": 10}, True),
        ({"fact": "count", "op": "<", "value": 10}, {"count": 10}, False),
        ({"fact": "count", "in": [1, 2]}, {"count": 2}, True),
        ({"fact": "flag", "is": True}, {"flag": True}, True),
        ({"not": {"fact": "flag", "is": True}}, {}, True),
        ({"all": [{"fact": "flag", "is": True}, {"fact": "kind", "in": ["a"]}]}, {"flag": True}, True),
        ({"any": [{"fact": "flag", "is": True}, {"fact": "kind", "in": ["b"]}]}, {}, False),
    ],
)
def test_condition_language(raw, answers, expected):
    assert holds(raw, **answers) is expected


def test_comparisons_on_unordered_enums_are_refused():
    from attt.regimes.rules import RegimeError

    with pytest.raises(RegimeError, match="does not apply"):
        parse({"fact": "kind", "op": ">", "value": "a"}, SPECS)


DATA = Path(__file__).resolve().parents[3] / "src" / "attt" / "regimes" / "data"
REGIMES = [load_regime(DATA / "legacy-nd85.yaml"), load_regime(DATA / "new-nd331.yaml")]


def answers_for(regime):
    """Random questionnaires that fit the regime's fact schema."""
    fields = {}
    for spec in regime.facts.values():
        if spec.type == "enum":
            fields[spec.name] = st.sampled_from(spec.values)
        elif spec.type == "set":
            fields[spec.name] = st.sets(st.sampled_from(spec.values))
        elif spec.type == "bool":
            fields[spec.name] = st.booleans()
        else:
            fields[spec.name] = st.integers(
                spec.minimum or 0, spec.maximum if spec.maximum is not None else 500_000
            )
    return st.fixed_dictionaries({}, optional=fields)


@pytest.mark.parametrize("regime", REGIMES, ids=lambda r: r.code)
def test_classification_is_the_highest_matching_level(regime):
    @given(answers_for(regime))
    def check(facts):
        result = classify(regime, facts)
        matched = matching_criteria(regime, facts)
        assert 1 <= result.level <= 5
        assert result.level == max([c.level for c in matched], default=regime.default_level)
        assert set(result.deciding_criteria) <= set(result.matched_criteria)
        assert all(c.level == result.level for c in matched if c.id in result.deciding_criteria)

    check()


@pytest.mark.parametrize("regime", REGIMES, ids=lambda r: r.code)
def test_adding_a_state_secret_never_lowers_the_level(regime):
    @given(answers_for(regime))
    def check(facts):
        with_secret = {**facts, "info_types": set(facts.get("info_types", ["public"])) | {"state_secret"}}
        assert classify(regime, with_secret).level >= max(3, classify(regime, facts).level)

    check()


def test_the_rules_package_stays_pure_and_small():
    package = DATA.parent / "rules"
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+django", text, re.MULTILINE), path.name
        assert len(text.splitlines()) < 600, path.name
