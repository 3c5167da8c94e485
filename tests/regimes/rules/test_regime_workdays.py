"""Working days and clocks across weekends, Tết and official swaps."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attt.regimes.rules import CalendarRangeError, Clock, RegimeError, WorkCalendar

covered_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2045, 8, 31))


def test_fifteen_working_days_before_tet_2026_land_after_the_holiday(calendar):
    # Thursday 12/02/2026; Tết off 16–20/02 (Monday–Friday) besides the weekends.
    assert calendar.add_working_days(date(2026, 2, 12), 15) == date(2026, 3, 12)
    plain = WorkCalendar(holidays=frozenset(), extra_workdays=frozenset(), years=calendar.years)
    assert plain.add_working_days(date(2026, 2, 12), 15) == date(2026, 3, 5)


def test_five_working_days_across_tet_2025_and_its_make_up_saturday(calendar):
    # Friday 24/01/2025; off 27–31/01; Saturday 08/02 is a make-up working day.
    assert calendar.add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)
    assert calendar.add_working_days(date(2025, 1, 24), 6) == date(2025, 2, 8)
    assert calendar.is_working_day(date(2025, 2, 8))
    assert not calendar.is_working_day(date(2025, 2, 9))


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2024, 1, 1), False),
        (date(2024, 4, 29), False),  # swapped day off
        (date(2024, 5, 4), True),  # the Saturday that makes it up
        (date(2025, 4, 7), False),  # Giỗ Tổ Hùng Vương
        (date(2026, 4, 27), False),  # Giỗ Tổ on a Sunday, made up on Monday
        (date(2026, 9, 2), False),
        (date(2026, 9, 4), True),
        (date(2027, 2, 10), False),  # computed compensatory Tết day
        (date(2026, 11, 21), False),  # an ordinary Saturday
    ],
)
def test_known_days(calendar, day, working):
    assert calendar.is_working_day(day) is working


def test_weekend_start_counts_from_the_next_working_day(calendar):
    assert calendar.add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)
    assert calendar.add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 21)


def test_negative_counts_are_refused(calendar):
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 1, 5), -1)


def test_without_a_statutory_layer_years_without_data_are_refused_not_guessed(calendar):
    curated_only = WorkCalendar(calendar.holidays, calendar.extra_workdays, calendar.years)
    with pytest.raises(CalendarRangeError, match="2030"):
        curated_only.is_working_day(date(2030, 1, 2))
    lenient = WorkCalendar(calendar.holidays, calendar.extra_workdays, calendar.years, strict=False)
    assert lenient.is_working_day(date(2030, 1, 2))


def test_the_statutory_layer_answers_any_year_with_tet_by_the_lunar_calendar(calendar):
    assert calendar.covers(2030) and calendar.covers(2099)
    # Tết Canh Tuất: mùng 1 is Saturday 02/02/2030; the weekdays around it are off.
    tet_2030 = [d for d in (date(2030, 1, 31), date(2030, 2, 1), date(2030, 2, 4), date(2030, 2, 5), date(2030, 2, 6))]
    assert not any(calendar.is_working_day(d) for d in tet_2030)
    assert calendar.is_working_day(date(2030, 2, 7)) and calendar.is_working_day(date(2030, 1, 30))
    names = {h.date: h.name_vi for h in calendar.holidays_of(2030)}
    assert "Tết Nguyên Đán" in names[date(2030, 2, 2)]
    # Giỗ Tổ Hùng Vương (10/3 âm lịch) moves with the moon: 12/04/2030, 01/04/2031.
    assert not calendar.is_working_day(date(2030, 4, 12)) and not calendar.is_working_day(date(2031, 4, 1))


def test_national_day_2031_and_its_adjacent_day(calendar):
    # 2/9/2031 is a Tuesday; the adjacent day off is Monday 1/9 (Điều 112 khoản 1 điểm đ).
    assert not calendar.is_working_day(date(2031, 9, 2)) and not calendar.is_working_day(date(2031, 9, 1))
    assert calendar.is_working_day(date(2031, 9, 3))
    assert calendar.add_working_days(date(2031, 8, 29), 1) == date(2031, 9, 3)


def test_a_fifteen_working_day_clock_from_mid_december_2027_runs_into_2028(calendar):
    # Wednesday 15/12/2027; 1/1/2028 is a Saturday, made up on Monday 3/1/2028.
    due = calendar.due_date(date(2027, 12, 15), Clock(kind="working", days=15))
    assert due == date(2028, 1, 6)
    assert not calendar.is_working_day(date(2028, 1, 3))
    assert calendar.working_days_between(date(2027, 12, 15), due) == 15


def test_curated_data_is_layered_on_the_statutory_days():
    data = {"statutory": {"package": "holidays", "country": "VN"}, "years": {2030: {
        "source": "thông báo thử nghiệm",
        "holidays": [{"date": date(2030, 1, 30), "name_vi": "Nghỉ hoán đổi"}],
        "workdays_extra": [{"date": date(2030, 2, 9)}],
        "not_holidays": [{"date": date(2030, 1, 31)}]}}}
    cal = WorkCalendar.from_yaml(data)
    assert not cal.is_working_day(date(2030, 1, 30))  # a curated swap day off
    assert cal.is_working_day(date(2030, 1, 31))  # withdrawn from the package's list
    assert cal.is_working_day(date(2030, 2, 9))  # a make-up Saturday
    assert not cal.is_working_day(date(2030, 2, 1))  # the package's Tết days stay
    assert date(2030, 2, 9) in cal.workdays_extra_of(2030)
    with pytest.raises(RegimeError, match="statutory"):
        WorkCalendar.from_yaml({"statutory": {"package": "holidays", "country": "ZZ"}, "years": {}})
    with pytest.raises(RegimeError, match="statutory"):
        WorkCalendar.from_yaml({"statutory": "VN", "years": {}})


@pytest.mark.parametrize(
    "clock, start, due",
    [
        (Clock(kind="working", days=15), date(2026, 2, 12), date(2026, 3, 12)),
        (Clock(kind="calendar", days=15), date(2026, 2, 12), date(2026, 2, 27)),
        ({"days": 5, "kind": "working"}, date(2026, 4, 24), date(2026, 5, 6)),  # Giỗ Tổ, 30/4, 1/5
        ({"days": 25, "kind": "working"}, datetime(2026, 8, 19, 16, 30), date(2026, 9, 25)),  # Quốc khánh
    ],
)
def test_due_date_for_day_clocks(calendar, clock, start, due):
    assert calendar.due_date(start, clock) == due


def test_calendar_clock_can_roll_past_a_day_off(calendar):
    # 30 calendar days from 17/01/2026 is Monday 16/02, the eve of Tết: rolled to Monday 23/02.
    assert calendar.due_date(date(2026, 1, 17), {"days": 30, "kind": "calendar"}) == date(2026, 2, 16)
    rolled = calendar.due_date(date(2026, 1, 17), {"days": 30, "kind": "calendar"}, roll_forward=True)
    assert rolled == date(2026, 2, 23)


def test_hours_clocks_count_elapsed_time(calendar):
    detected = datetime(2026, 2, 15, 22, 0)
    assert calendar.due_date(detected, {"hours": 72, "kind": "calendar"}) == datetime(2026, 2, 18, 22, 0)
    with pytest.raises(ValueError, match="datetime"):
        calendar.due_date(date(2026, 2, 15), {"hours": 24, "kind": "calendar"})
    with pytest.raises(ValueError):
        calendar.due_date(detected, {"hours": 24, "kind": "working"})


@given(covered_days, st.integers(min_value=1, max_value=60))
def test_result_is_a_working_day_with_exactly_n_working_days_skipped(start, n):
    cal = _calendar()
    due = cal.add_working_days(start, n)
    assert cal.is_working_day(due)
    assert cal.working_days_between(start, due) == n
    assert due > start


@given(covered_days, st.integers(min_value=0, max_value=60))
def test_monotonic_in_n(start, n):
    cal = _calendar()
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@given(covered_days, covered_days, st.integers(min_value=0, max_value=30))
def test_monotonic_in_start(a, b, n):
    cal = _calendar()
    early, late = min(a, b), max(a, b)
    assert cal.add_working_days(early, n) <= cal.add_working_days(late, n)


@given(covered_days)
def test_next_working_day_is_the_first_working_day(day):
    cal = _calendar()
    found = cal.next_working_day(day)
    assert cal.is_working_day(found)
    assert all(not cal.is_working_day(day + timedelta(days=i)) for i in range((found - day).days))


def test_tet_lasts_at_least_five_weekdays_off_each_year(calendar):
    tet = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6)}
    for year, first_day in tet.items():
        window = [first_day + timedelta(days=i) for i in range(-7, 8)]
        weekdays_off = [d for d in window if d.isoweekday() <= 5 and not calendar.is_working_day(d)]
        assert len(weekdays_off) >= 4, year


@pytest.mark.parametrize(
    "data, message",
    [
        ({"years": {}}, "years"),
        ({"years": {2026: {"holidays": []}}}, "source"),
        ({"years": {2026: {"source": "x", "holidays": [{"date": "2026-01-01"}]}}}, "date"),
        ({"years": {2026: {"source": "x", "holidays": [{"date": date(2025, 1, 1)}]}}}, "filed under 2026"),
        (
            {"years": {2026: {"source": "x", "workdays_extra": [{"date": date(2026, 1, 5)}]}}},
            "not a weekend day",
        ),
        ({"weekend": [0], "years": {2026: {"source": "x"}}}, "weekend"),
    ],
)
def test_malformed_calendars_are_refused(data, message):
    with pytest.raises(RegimeError, match=message):
        WorkCalendar.from_yaml(data)


_CACHE: dict[str, WorkCalendar] = {}


def _calendar() -> WorkCalendar:
    # hypothesis tests cannot use function-scoped fixtures; load the data file once.
    if "cal" not in _CACHE:
        data = Path(__file__).resolve().parents[3] / "src" / "attt" / "regimes" / "data"
        _CACHE["cal"] = WorkCalendar.from_yaml(data / "holidays-vn.yaml")
    return _CACHE["cal"]
