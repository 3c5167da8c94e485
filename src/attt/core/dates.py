"""Dates for people: the one place that turns stored moments (UTC) into what a page, a document, an
e-mail or a file name shows, always in local time (settings.TIME_ZONE, Asia/Ho_Chi_Minh).

A datetime is converted to local time before its day is taken: a report sent on 29/11 at 05:43 in
Việt Nam (28/11 22:43 UTC) reads "29/11/2026" and "ngày 29 tháng 11 năm 2026", never the UTC day.
A plain date is a calendar day already and is shown as it is.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import clock


def local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in local time (a naive one is taken as local already)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def local_date(value: dt.date | dt.datetime | None = None) -> dt.date:
    """The local calendar day of `value`; today's (by the product clock) when None."""
    if value is None:
        return clock.today()
    if isinstance(value, dt.datetime):
        return local(value).date()
    return value


def day(value: dt.date | dt.datetime | None, empty: str = "") -> str:
    """dd/mm/yyyy of the local day: '29/11/2026'."""
    if value is None:
        return empty
    return local_date(value).strftime("%d/%m/%Y")


def moment(value: dt.datetime | None, empty: str = "") -> str:
    """dd/mm/yyyy hh:mm in local time: '29/11/2026 05:43'."""
    if value is None:
        return empty
    return local(value).strftime("%d/%m/%Y %H:%M")


def time_day(value: dt.datetime | None, empty: str = "") -> str:
    """hh:mm dd/mm/yyyy in local time, as deadlines read: '08:00 04/09/2026'."""
    if value is None:
        return empty
    return local(value).strftime("%H:%M %d/%m/%Y")


def deadline(value: dt.datetime | None, empty: str = "") -> str:
    """A deadline as people read it. A deadline at local midnight is the end of the day before:
    "19/08/2026 (hết ngày)", never "20/08/2026 00:00"; any other moment is dd/mm/yyyy hh:mm."""
    from django.utils.translation import gettext as _

    if value is None:
        return empty
    when = local(value)
    if (when.hour, when.minute, when.second) == (0, 0, 0):
        return _("%(d)s (hết ngày)") % {"d": (when.date() - dt.timedelta(days=1)).strftime("%d/%m/%Y")}
    return when.strftime("%d/%m/%Y %H:%M")


def duration(delta: dt.timedelta | None, empty: str = "") -> str:
    """A duration in words of the active language: '2 ngày 3 giờ' / '2 days 3 hours' (absolute value)."""
    from django.utils.translation import ngettext

    if delta is None:
        return empty
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60

    def part(n, unit):
        if unit == "d":
            words = ngettext("%(n)s ngày", "%(n)s ngày", n)
        elif unit == "h":
            words = ngettext("%(n)s giờ", "%(n)s giờ", n)
        else:
            words = ngettext("%(n)s phút", "%(n)s phút", n)
        return words % {"n": n}

    if days:
        return f"{part(days, 'd')} {part(hours, 'h')}" if hours else part(days, "d")
    if hours:
        return f"{part(hours, 'h')} {part(minutes, 'm')}" if minutes else part(hours, "h")
    return part(minutes, "m")


def legal(value: dt.date | dt.datetime | None = None) -> str:
    """The date of an administrative document (NĐ 30/2020/NĐ-CP): 'ngày 29 tháng 11 năm 2026'.

    NĐ 30/2020 Phụ lục I: a day below 10 and the months 1 and 2 take a leading zero ("ngày 02 tháng
    02", "ngày 10 tháng 9"), so that nobody can add a digit later. None is today.
    """
    d = local_date(value)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_and_date(place: str | None, value: dt.date | dt.datetime | None = None) -> str:
    """'Tuyên Quang, ngày 29 tháng 11 năm 2026' (without a place: 'ngày 29 tháng 11 năm 2026')."""
    text = legal(value)
    return f"{place}, {text}" if place else text


def stamp(value: dt.date | dt.datetime | None = None) -> str:
    """The local day for file names: '2026-11-29'. None is today."""
    return local_date(value).isoformat()
