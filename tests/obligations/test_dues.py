"""Pure due-date computation: specs, clamping, directive recurring shapes (hypothesis)."""
import calendar
import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attt.obligations import dues
from attt.regimes.rules.load import load_all

DATA = Path(__file__).resolve().parents[2] / "src" / "attt" / "regimes" / "data"


@given(st.integers(2000, 2100), st.integers(1, 31))
def test_quarterly_due_day_falls_in_the_quarters_last_month_clamped(year, day):
    found = dues.schedule({"kind": "quarterly", "day": day}, dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert [o.due_date.month for o in found] == [3, 6, 9, 12]
    for occ in found:
        last = calendar.monthrange(year, occ.due_date.month)[1]
        assert occ.due_date.day == min(day, last)
        assert occ.period_start.month == occ.due_date.month - 2 and occ.period_start.day == 1
        assert occ.period_end.day == last


def test_day_31_in_a_30_day_month_is_the_months_last_day():
    found = dues.schedule({"kind": "quarterly", "day": 31}, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [o.due_date for o in found] == [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30),
                                           dt.date(2026, 12, 31)]


def test_setting_reference_reads_the_province_value_or_its_default():
    spec = {"kind": "quarterly", "day": {"setting": "quarterly_report_due_day", "default": 15}}
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert {o.due_date.day for o in dues.schedule(spec, start, end)} == {15}
    assert {o.due_date.day for o in dues.schedule(spec, start, end, {"quarterly_report_due_day": 20})} == {20}
    assert dues.settings_used(spec) == {"quarterly_report_due_day"}


def test_annual_report_window_runs_from_15_12_of_the_previous_year_to_14_12():
    spec = {"kind": "yearly", "month": 12, "day": 20,
            "window": {"start": {"month": 12, "day": 15}, "end": {"month": 12, "day": 14}}}
    (occ,) = dues.schedule(spec, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (occ.period_start, occ.period_end, occ.due_date) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14),
                                                                dt.date(2026, 12, 20))


@given(st.integers(1, 24), st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)))
def test_interval_periods_tile_time_and_are_due_on_their_last_day(every, anchor):
    spec = {"kind": "interval", "every_months": every, "anchor": anchor.isoformat()}
    found = dues.schedule(spec, anchor, anchor + dt.timedelta(days=800))
    for a, b in itertools.pairwise(found):
        assert b.period_start == a.period_end + dt.timedelta(days=1)
    assert all(o.due_date == o.period_end for o in found)


@pytest.mark.parametrize("deadline,expected", [
    # hằng quý trước ngày 15 của tháng cuối quý
    ({"kind": "recurring", "every_months": 3, "due_day": 15, "due_month_of_period": "last"},
     [dt.date(2026, 3, 15), dt.date(2026, 6, 15), dt.date(2026, 9, 15), dt.date(2026, 12, 15)]),
    # hằng năm trước 15/12
    ({"kind": "recurring", "every_months": 12, "due_day": 15, "due_month": 12}, [dt.date(2026, 12, 15)]),
    # tối thiểu 01 lần/06 tháng
    ({"kind": "recurring", "every_months": 6, "due_day": None, "due_month_of_period": None, "due_month": None},
     [dt.date(2026, 6, 30), dt.date(2026, 12, 31)]),
    ({"kind": "recurring", "every_months": 1}, [dt.date(2026, m, calendar.monthrange(2026, m)[1]) for m in range(1, 13)]),
    ({"kind": "recurring", "every_months": 3, "due_day": 10, "due_month_of_period": "first"},
     [dt.date(2026, 1, 10), dt.date(2026, 4, 10), dt.date(2026, 7, 10), dt.date(2026, 10, 10)]),
])
def test_directive_recurring_shapes(deadline, expected):
    spec = dues.spec_from_recurring(deadline, start=dt.date(2026, 1, 1))
    found = dues.schedule(spec, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [o.due_date for o in found] == expected


def test_quarterly_directive_periods_are_calendar_quarters():
    spec = dues.spec_from_recurring({"kind": "recurring", "every_months": 3, "due_day": 15,
                                     "due_month_of_period": "last"}, start=dt.date(2026, 1, 1))
    assert spec == {"kind": "quarterly", "day": 15}


@given(st.sampled_from([1, 2, 3, 4, 6, 12]), st.one_of(st.none(), st.integers(1, 31)),
       st.sampled_from(["first", "last"]), st.integers(2020, 2060))
def test_recurring_due_dates_lie_in_their_period_and_repeat(every, day, which, year):
    deadline = {"kind": "recurring", "every_months": every, "due_day": day, "due_month_of_period": which}
    if every == 12:
        deadline["due_month"] = None
    spec = dues.spec_from_recurring(deadline, start=dt.date(year, 1, 1))
    found = dues.schedule(spec, dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert len(found) == 12 // every
    for occ in found:
        if day is not None:
            assert occ.due_date.day == min(day, calendar.monthrange(year, occ.due_date.month)[1])


@pytest.mark.parametrize("deadline,message", [
    ({"kind": "date", "date": "2026-01-01"}, "recurring"),
    ({"kind": "recurring", "every_months": 0}, "Chu kỳ"),
    ({"kind": "recurring", "every_months": 3, "due_day": 32}, "Ngày hạn"),
    ({"kind": "recurring", "every_months": 12, "due_day": 31, "due_month": 2}, "không tồn tại"),
])
def test_bad_recurring_deadlines_are_refused_clearly(deadline, message):
    with pytest.raises(dues.SpecError) as exc:
        dues.spec_from_recurring(deadline, start=dt.date(2026, 1, 1))
    assert message in exc.value.message


def test_impossible_day_month_is_a_clear_error():
    with pytest.raises(dues.SpecError, match="31/02 không tồn tại"):
        dues.parse_day_month("31/02", "Đầu kỳ")
    assert dues.parse_day_month("29/02", "x") == {"month": 2, "day": 29}
    with pytest.raises(dues.SpecError, match="ngày/tháng"):
        dues.parse_day_month("15", "x")


def test_every_regime_duty_survives_the_round_trip_through_a_spec():
    for regime in load_all(DATA).values():
        for duty in regime.duties:
            spec = dues.spec_of(duty.due)
            again = dues.due_rule(spec)
            assert dues.spec_of(again) == spec
            start, end = dt.date(2026, 1, 1), dt.date(2028, 12, 31)
            from attt.regimes.rules.schedule import occurrences
            assert dues.schedule(spec, start, end) == occurrences(duty, start, end, {})
