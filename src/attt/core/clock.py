"""The product's clock. Tests and demos may move it; every deadline reads time from here.

Time is stored in UTC and read here; a day ("today", a legal date) is always the local day in
settings.TIME_ZONE (Asia/Ho_Chi_Minh), never the UTC day.

Moving the clock:
- `travel_to(moment)` with a full datetime lands exactly there (a naive datetime is local time);
  the clock then runs on from that moment.
- `travel_to(day)` with a date keeps the current time of day: such a test says "any hour of that
  day" and must pass at every hour (the any-hour runs of `scripts/test-any-hour` check it).
- `frozen_at(moment)` does the same for the length of a `with` block.
"""
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


def reset() -> None:
    set_offset(dt.timedelta(0))


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive datetime is read as local time (settings.TIME_ZONE); an aware one is kept."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def travel_to(when: dt.date | dt.datetime) -> dt.datetime:
    """Move the clock to `when` and return the new `now()`.

    A datetime is a full moment (naive means local). A date keeps the current local time of day.
    """
    set_offset(dt.timedelta(0))
    if isinstance(when, dt.datetime):
        set_offset(aware(when) - timezone.now())
    else:
        set_offset(dt.timedelta(days=(when - today()).days))
    return now()


@contextmanager
def frozen_at(when: dt.date | dt.datetime):
    """`with clock.frozen_at(moment):` the clock reads `moment` (then runs on) inside the block."""
    previous = _offset
    travel_to(when)
    try:
        yield now()
    finally:
        set_offset(previous)
