"""The test clock lands on a full local datetime; the any-hour mode freezes the whole process."""
import datetime as dt

import pytest
from django.utils import timezone

from attt.core import clock

from ..conftest import LOCAL, TEST_NOW, parse_local


def test_travel_to_a_datetime_lands_on_it_whatever_the_real_hour():
    landed = clock.travel_to(dt.datetime(2026, 9, 1, 0, 30))  # naive: local time
    assert landed.astimezone(LOCAL).replace(microsecond=0) == dt.datetime(2026, 9, 1, 0, 30, tzinfo=LOCAL)
    assert clock.today() == dt.date(2026, 9, 1)
    assert clock.now() - landed < dt.timedelta(seconds=5)  # it runs on
    clock.travel_to(dt.datetime(2026, 8, 31, 17, 30, tzinfo=dt.timezone.utc))
    assert clock.today() == dt.date(2026, 9, 1)


def test_travel_to_a_date_keeps_the_time_of_day():
    before = timezone.localtime(clock.now())
    clock.travel_to(dt.date(2030, 2, 3))
    after = timezone.localtime(clock.now())
    assert after.date() == dt.date(2030, 2, 3)
    assert abs((after.replace(year=2000, month=1, day=1) - before.replace(year=2000, month=1, day=1))
               .total_seconds()) < 5


def test_frozen_at_restores_the_clock():
    with clock.frozen_at(dt.datetime(2027, 12, 31, 23, 30)) as moment:
        assert clock.today() == dt.date(2027, 12, 31) and moment.year == 2027
    assert abs(clock.now() - timezone.now()) < dt.timedelta(seconds=1)


@pytest.mark.django_db
def test_frozen_time_stops_django_and_auto_now(world, frozen_time):
    from attt.orgs.models import Organisation

    frozen_time("2026-11-29 00:30")
    assert timezone.now() == dt.datetime(2026, 11, 28, 17, 30, tzinfo=dt.timezone.utc)
    assert clock.today() == dt.date(2026, 11, 29)
    org = Organisation.objects.get(pk=world.org("province").pk)
    org.name = "Tỉnh Đổi Tên"
    org.save()
    org.refresh_from_db()
    assert timezone.localtime(org.updated_at) == dt.datetime(2026, 11, 29, 0, 30, tzinfo=LOCAL)


def test_the_any_hour_variable_is_read_as_local_time():
    assert parse_local("2026-11-29 00:30") == dt.datetime(2026, 11, 29, 0, 30, tzinfo=LOCAL)
    assert parse_local("31/12/2026 23:30") == dt.datetime(2026, 12, 31, 23, 30, tzinfo=LOCAL)
    with pytest.raises(pytest.UsageError):
        parse_local("tomorrow")


@pytest.mark.skipif(TEST_NOW is None, reason="only under ATTT_TEST_NOW (scripts/test-any-hour)")
def test_under_the_any_hour_variable_every_test_starts_there():
    started = timezone.localtime(timezone.now())
    assert dt.timedelta(0) <= started - TEST_NOW < dt.timedelta(minutes=1)
    assert clock.today() == TEST_NOW.date()
