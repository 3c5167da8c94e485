import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attt.reporting import periods, rulesdata
from attt.reporting.periods import Period


@given(st.integers(2001, 2099), st.integers(1, 4))
def test_quarters_tile_the_year(year, q):
    p = Period(year, q)
    assert p.start.month == 3 * q - 2 and p.start.day == 1
    assert p.end + dt.timedelta(days=1) == (Period(year, q + 1).start if q < 4 else dt.date(year + 1, 1, 1))
    assert p.unit_due() == dt.date(year, 3 * q, 15)
    assert p.province_due() == dt.date(year, 3 * q, 20)
    assert p.start <= p.unit_due() <= p.end


@given(st.integers(2001, 2099))
def test_annual_window_runs_15_12_to_14_12(year):
    p = Period(year)
    assert (p.start, p.end) == (dt.date(year - 1, 12, 15), dt.date(year, 12, 14))
    assert p.end + dt.timedelta(days=1) == Period(year + 1).start
    assert p.unit_due() == dt.date(year, 12, 15) and p.province_due() == dt.date(year, 12, 25)


@given(st.dates(dt.date(2001, 1, 1), dt.date(2099, 12, 31)))
def test_containing_holds_the_day(day):
    p = periods.containing(day)
    assert p.start <= day <= p.end
    assert periods.parse(p.code) == p


@pytest.mark.parametrize("text", ["", "2025-Q5", "Q3", "abc", "1999", "2025-Q0"])
def test_bad_periods_are_refused_with_a_message(text):
    with pytest.raises(periods.PeriodError, match="không hợp lệ|ngoài khoảng"):
        periods.parse(text)


def test_parse_and_labels():
    assert periods.parse(" 2025 q3 ") == Period(2025, 3)
    assert Period(2025, 3).label() == "quý III năm 2025"
    assert Period(2025).label() == "năm 2025"
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert Period(2026, 1).is_future(dt.date(2025, 12, 31)) and not Period(2025, 4).is_future(dt.date(2025, 12, 31))


def test_budget_share_follows_the_regime_in_force():
    assert rulesdata.regime_on(dt.date(2025, 9, 30)).budget_min_share == 10
    assert rulesdata.regime_on(dt.date(2026, 7, 1)).budget_min_share == 15
    assert "14/CT-TTg" in rulesdata.regime_on(dt.date(2024, 1, 1)).budget_source
