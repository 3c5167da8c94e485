"""The product's clock. Tests and demos may move it; every deadline reads time from here."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

_offset = dt.timedelta(0)


def now() -> dt.datetime:
    return timezone.now() + _offset


def today() -> dt.date:
    return timezone.localdate(now())


def set_offset(delta: dt.timedelta) -> None:
    global _offset
    _offset = delta


def travel_to(day: dt.date) -> None:
    """Make `today()` return `day` (keeps the time of day)."""
    set_offset(dt.timedelta(0))
    set_offset(dt.timedelta(days=(day - today()).days))


@contextmanager
def frozen_at(day: dt.date):
    previous = _offset
    travel_to(day)
    try:
        yield
    finally:
        set_offset(previous)
