"""Loading regime data: clear errors on malformed data, and the shape of every shipped file."""

import copy
from pathlib import Path

import pytest
import yaml

from attt.regimes.rules import (
    LevelAuthority,
    RegimeError,
    WorkCalendar,
    load_all,
    load_regime,
    load_regime_data,
)

DATA = Path(__file__).resolve().parents[3] / "src" / "attt" / "regimes" / "data"
RAW_NEW = yaml.safe_load((DATA / "new-nd331.yaml").read_text(encoding="utf-8"))


def _broken(edit):
    data = copy.deepcopy(RAW_NEW)
    edit(data)
    return data


def _set(path, value):
    def edit(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _delete(path):
    def edit(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


CASES = [
    (_delete(["regime"]), r"^regime: is required"),
    (_set(["reqirements"], []), r"reqirements: unknown section"),
    (_set(["valid_from"], "soon"), r"valid_from: expected date"),
    (
        lambda d: d["level_criteria"].append(copy.deepcopy(d["level_criteria"][0])),
        r"level_criteria\[\d+\]: duplicate id",
    ),
    (_set(["level_criteria", 0, "level"], 6), r"level_criteria\[0\]\.level: level must be 1\.\.5"),
    (_delete(["level_criteria", 0, "source"]), r"level_criteria\[0\]\.source: is required"),
    (
        _set(["level_criteria", 0, "when"], {"fact": "colour", "in": ["red"]}),
        r"when\.fact: unknown fact 'colour'",
    ),
    (
        _set(["level_criteria", 0, "when"], {"fact": "scope", "in": ["planet"]}),
        r"'planet' is not a value of fact 'scope'",
    ),
    (
        _set(["level_criteria", 0, "when"], {"fact": "scope", "contains": "unit"}),
        r"test 'contains' does not apply",
    ),
    (_set(["level_criteria", 0, "when"], {"fact": "users_x", "op": ">", "value": 1}), r"unknown fact"),
    (
        _set(["level_criteria", 0, "when"], {"fact": "personal_subjects", "op": "=>", "value": 1}),
        r"unknown operator '=>'",
    ),
    (
        _set(["level_criteria", 0, "when"], {"fact": "personal_subjects", "op": ">=", "value": "1"}),
        r"compares with integers",
    ),
    (_set(["level_criteria", 0, "when"], {"any": []}), r"when\.any: must be a non-empty list"),
    (_set(["level_criteria", 0, "when"], {"all": [{"fact": "scope"}]}), r"when\.all\[0\]: expected one test"),
    (_set(["level_criteria", 0, "when"], ["scope"]), r"a condition must be a mapping"),
    (_set(["requirements", 0, "levels"], [0, 1]), r"requirements\[0\]\.levels: level must be 1\.\.5"),
    (_set(["requirements", 0, "levels"], []), r"requirements\[0\]\.levels: must list at least one level"),
    (_delete(["requirements", 0, "clause"]), r"requirements\[0\]\.clause: is required"),
    (_set(["requirements", 0, "clause"], {1: "a", 2: "b"}), r"clause: must give one entry per level"),
    (_delete(["requirements", 0, "title_en"]), r"requirements\[0\]\.title_en: is required"),
    (_set(["requirements", 0, "category"], "magic"), r"'magic' is not one of"),
    (_set(["requirements", 1, "id"], "mgmt.policy"), r"requirements\[1\]: duplicate id 'mgmt.policy'"),
    (lambda d: d["authority"].pop(), r"authority: no rule for level\(s\) \[5\]"),
    (_set(["authority", 1, "levels"], [2, 3]), r"authority\[1\]\.levels: level 2 has two authority rules"),
    (_set(["authority", 1, "approver"], "mayor"), r"authority\[1\]\.approver: 'mayor' is not one of"),
    (
        _set(["authority", 1, "appraisal_clock"], {"days": 15, "hours": 2, "kind": "working"}),
        r"exactly one of 'days' or 'hours'",
    ),
    (
        _set(["authority", 1, "appraisal_clock"], {"days": 15, "kind": "lunar"}),
        r"'lunar' is not one of calendar, working",
    ),
    (_set(["incident_clocks", 0, "kind"], "working"), r"an hours clock counts elapsed time"),
    (
        _set(["duties", 0, "due"], {"kind": "quarterly", "day": {"setting": "nope"}}),
        r"unknown setting 'nope'",
    ),
    (_set(["duties", 0, "due"], {"kind": "yearly", "month": 13, "day": 1}), r"month must be 1\.\.12"),
    (_set(["duties", 0, "every_months"], 6), r"recurs every 12 months"),
    (_set(["duties", 0, "applies"], {"min_level": 4, "max_level": 3}), r"is below min_level"),
    (_set(["budget_min_share", "share"], 15.0), r"must be a fraction"),
    (_set(["facts", 0, "default"], "spaceship"), r"facts\[0\]\.default"),
    (_set(["dossier_parts", 0, "required_from_level"], 9), r"dossier_parts\[0\]\.required_from_level"),
]


@pytest.mark.parametrize("edit, message", CASES)
def test_malformed_data_is_refused_with_its_path(edit, message):
    with pytest.raises(RegimeError, match=message):
        load_regime_data(_broken(edit))


def test_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(_broken(_delete(["name_en"])), allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegimeError, match=r"^bad\.yaml:name_en: is required"):
        load_regime(bad)
    bad.write_text("regime: [unclosed", encoding="utf-8")
    with pytest.raises(RegimeError, match="not valid YAML"):
        load_regime(bad)


def test_two_files_with_one_code_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text((DATA / "new-nd331.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RegimeError, match="used twice"):
        load_all(tmp_path)


# --- every shipped data file -------------------------------------------------------------------


def test_data_directory_holds_the_two_regimes_and_the_calendar():
    assert sorted(p.name for p in DATA.glob("*.yaml")) == [
        "holidays-vn.yaml",
        "legacy-nd85.yaml",
        "new-nd331.yaml",
    ]
    assert set(load_all(DATA)) == {"legacy-nd85", "new-nd331"}
    assert WorkCalendar.from_yaml(DATA / "holidays-vn.yaml").years == {2024, 2025, 2026, 2027}


@pytest.mark.parametrize("code", ["legacy-nd85", "new-nd331"])
def test_regime_structure(code):
    regime = load_all(DATA)[code]
    for criterion in regime.level_criteria:
        assert criterion.source.strip() and criterion.text_vi.strip() and criterion.text_en.strip()
    assert {c.level for c in regime.level_criteria} == {1, 2, 3, 4, 5}, "every level is reachable"
    for req in regime.requirements:
        assert set(req.levels) <= {1, 2, 3, 4, 5}
        assert set(req.clause) == set(req.levels) and all(c.strip() for c in req.clause.values())
        assert all(getattr(req, f).strip() for f in ("title_vi", "title_en", "summary_vi", "summary_en"))
    for level in range(1, 6):
        groups = {r.group for r in regime.requirements_for(level)}
        assert groups == {"management", "technical"}, level
        assert isinstance(regime.authority[level], LevelAuthority)
        assert {p.code for p in regime.dossier_parts_for(level)} >= {
            "overview",
            "level_justification",
            "security_plan",
        }
    for duty in regime.duties:
        assert duty.source.strip()
        assert duty.due.kind == "on_event" or duty.every_months
    ids = (
        [m.id for m in regime.design_measures]
        + [d.id for d in regime.duties]
        + [c.id for c in regime.incident_clocks]
    )
    assert len(ids) == len(set(ids))
    assert regime.serious_incident is not None


def test_legacy_catalogue_follows_the_tt12_annex_tables(legacy):
    """TT 12/2022 annexes: 13+13 rows at level 1, 16+17 at level 2, 20+21 at levels 3-5 (plus plans 1.6, 1.7)."""
    expected = {1: (13, 13), 2: (16, 17), 3: (20, 21), 4: (20, 21), 5: (20, 21)}
    for level, (management, technical) in expected.items():
        rows = [r for r in legacy.requirements_for(level) if r.clause[level].startswith("TCVN 11930:2017")]
        assert sum(r.group == "management" for r in rows) == management, level
        assert sum(r.group == "technical" for r in rows) == technical, level
        assert all(r.clause[level].split()[-1].startswith(f"{level + 4}.") for r in rows), level
    plans = [r.id for r in legacy.requirements if not r.clause[r.levels[0]].startswith("TCVN")]
    assert plans == ["mgmt.risk_plan", "mgmt.decommission_plan"]


def test_legacy_clause_examples(legacy):
    by_id = {r.id: r for r in legacy.requirements}
    assert by_id["tech.net.malware_filtering"].levels == (3, 4, 5)
    assert by_id["tech.net.malware_filtering"].clause[3] == "TCVN 11930:2017 mục 7.2.1.6"
    assert by_id["mgmt.build.testing"].clause == {
        1: "TCVN 11930:2017 mục 5.1.4.2",
        2: "TCVN 11930:2017 mục 6.1.4.3",
        3: "TCVN 11930:2017 mục 7.1.4.3",
        4: "TCVN 11930:2017 mục 8.1.4.3",
        5: "TCVN 11930:2017 mục 9.1.4.3",
    }
    zones = {
        level: sum(1 for m in legacy.design_measures if m.id.startswith("zone.") and level in m.levels)
        for level in range(1, 6)
    }
    assert zones == {1: 3, 2: 5, 3: 7, 4: 8, 5: 8}


def test_authority_and_clocks(legacy, new):
    assert new.authority[3].appraisal_clock.days == 15 and new.authority[3].appraisal_clock.kind == "working"
    assert new.authority[4].appraisal_clock.days == 25 and new.authority[5].approver == "prime_minister"
    assert new.authority[1].incomplete_dossier_clock.days == 5
    assert (
        legacy.authority[3].appraisal_clock.kind == "calendar"
        and legacy.authority[4].appraisal_clock.days == 30
    )
    assert [p.code for p in new.dossier_parts_for(4) if p.code.startswith("risk")] == [
        "risk_assessment",
        "risk_assessment_detailed",
    ]
    assert not any(p.code.startswith("risk") for p in legacy.dossier_parts)
    assert (legacy.budget_min_share.share, new.budget_min_share.share) == (0.10, 0.15)
    hours = {c.id: c.clock.hours for c in new.incident_clocks}
    assert hours == {"report": 72, "serious-initial-notice": 24, "national-security-immediate": 0}
    assert {c.id: c.clock.days for c in legacy.incident_clocks if c.clock.days} == {
        "notify": 5,
        "closing-report": 5,
    }


def test_new_catalogue_layers(new):
    groups = [r for r in new.requirements if r.id.startswith("tcvn14423.")]
    assert {len([g for g in groups if level in g.levels]) for level in (1, 2)} == {15}
    assert {len([g for g in groups if level in g.levels]) for level in (3, 4, 5)} == {18}
    for group in groups:
        assert group.unverified
        assert all(clause.split()[-1].startswith(f"{level + 2}.") for level, clause in group.clause.items())
    decree = [r for r in new.requirements if r.clause[r.levels[0]].startswith("NĐ 331/2026/NĐ-CP Điều 30")]
    assert len(decree) == 11 and all(r.levels == (1, 2, 3, 4, 5) for r in decree)
    measures = {
        r.id: (r.levels, r.optional_levels) for r in new.requirements if r.id.startswith("law.measure.")
    }
    assert measures["law.measure.monitoring"] == ((3, 4, 5), (1, 2))
    assert measures["law.measure.design_appraisal"] == ((5,), (1, 2, 3, 4))


def test_a_comma_in_unquoted_flow_text_is_refused():
    import yaml

    from attt.regimes.rules import RegimeError, load_regime_data

    data = yaml.safe_load("regime: x\nincident_clocks:\n  - {id: a, hours: 72, title_vi: Báo cáo nguyên nhân, phạm vi}\n")
    with pytest.raises(RegimeError, match="comma"):
        load_regime_data(data)
