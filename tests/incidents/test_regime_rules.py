"""Incidents read their clocks and serious-incident criteria from the regimes module."""
import datetime as dt

import pytest

from attt.core import clock
from attt.incidents import selectors, services
from attt.regimes import services as regime_services

from .factories import make_incident, make_system

pytestmark = pytest.mark.django_db


VN = dt.timezone(dt.timedelta(hours=7))
DETECTED = dt.datetime(2026, 9, 1, 8, 30, tzinfo=VN)  # the new regime (from 19/8/2026)


@pytest.fixture
def new_regime_day():
    clock.travel_to(dt.date(2026, 9, 2))
    yield
    clock.set_offset(dt.timedelta(0))


def _due(incident, clock_id):
    return {c.id: c for c in selectors.incident_clocks(incident)}[clock_id].due


def test_amending_the_regime_changes_an_incidents_due_time(world, new_regime_day):
    incident = make_incident(world, detected_at=DETECTED)
    assert incident.regime_code == "new-nd331"
    assert _due(incident, "report") - incident.detected_at == dt.timedelta(hours=72)
    text = """
- {id: report, hours: 36, kind: calendar, from_event: detected, applies_when: any,
   title_vi: Báo cáo trong 36 giờ, title_en: Report within 36 hours, source: sửa đổi thử}
- {id: serious-initial-notice, hours: 24, kind: calendar, from_event: detected, applies_when: serious,
   title_vi: Thông báo ban đầu về sự cố nghiêm trọng, title_en: Initial notice, source: sửa đổi thử}
"""
    regime_services.regime_amend(actor=world.users["admin"], code="new-nd331", section="incident_clocks", text=text)
    assert _due(incident, "report") - incident.detected_at == dt.timedelta(hours=36)


def test_serious_uses_the_level_of_the_systems_hit_and_gets_the_24_hour_clock(world, new_regime_day):
    sp = world.users["specialist"]
    low = make_incident(world, detected_at=DETECTED,
                        systems=[make_system(world, "commune_a", "Cổng xã", level=2)])
    services.incident_decide_serious(actor=sp, incident=low, facts={"outage", "owner_cannot_handle"})
    low.refresh_from_db()
    assert low.serious is False and "serious-initial-notice" not in {c.id for c in selectors.incident_clocks(low)}
    high = make_incident(world, detected_at=DETECTED,
                         systems=[make_system(world, "commune_a", "Hệ thống cấp 4", level=4)])
    services.incident_decide_serious(actor=sp, incident=high, facts={"outage", "owner_cannot_handle"})
    high.refresh_from_db()
    assert high.serious is True
    assert _due(high, "serious-initial-notice") - high.detected_at == dt.timedelta(hours=24)
    assert _due(high, "report") - high.detected_at == dt.timedelta(hours=72)


def test_legacy_regime_gives_five_days(world):
    clock.travel_to(dt.date(2026, 3, 7))
    try:
        incident = make_incident(world, detected_at=dt.datetime(2026, 3, 6, 23, 50, tzinfo=VN))
        assert incident.regime_code == "legacy-nd85"
        assert _due(incident, "notify") == dt.datetime(2026, 3, 12, tzinfo=VN)  # end of 11/3
    finally:
        clock.set_offset(dt.timedelta(0))


def test_unknown_criteria_are_refused(world, new_regime_day):
    from attt.core.errors import DomainError

    incident = make_incident(world, detected_at=DETECTED)
    with pytest.raises(DomainError, match="Tiêu chí không hợp lệ"):
        services.incident_decide_serious(actor=world.users["specialist"], incident=incident,
                                         facts={"high_level_outage"})
