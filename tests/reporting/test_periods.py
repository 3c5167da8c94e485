import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attt.reporting import periods, rulesdata
from attt.reporting.periods import Period

# Due days and the annual window are read from the regime versions in the database.
DB_EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@DB_EXAMPLES
@given(st.integers(2001, 2099), st.integers(1, 4))
def test_quarters_tile_the_year(year, q):
    p = Period(year, q)
    assert p.start.month == 3 * q - 2 and p.start.day == 1
    assert p.end + dt.timedelta(days=1) == (Period(year, q + 1).start if q < 4 else dt.date(year + 1, 1, 1))
    assert p.unit_due() == dt.date(year, 3 * q, 15)
    assert p.province_due() == dt.date(year, 3 * q, 20)
    assert p.start <= p.unit_due() <= p.end


@pytest.mark.django_db
@DB_EXAMPLES
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


@pytest.mark.django_db
def test_budget_share_follows_the_regime_in_force():
    # legacy-nd85: 10% (Chỉ thị 14/CT-TTg); new-nd331 is in force from 19/8/2026: 15%.
    assert rulesdata.regime_on(dt.date(2025, 9, 30)).budget_min_share == 10
    assert rulesdata.regime_on(dt.date(2026, 8, 18)).budget_min_share == 10
    assert rulesdata.regime_on(dt.date(2026, 8, 19)).budget_min_share == 15
    assert "14/CT-TTg" in rulesdata.regime_on(dt.date(2024, 1, 1)).budget_source
    assert rulesdata.regime_on(dt.date(2026, 9, 1)).province_recipient.startswith("Bộ Công an")


@pytest.mark.django_db
def test_rules_come_from_the_stored_regime_version_and_the_province_setting(world):
    """A new regime version with other due days changes the dates; the province's own
    ProvinceSetting (obligations) wins over the regime."""
    from attt.obligations import services as duty_services
    from attt.regimes import rules_engine
    from attt.regimes.models import RegimeVersion

    province = world.org("province")
    assert Period(2025, 3).unit_due(province) == dt.date(2025, 9, 15)
    row = RegimeVersion.objects.get(code=rules_engine.regime_in_force(dt.date(2025, 9, 30)), is_current=True)
    data = dict(row.data)
    data["settings"] = [dict(s, default=18) if s["key"] == "quarterly_report_due_day" else s
                        for s in data["settings"]]
    data["budget_min_share"] = dict(data["budget_min_share"], share=0.12)
    RegimeVersion.objects.filter(pk=row.pk).update(is_current=False)
    RegimeVersion.objects.create(kind=row.kind, code=row.code, version=row.version + 1, name=row.name,
                                 valid_from=row.valid_from, data=data, digest="x" * 64, is_current=True)
    assert Period(2025, 3).unit_due(province) == dt.date(2025, 9, 18)
    assert rulesdata.regime_on(dt.date(2025, 9, 30)).budget_min_share == 12
    duty_services.province_setting_update(actor=None, province=province, quarterly_report_due_day=20,
                                          province_report_due_day=25)
    assert Period(2025, 3).unit_due(province) == dt.date(2025, 9, 20)
    assert Period(2025, 3).province_due(province) == dt.date(2025, 9, 25)
    assert Period(2025, 3).unit_due(world.org("province_q")) == dt.date(2025, 9, 18)
