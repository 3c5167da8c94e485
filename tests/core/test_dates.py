"""One helper formats dates for people, in local time (Asia/Ho_Chi_Minh)."""
import datetime as dt

import pytest
from django.utils import timezone

from attt.core import clock, dates

UTC = dt.timezone.utc


def test_a_moment_is_shown_on_its_local_day():
    sent = dt.datetime(2026, 11, 28, 22, 43, tzinfo=UTC)  # 29/11 05:43 in Việt Nam
    assert dates.day(sent) == "29/11/2026"
    assert dates.moment(sent) == "29/11/2026 05:43"
    assert dates.time_day(sent) == "05:43 29/11/2026"
    assert dates.legal(sent) == "ngày 29 tháng 11 năm 2026"
    assert dates.place_and_date("Tuyên Quang", sent) == "Tuyên Quang, ngày 29 tháng 11 năm 2026"
    assert dates.stamp(sent) == "2026-11-29"


def test_a_plain_date_is_kept_and_none_is_empty_or_today():
    assert dates.day(dt.date(2026, 1, 5)) == "05/01/2026"
    assert dates.legal(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert dates.day(None) == "" and dates.day(None, "—") == "—" and dates.moment(None) == ""
    assert dates.place_and_date("", dt.date(2026, 3, 2)) == "ngày 02 tháng 3 năm 2026"


@pytest.mark.django_db
def test_none_is_today_by_the_product_clock_at_half_past_midnight(frozen_time):
    frozen_time("2026-12-31 23:30")
    assert dates.legal() == "ngày 31 tháng 12 năm 2026" and dates.stamp() == "2026-12-31"
    frozen_time("2027-01-01 00:30")  # 31/12 17:30 UTC
    assert timezone.now().date() == dt.date(2026, 12, 31)
    assert dates.legal() == "ngày 01 tháng 01 năm 2027" and clock.today() == dt.date(2027, 1, 1)


def test_legal_dates_pad_days_below_ten_and_only_the_months_january_and_february():
    """NĐ 30/2020 Phụ lục I: "ngày 05 tháng 02", but "tháng 9" and "tháng 11"."""
    assert dates.legal(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert dates.legal(dt.date(2026, 1, 31)) == "ngày 31 tháng 01 năm 2026"
    assert dates.legal(dt.date(2026, 9, 10)) == "ngày 10 tháng 9 năm 2026"
    assert dates.legal(dt.date(2026, 11, 29)) == "ngày 29 tháng 11 năm 2026"
