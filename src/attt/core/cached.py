"""Figures kept in the shared cache until the data they count changes.

The key holds the head of the audit chain: every write made through a service appends an audit
event in its transaction, so any change gives a new key and the next reader computes afresh; what
a user reads after their own change is never the figure from before it. The head is read once per
request (`audit.RequestInfo.memo`) and again after the request itself records an event. The key
also holds the language and the local day (overdue counts turn at midnight), and the TTL bounds
what a write outside the services (a command, a restore) may leave stale.

Used for the aggregates of the home cards and the province dashboard: counts over a province's
rows that cost tens of milliseconds each and are read on every visit.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from . import audit, clock

T = TypeVar("T")
TTL = 300
_MISSING = object()


def per_request(name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request (each call outside a request computes). A request that records
    an audit event forgets what it read (`audit.record`), so it reads its own writes."""
    info = audit.current_request.get()
    if info is None:
        return compute()
    if name not in info.memo:
        info.memo[name] = compute()
    return info.memo[name]


def data_version() -> str:
    """The audit chain's head ("<seq>:<hash>"), read once per request."""
    from .models import AuditHead

    def head() -> str:
        row = AuditHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first() or (0, "")
        return f"{row[0]}:{row[1]}"

    return per_request("data_version", head)


def key(name: str, *parts) -> str:
    raw = "|".join(str(p) for p in (name, get_language(), clock.today(), data_version(), *parts))
    return f"attt:figures:{name}:" + hashlib.sha256(raw.encode()).hexdigest()


def figures(name: str, parts: tuple, compute: Callable[[], T], ttl: int = TTL) -> T:
    """`compute()`, or what it gave for the same `name` and `parts` since the data last changed.
    `parts` name everything else the result depends on (the user, the period...)."""
    k = key(name, *parts)
    value = cache.get(k, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(k, value, ttl)
    return value
