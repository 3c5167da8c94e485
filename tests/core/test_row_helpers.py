"""The list rows' fast helpers print exactly what Django's own did: `row_url` as `reverse`,
`day` / `moment` as `date:"SHORT_DATE_FORMAT"` / `"SHORT_DATETIME_FORMAT"` in both languages,
`clip` as `truncatechars`."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from attt.core.links import row_url
from attt.core.templatetags.attt_dates import day, moment
from attt.core.templatetags.attt_text import clip

ROUTES = ["incidents:detail", "directives:assignment", "obligations:occurrence", "systems:dossier"]


@pytest.mark.parametrize("prefix", ["/", "/attt/"])
def test_row_url_is_reverse(prefix):
    set_script_prefix(prefix)
    try:
        for name in ROUTES:
            for pk in (1, 7, 918273645, 2**40):
                assert row_url(name, pk) == reverse(name, args=[pk])
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_day_and_moment_print_what_the_date_filter_printed(language):
    moments = [dt.datetime(2026, 12, 31, 16, 59, tzinfo=dt.UTC), dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC),
               dt.datetime(2027, 2, 28, 23, 30, tzinfo=dt.UTC)]  # 23:59 and 00:00 on 1/1 in Hà Nội
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        for value in (dt.date(2026, 1, 5), dt.date(2027, 12, 31)):
            assert day(value) == date_filter(value, "SHORT_DATE_FORMAT")
        for value in moments:  # a template gives the date filter local time (expects_localtime)
            assert moment(value) == date_filter(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
            assert day(value) == date_filter(timezone.localtime(value), "SHORT_DATE_FORMAT")
        assert day(None) == date_filter(None, "SHORT_DATE_FORMAT") == ""
    assert [day(m) for m in moments] == ["31/12/2026", "01/01/2027", "01/03/2027"]


def test_clip_is_truncatechars():
    decomposed = unicodedata.normalize("NFD", "Nhiệm vụ bảo đảm an toàn thông tin")
    for text in ("", "ngắn", "x" * 40, "y" * 41, "Rà soát, đánh giá " * 10, decomposed, decomposed * 3):
        for length in (1, 40, 140):
            assert clip(text, length) == truncatechars(text, length), (text, length)
    assert clip(None, 10) == ""
