"""The legal clocks: pure functions over the regime's clocks, across day boundaries and working
days; and read from the regimes module (current version), so that amending a regime changes them."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attt.incidents import clocks, regime
from attt.regimes import services as regime_services
from attt.regimes.rules import Clock, IncidentClock, WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def states(code, *, detected, now, conditions=(), **events):
    regimes = regime.Regimes()
    return {c.id: c for c in clocks.evaluate(clocks=regimes.clocks(code), events={"detected": detected, **events},
                                             conditions=set(conditions), now=now, tz=TZ,
                                             calendar=regimes.calendar)}


def test_regime_follows_the_detection_date_from_the_regimes_data():
    assert regime.regime_for(dt.date(2026, 8, 18)) == "legacy-nd85"
    assert regime.regime_for(dt.date(2026, 8, 19)) == "new-nd331"
    assert regime.regime_for(dt.date(2010, 1, 1)) == "legacy-nd85"  # before every regime: the oldest


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
    assert serious["serious-initial-notice"].due == at(2026, 9, 2, 8)
    assert serious["serious-initial-notice"].state == "overdue"
    assert serious["report"].state == "running"


def test_notified_in_time_is_met_and_late_is_met_late():
    met = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 10), notified=at(2026, 9, 3, 8))
    assert met["report"].state == "met"
    late = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 10), notified=at(2026, 9, 5, 8))
    assert late["report"].state == "met_late"


def test_legacy_closing_report_clock_waits_for_the_end_of_the_response_beyond_capacity():
    # The regime data: the closing report (form 04) is due when the incident was beyond capacity.
    assert "closing-report" not in states("legacy-nd85", detected=at(2026, 3, 2), now=at(2026, 3, 20))
    waiting = states("legacy-nd85", detected=at(2026, 3, 2), now=at(2026, 3, 20),
                     conditions={"beyond_capacity"})["closing-report"]
    assert waiting.state == "waiting" and waiting.due is None and waiting.met_by == "closed"
    running = states("legacy-nd85", detected=at(2026, 3, 2), now=at(2026, 3, 20), conditions={"beyond_capacity"},
                     response_ended=at(2026, 3, 18, 17))["closing-report"]
    assert running.due == at(2026, 3, 24) and running.state == "running"


def test_working_day_clock_uses_the_calendar():
    holidays = WorkCalendar(holidays=frozenset({dt.date(2026, 4, 30), dt.date(2026, 5, 1)}),
                            extra_workdays=frozenset(), years=frozenset(), strict=False)
    three = Clock(kind="working", days=3)
    # Wednesday 29/4/2026: Thu 30/4 and Fri 1/5 are holidays, Sat-Sun weekend: Mon 4, Tue 5, Wed 6.
    assert clocks.due_at(at(2026, 4, 29, 16), three, tz=TZ, calendar=holidays) == at(2026, 5, 7)
    # Friday evening: Monday, Tuesday, Wednesday.
    assert clocks.due_at(at(2026, 3, 6, 18), three, tz=TZ) == at(2026, 3, 12)
    # the regimes' calendar knows the public holidays (30/4 and 1/5 are days off every year)
    assert clocks.due_at(at(2026, 4, 29, 16), three, tz=TZ, calendar=regime.Regimes().calendar) > at(2026, 5, 4)


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)), st.integers(1, 10))
def test_calendar_day_clock_ends_at_a_midnight_within_n_to_n_plus_one_days(start, days):
    start = start.replace(tzinfo=TZ)
    due = clocks.due_at(start, Clock(kind="calendar", days=days), tz=TZ)
    assert (due.hour, due.minute) == (0, 0)
    assert dt.timedelta(days=days) < due - start <= dt.timedelta(days=days + 1)


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)), st.integers(1, 15))
def test_working_day_clock_ends_at_midnight_after_a_working_day(start, days):
    start = start.replace(tzinfo=TZ)
    due = clocks.due_at(start, Clock(kind="working", days=days), tz=TZ)
    last = (due - dt.timedelta(minutes=1)).date()
    assert (due.hour, due.minute) == (0, 0) and last.isoweekday() <= 5
    counted = sum(1 for i in range(1, (last - start.date()).days + 1)
                  if (start.date() + dt.timedelta(days=i)).isoweekday() <= 5)
    assert counted == days


def test_met_by_is_data_of_the_incidents_module():
    closing = IncidentClock("x", "t", "t", Clock(kind="calendar", days=5), "response_ended", "any", "")
    notify = IncidentClock("y", "t", "t", Clock(kind="calendar", days=5), "detected", "any", "")
    assert clocks.met_by(closing) == "closed" and clocks.met_by(notify) == "notified"


def test_serious_rule_is_the_regimes_one():
    # level 4-5 or critical system, at least one consequence, and the owner cannot handle it
    assert regime.assess("new-nd331", {"secret_leak", "owner_cannot_handle"}, system_level=4)
    assert not regime.assess("new-nd331", {"secret_leak", "owner_cannot_handle"}, system_level=3)
    assert regime.assess("new-nd331", {"critical_system", "secret_leak", "owner_cannot_handle"}, system_level=None)
    assert not regime.assess("new-nd331", {"secret_leak"}, system_level=5)  # the owner can handle it
    assert not regime.assess("new-nd331", {"owner_cannot_handle"}, system_level=5)  # no consequence
    assert not regime.assess("new-nd331", {"national_security", "owner_cannot_handle"}, system_level=5)
    ids = [c.id for c in regime.checklist("legacy-nd85")]
    assert {"critical_system", "outage", "cascading", "owner_cannot_handle", "national_security"} <= set(ids)


def test_amending_the_regime_changes_the_clock_of_an_incident(world):
    admin = world.users["admin"]
    before = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 1, 9))["report"]
    assert before.due == at(2026, 9, 4, 8)
    text = """
- {id: report, hours: 48, kind: calendar, from_event: detected, applies_when: any,
   title_vi: Báo cáo trong 48 giờ, title_en: Report within 48 hours, source: sửa đổi thử}
- {id: serious-initial-notice, hours: 12, kind: calendar, from_event: detected, applies_when: serious,
   title_vi: Thông báo ban đầu về sự cố nghiêm trọng, title_en: Initial notice, source: sửa đổi thử}
"""
    regime_services.regime_amend(actor=admin, code="new-nd331", section="incident_clocks", text=text,
                                 note="Thử sửa thời hạn")
    after = states("new-nd331", detected=at(2026, 9, 1, 8), now=at(2026, 9, 1, 9), conditions={"serious"})
    assert after["report"].due == at(2026, 9, 3, 8) and after["report"].title == "Báo cáo trong 48 giờ"
    assert after["serious-initial-notice"].due == at(2026, 9, 1, 20)


def test_humanise():
    assert clocks.humanise(dt.timedelta(days=2, hours=3)) == "2 ngày 3 giờ"
    assert clocks.humanise(dt.timedelta(hours=-5, minutes=-10)) == "5 giờ 10 phút"
    assert clocks.humanise(dt.timedelta(minutes=12)) == "12 phút"
