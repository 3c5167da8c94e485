"""Occurrences of recurring duties."""

from datetime import date

import pytest

from attt.regimes.rules import DueRule, Duty, SettingRef, add_months, duties_for, occurrences

YEAR_2026 = (date(2026, 1, 1), date(2026, 12, 31))


def _duty(rule: DueRule) -> Duty:
    return Duty(
        id="d",
        title_vi="d",
        title_en="d",
        applies_to="unit",
        min_level=None,
        max_level=None,
        every_months=rule.every_months,
        due=rule,
        source="test",
    )


@pytest.mark.parametrize("regime_name", ["legacy", "new"])
@pytest.mark.parametrize("setting, day", [(None, 15), (20, 20)])
def test_quarterly_report_due_on_a_day_of_the_last_month(request, regime_name, setting, day):
    duty = request.getfixturevalue(regime_name).duty("quarterly-report")
    settings = {} if setting is None else {"quarterly_report_due_day": setting}
    found = occurrences(duty, *YEAR_2026, settings)
    assert [o.due_date for o in found] == [date(2026, m, day) for m in (3, 6, 9, 12)]
    assert (found[1].period_start, found[1].period_end) == (date(2026, 4, 1), date(2026, 6, 30))


def test_a_due_day_past_the_month_end_falls_on_its_last_day(legacy):
    found = occurrences(legacy.duty("quarterly-report"), *YEAR_2026, {"quarterly_report_due_day": 31})
    assert [o.due_date for o in found] == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]


def test_a_due_day_setting_out_of_range_is_refused(legacy):
    with pytest.raises(ValueError):
        occurrences(legacy.duty("quarterly-report"), *YEAR_2026, {"quarterly_report_due_day": 40})


def test_annual_report_window_and_due_dates(new):
    operator = occurrences(new.duty("annual-report-operator"), *YEAR_2026)
    owner = occurrences(new.duty("annual-report-owner"), *YEAR_2026)
    assert len(operator) == len(owner) == 1
    assert (operator[0].period_start, operator[0].period_end) == (date(2025, 12, 15), date(2026, 12, 14))
    assert operator[0].due_date == date(2026, 12, 20)
    assert owner[0].due_date == date(2026, 12, 25)


def test_every_six_months_from_the_anchor(legacy):
    found = occurrences(legacy.duty("vulnerability-scan"), date(2024, 1, 1), date(2025, 12, 31))
    assert [(o.period_start, o.due_date) for o in found] == [
        (date(2024, 1, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 12, 31)),
    ]


def test_the_anchor_is_a_setting(legacy):
    found = occurrences(
        legacy.duty("system-inspection-l3-4"),
        date(2025, 1, 1),
        date(2027, 12, 31),
        {"periodic_anchor": date(2025, 3, 15)},
    )
    assert [o.due_date for o in found] == [date(2026, 3, 14), date(2027, 3, 14)]


def test_whole_body_inspection_every_two_years(legacy):
    found = occurrences(legacy.duty("unit-inspection"), date(2024, 1, 1), date(2028, 12, 31))
    assert [o.due_date for o in found] == [date(2025, 12, 31), date(2027, 12, 31)]


def test_fixed_dates_each_year(legacy):
    found = occurrences(legacy.duty("incident-report-network-members"), *YEAR_2026)
    assert [(o.period_start, o.due_date) for o in found] == [
        (date(2025, 12, 16), date(2026, 6, 20)),
        (date(2026, 6, 21), date(2026, 12, 15)),
    ]


def test_yearly_on_a_fixed_day(new):
    found = occurrences(new.duty("nsi-self-inspection"), date(2026, 1, 1), date(2027, 12, 31))
    assert [o.due_date for o in found] == [date(2026, 9, 30), date(2027, 9, 30)]


def test_event_duties_have_no_calendar(new):
    assert occurrences(new.duty("risk-assessment"), *YEAR_2026) == []


def test_only_due_dates_inside_the_range(legacy):
    found = occurrences(legacy.duty("quarterly-report"), date(2026, 3, 16), date(2026, 6, 15))
    assert [o.due_date for o in found] == [date(2026, 6, 15)]
    assert occurrences(legacy.duty("quarterly-report"), date(2026, 6, 16), date(2026, 6, 1)) == []


def test_a_setting_reference_in_a_hand_made_rule():
    duty = _duty(DueRule("quarterly", day=SettingRef("due", 10), every_months=3))
    assert occurrences(duty, date(2026, 1, 1), date(2026, 3, 31))[0].due_date == date(2026, 3, 10)
    assert occurrences(duty, date(2026, 1, 1), date(2026, 3, 31), {"due": 5})[0].due_date == date(2026, 3, 5)


def test_duties_by_level(legacy, new):
    level2 = {d.id for d in duties_for(legacy, applies_to="system", level=2)}
    level3 = {d.id for d in duties_for(legacy, applies_to="system", level=3)}
    level5 = {d.id for d in duties_for(new, applies_to="system", level=5)}
    assert level2 == {"vulnerability-scan"}
    assert {"live-drill", "system-inspection-l3-4"} <= level3
    assert "system-inspection-l5" not in level3
    assert {"nsi-self-inspection", "system-inspection-l5"} <= level5
    assert "system-inspection-l3-4" not in level5


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 15), -3, date(2025, 12, 15)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected
