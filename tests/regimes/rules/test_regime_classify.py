"""Classification over the real criteria of both regimes."""

import pytest

from attt.regimes.rules import FactError, classify, classify_composite, is_serious_incident

INTERNAL_PUBLIC = {"system_kind": "internal", "info_types": ["public"]}
CITIZEN_PRIVATE_10K = {"system_kind": "public_service", "info_types": ["public", "private"], "users": 10_000}


@pytest.mark.parametrize(
    "facts, level, deciding",
    [
        (INTERNAL_PUBLIC, 1, {"nd85.7.internal-public"}),
        ({"system_kind": "internal", "info_types": ["personal"]}, 2, {"nd85.8.1.internal-private"}),
        (
            {**CITIZEN_PRIVATE_10K, "users": 9_999},
            2,
            {"nd85.8.2.b.online-service", "nd85.8.2.c.private-under-10000"},
        ),
        (CITIZEN_PRIVATE_10K, 3, {"nd85.9.2.c.private-10000"}),
        (
            {"system_kind": "public_service", "service_maturity": 3},
            3,
            {"nd85.9.2.b.public-service-maturity-3"},
        ),
        ({"system_kind": "public_service", "service_maturity": 2}, 2, None),
        (
            {"system_kind": "infrastructure", "scope": "province"},
            3,
            {"nd85.9.3.infrastructure-sector-province"},
        ),
        ({"system_kind": "infrastructure", "scope": "unit"}, 2, {"nd85.8.3.infrastructure-one-body"}),
        ({"system_kind": "infrastructure", "scope": "national", "requires_24x7": True}, 4, None),
        ({"national_egov": True, "requires_24x7": True}, 4, {"nd85.10.2.national-egov-24x7"}),
        ({"national_egov": True, "requires_24x7": False}, 1, {"nd85.7.internal-public"}),
        ({"info_types": ["state_secret"]}, 3, {"nd85.9.1.state-secret"}),
        ({"info_types": ["state_secret"], "national_security_harm": "serious"}, 4, None),
        ({"defense_security_system": True, "national_security_harm": "especially_serious"}, 5, None),
        ({"central_national_data": True}, 5, {"nd85.11.2.central-national-data"}),
        ({"system_kind": "industrial_control", "construction_grade": "II"}, 3, None),
        ({"system_kind": "industrial_control", "construction_grade": "I"}, 4, None),
        ({"system_kind": "industrial_control", "national_security_works": True}, 5, None),
    ],
)
def test_legacy_levels(legacy, facts, level, deciding):
    result = classify(legacy, facts)
    assert result.level == level
    if deciding is not None:
        assert set(result.deciding_criteria) == deciding


@pytest.mark.parametrize(
    "facts, level, deciding",
    [
        (INTERNAL_PUBLIC, 1, {"nd331.11.1.internal-public"}),
        ({"system_kind": "internal", "info_types": ["private"]}, 2, {"nd331.12.1.internal-private"}),
        ({"handles_admin_procedures": True}, 3, {"nd331.13.2.b.admin-procedures"}),
        ({"system_kind": "internal", "handles_admin_procedures": True}, 3, None),
        (
            {"system_kind": "public_service", "info_types": ["personal"], "personal_subjects": 100_000},
            3,
            {"nd331.13.2.c.personal-threshold"},
        ),
        ({"system_kind": "public_service", "info_types": ["personal"], "personal_subjects": 99_999}, 2, None),
        (
            {
                "system_kind": "public_service",
                "info_types": ["personal"],
                "sensitive_personal_subjects": 10_000,
            },
            3,
            None,
        ),
        (
            {
                "system_kind": "public_service",
                "info_types": ["personal"],
                "sensitive_personal_subjects": 9_999,
            },
            2,
            None,
        ),
        (
            {"system_kind": "public_service", "conditional_business": True},
            3,
            {"nd331.13.2.a.conditional-business"},
        ),
        ({"system_kind": "infrastructure", "scope": "multi_province"}, 3, None),
        (
            {"system_kind": "infrastructure", "scope": "national", "requires_24x7": True},
            4,
            {"nd331.14.2.national-24x7"},
        ),
        ({"info_types": ["state_secret"]}, 3, {"nd331.13.1.state-secret"}),
        (
            {"info_types": ["state_secret"], "national_security_harm": "serious"},
            4,
            {"nd331.14.1.state-secret-serious"},
        ),
        (
            {"info_types": ["state_secret"], "national_security_harm": "especially_serious"},
            5,
            {"nd331.15.1.state-secret-especially-serious"},
        ),
        ({"system_kind": "infrastructure", "scope": "international"}, 5, None),
        ({"designated_level": 4}, 4, {"nd331.14.4.designated"}),
    ],
)
def test_new_levels(new, facts, level, deciding):
    result = classify(new, facts)
    assert result.level == level
    if deciding is not None:
        assert set(result.deciding_criteria) == deciding


def test_the_two_regimes_differ_on_personal_data(legacy, new):
    """10,000 users of private data is level 3 under the legacy decree, level 2 under the new one."""
    facts = {**CITIZEN_PRIVATE_10K, "personal_subjects": 10_000}
    assert classify(legacy, facts).level == 3
    assert classify(new, facts).level == 2


def test_highest_matching_level_wins_and_all_matches_are_listed(new):
    facts = {"system_kind": "public_service", "info_types": ["private"], "handles_admin_procedures": True}
    result = classify(new, facts)
    assert result.level == 3
    assert "nd331.12.2.a.online-service" in result.matched_criteria
    assert result.deciding_criteria == ("nd331.13.2.b.admin-procedures",)
    assert "Điều 13 khoản 2 điểm b" in result.explanation_vi


def test_no_criterion_gives_the_default_level(legacy):
    result = classify(legacy, {"system_kind": "other"})
    assert (result.level, result.deciding_criteria) == (1, ())
    assert "tối thiểu" in result.explanation_vi


def test_composite_takes_the_highest_part(new):
    result = classify_composite(
        new,
        {
            "portal": {"system_kind": "public_service", "info_types": ["public"]},
            "one-stop shop": {"handles_admin_procedures": True},
            "intranet": INTERNAL_PUBLIC,
        },
    )
    assert result.level == 3
    assert result.deciding_parts == ("one-stop shop",)
    assert result.parts["intranet"].level == 1
    assert result.deciding_criteria == ("nd331.13.2.b.admin-procedures",)


def test_composite_needs_parts(new):
    with pytest.raises(ValueError):
        classify_composite(new, {})


@pytest.mark.parametrize(
    "facts, message",
    [
        ({"system_kind": "mainframe"}, "system_kind"),
        ({"info_types": ["gossip"]}, "info_types"),
        ({"info_types": "public"}, "info_types"),
        ({"personal_subjects": -1}, "minimum"),
        ({"personal_subjects": "many"}, "whole number"),
        ({"handles_admin_procedures": "yes"}, "true or false"),
    ],
)
def test_bad_answers_are_refused(new, facts, message):
    with pytest.raises(FactError, match=message):
        classify(new, facts)


def test_answers_a_regime_does_not_ask_are_ignored(legacy):
    assert classify(legacy, {**INTERNAL_PUBLIC, "personal_subjects": 5}).level == 1


@pytest.mark.parametrize("regime_name", ["legacy", "new"])
def test_serious_incident(request, regime_name):
    regime = request.getfixturevalue(regime_name)
    serious = {"system_level": 4, "consequences": ["outage"], "owner_cannot_handle": True}
    assert is_serious_incident(regime, serious)
    assert not is_serious_incident(regime, {**serious, "owner_cannot_handle": False})
    assert not is_serious_incident(regime, {**serious, "system_level": 3})
    assert is_serious_incident(regime, {**serious, "system_level": 3, "critical_system": True})
    assert not is_serious_incident(regime, {**serious, "consequences": []})
