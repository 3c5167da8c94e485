"""The legal clocks: pure functions, across day boundaries, working days and both regimes."""
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from attt.incidents import clocks

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def states(regime, *, detected, now, conditions=(), **events):
    return {c.id: c for c in clocks.evaluate(regime=regime, events={"detected": detected, **events},
                                             conditions=set(conditions), now=now, tz=TZ)}


def test_regime_follows_the_detection_date_from_data():
    assert clocks.regime_for(dt.date(2026, 8, 18)) == "legacy-nd85"
    assert clocks.regime_for(dt.date(2026, 8, 19)) == "new-nd331"
    assert clocks.regime_for(dt.date(2010, 1, 1)) == "legacy-nd85"  # before every regime: the oldest


def test_legacy_five_days_end_at_midnight_of_the_fifth_day_after():
    # Detected at 23:50 on Friday 6/3/2026: five calendar days run to the end of Wednesday 11/3.
    c = states("legacy-nd85", detected=at(2026, 3, 6, 23, 50), now=at(2026, 3, 11, 23, 59))["notify"]
    assert c.due == at(2026, 3, 12)
    assert c.state == "due_soon"
    late = states("legacy-nd85", detected=at(2026, 3, 6, 23, 50), now=at(2026, 3, 12, 0, 1))["notify"]
    assert late.state == "overdue"


def test_a_detection_just_after_midnight_gets_a_day_less_than_just_before():
    before = states("legacy-nd85", detected=at(2026, 3, 6, 23, 59), now=at(2026, 3, 7))["notify"].due
    after = states("legacy-nd85", detected=at(2026, 3, 7, 0, 1), now=at(2026, 3, 7))["notify"].due
    assert after - before == dt.timedelta(days=1)


def test_new_regime_72_hours_run_on_the_clock_across_days():
    c = states("new-nd331", detected=at(2026, 9, 1, 22, 15), now=at(2026, 9, 4, 22, 14))["report"]
    assert c.due == at(2026, 9, 4, 22, 15)
    assert c.state == "due_soon" and c.remaining == dt.timedelta(minutes=1)
    assert states("new-nd331", detected=at(2026, 9, 1, 22, 15), now=at(2026, 9, 4, 22, 16))["report"].state == "overdue"


def test_serious_incidents_get_the_24_hour_clock_only_when_serious():
    plain = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 1, 9))
    assert "serious-initial-notice" not in plain
    serious = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 2, 9), conditions={"serious"})
    assert serious["serious-initial-notice"].state == "overdue"
    assert serious["report"].state == "running"


def test_notified_in_time_is_met_and_late_is_met_late():
    met = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 10), notified=at(2026, 9, 3, 8))
    assert met["report"].state == "met"
    late = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 10), notified=at(2026, 9, 5, 8))
    assert late["report"].state == "met_late"


def test_closing_report_clock_waits_for_the_end_of_the_response():
    waiting = states("legacy-nd85", detected=at(2026, 3, 2), now=at(2026, 3, 20))["closing-report"]
    assert waiting.state == "waiting" and waiting.due is None
    running = states("legacy-nd85", detected=at(2026, 3, 2), now=at(2026, 3, 20),
                     response_ended=at(2026, 3, 18, 17))["closing-report"]
    assert running.due == at(2026, 3, 24) and running.state == "running"


def test_working_day_clock_skips_weekends_and_holidays():
    holidays = {dt.date(2026, 4, 30), dt.date(2026, 5, 1)}
    clock = {"id": "x", "days": 3, "kind": "working"}
    # Wednesday 29/4/2026: Thu 30/4 and Fri 1/5 are holidays, Sat-Sun weekend: Mon 4, Tue 5, Wed 6.
    assert clocks.due_at(at(2026, 4, 29, 16), clock, tz=TZ, holiday_set=holidays) == at(2026, 5, 7)
    # Friday evening: Monday, Tuesday, Wednesday.
    assert clocks.due_at(at(2026, 3, 6, 18), clock, tz=TZ) == at(2026, 3, 12)


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)), st.integers(0, 30))
def test_working_days_land_on_a_working_day_and_count_exactly(start, n):
    end = clocks.add_working_days(start, n)
    if n:
        assert clocks.is_working_day(end)
    counted = sum(1 for i in range(1, (end - start).days + 1)
                  if clocks.is_working_day(start + dt.timedelta(days=i)))
    assert counted == n


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)), st.integers(1, 10))
def test_calendar_day_clock_ends_at_a_midnight_within_n_to_n_plus_one_days(start, days):
    start = start.replace(tzinfo=TZ)
    due = clocks.due_at(start, {"days": days, "kind": "calendar"}, tz=TZ)
    assert (due.hour, due.minute) == (0, 0)
    assert dt.timedelta(days=days) < due - start <= dt.timedelta(days=days + 1)


def test_serious_rule_is_data_impact_and_owner_cannot_handle():
    assert clocks.is_serious({"secret_leak", "owner_cannot_handle"})
    assert not clocks.is_serious({"secret_leak"})  # the owner can handle it
    assert not clocks.is_serious({"owner_cannot_handle"})  # no impact criterion
    assert not clocks.is_serious({"national_security", "owner_cannot_handle"})  # a flag, not an impact


def test_humanise():
    assert clocks.humanise(dt.timedelta(days=2, hours=3)) == "2 ngày 3 giờ"
    assert clocks.humanise(dt.timedelta(hours=-5, minutes=-10)) == "5 giờ 10 phút"
    assert clocks.humanise(dt.timedelta(minutes=12)) == "12 phút"
