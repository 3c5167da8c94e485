"""One submission per form, whatever the double-click or the repeated post.

A form carries a fresh token (`{% load attt_once %}{% once_token %}` renders the hidden field; the
page's script also disables the submit button once pressed). The view claims the token before it
writes: the first post wins; a repeat of the same post gets the first one's result (the page it
led to, the tracking code it received) instead of a second record or a confusing "already
exists" error. The claim lives in the shared cache (Redis in production), so it holds across web
processes; a failed attempt releases its token so the person can correct the form and send again.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import time

from django.core.cache import cache

FIELD = "submit_token"
TTL = 24 * 3600
_VALID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PENDING = "…"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim(request, scope: str) -> tuple[bool, str | None, str]:
    """(first, key, earlier_result). A post without a (valid) token is always first, with no key."""
    token = request.POST.get(FIELD) or ""
    if not _VALID.match(token):
        return True, None, ""
    key = "once:" + hashlib.sha256(f"{scope}|{token}".encode()).hexdigest()[:40]
    if cache.add(key, PENDING, timeout=TTL):
        return True, key, ""
    deadline = time.monotonic() + 5.0  # the first post may still be writing: wait for its result
    value = cache.get(key) or ""
    while value == PENDING and time.monotonic() < deadline:
        time.sleep(0.1)
        value = cache.get(key) or ""
    return False, key, "" if value == PENDING else value


def remember(key: str | None, result: str) -> None:
    if key:
        cache.set(key, result, timeout=TTL)


def release(key: str | None) -> None:
    if key:
        cache.delete(key)
