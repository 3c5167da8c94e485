"""The Django side of regimes: loading the shipped files (idempotent), versions, amendments
validated by the pure loader, and the calendar used by every working-day clock."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from attt.core.errors import DomainError
from attt.regimes import rules_engine, services, store
from attt.regimes.models import RegimeVersion


def test_load_is_idempotent(db):
    services.load_regimes()
    before = RegimeVersion.objects.count()
    assert services.load_regimes() == []
    assert RegimeVersion.objects.count() == before
    codes = set(RegimeVersion.objects.filter(is_current=True).values_list("code", flat=True))
    assert {"legacy-nd85", "new-nd331", "vn-public-service"} <= codes


def test_json_round_trip_gives_the_loader_what_yaml_said(db):
    version = RegimeVersion.objects.get(code="legacy-nd85", is_current=True)
    regime = rules_engine.regime("legacy-nd85")
    assert regime.valid_from == dt.date(2016, 7, 1)
    assert regime.authority[3].appraisal_clock.days == 15
    assert store.from_json(store.to_json({1: dt.date(2026, 1, 1)})) == {1: dt.date(2026, 1, 1)}
    assert isinstance(version.data["valid_from"], str)


def test_amend_makes_a_new_version_and_keeps_the_old(world):
    admin = world.users["admin"]
    text = store.dump_yaml(store.from_json(RegimeVersion.objects.get(code="new-nd331", is_current=True).data)["authority"])
    text = text.replace("days: 15", "days: 20", 1)
    version = services.regime_amend(actor=admin, code="new-nd331", section="authority", text=text, note="Thử")
    assert version.version == 2 and version.is_current
    assert RegimeVersion.objects.filter(code="new-nd331").count() == 2
    assert rules_engine.regime("new-nd331").authority[3].appraisal_clock.days == 20
    assert rules_engine.regime("new-nd331", version=1).authority[3].appraisal_clock.days == 15


def test_bad_edit_gives_the_loaders_message_and_saves_nothing(world):
    admin = world.users["admin"]
    with pytest.raises(DomainError, match="level must be 1..5"):
        services.regime_amend(actor=admin, code="new-nd331", section="level_criteria",
                              text="- {id: x, level: 9, when: {fact: handles_admin_procedures, is: true}, "
                                   "text_vi: a, text_en: b, source: c}")
    with pytest.raises(DomainError, match="YAML"):
        services.regime_amend(actor=admin, code="new-nd331", section="authority", text="[unclosed")
    assert RegimeVersion.objects.filter(code="new-nd331").count() == 1
    with pytest.raises(PermissionDenied):
        services.regime_amend(actor=world.users["unit_officer"], code="new-nd331", section="authority", text="[]")


def test_amend_page_shows_the_error(world, client_for):
    client = client_for("specialist")
    url = "/systems/regimes/new-nd331/amend/?section=authority"
    assert "appraiser" in client.get(url).content.decode()
    response = client.post(url, {"section": "authority", "text": "- levels: [1]\n", "note": "sai"})
    assert response.status_code == 200 and "Dữ liệu không hợp lệ" in response.content.decode()


def test_calendar_skips_tet_and_weekends(db):
    cal = rules_engine.calendar()
    # Tết Bính Ngọ 2026 (mùng 1 = 17/02): the public service is off around it.
    assert not cal.is_working_day(dt.date(2026, 2, 17))
    assert not cal.is_working_day(dt.date(2026, 2, 18))
    assert cal.add_working_days(dt.date(2026, 2, 13), 1) > dt.date(2026, 2, 20)
    assert cal.add_working_days(dt.date(2026, 3, 6), 1) == dt.date(2026, 3, 9)  # Friday → Monday


def test_the_stored_calendar_knows_any_year_and_its_page_shows_it(client_for):
    cal = rules_engine.calendar()
    # A 15-working-day clock started mid-December 2027 used to raise CalendarRangeError (data to 2027 only).
    assert cal.add_working_days(dt.date(2027, 12, 15), 15) == dt.date(2028, 1, 6)
    assert not cal.is_working_day(dt.date(2030, 2, 4))  # Tết 2030
    page = client_for("specialist").get(reverse("systems:regimes:calendar") + "?year=2030")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tết Nguyên Đán" in text and "02/02/2030" in text and "Giỗ Tổ Hùng Vương" in text
