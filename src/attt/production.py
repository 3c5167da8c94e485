"""Start-up checks for `attt serve` and `attt worker` in production (ATTT_PRODUCTION=1).

A process that would run with a guessable key, with DEBUG on, or without its database or Redis
refuses to start with one line (Vietnamese / English) and exit code 2, never a traceback.

`environment_problem()` reads only the environment, before Django is imported (settings.py itself
raises at import when the key is missing); `services_problem()` runs after `django.setup()`.

Production requires Redis (ATTT_REDIS_URL): the Huey queue must reach consumers on other machines,
and the cache holds login throttles and used TOTP codes, which every web process must share and
count atomically (the file cache of the embedded default cannot).
"""
from __future__ import annotations

import os

TRUE = {"1", "true", "yes", "on"}
SECRET_MIN_LENGTH = 50
SECRET_MIN_UNIQUE = 5
CONNECT_TIMEOUT = 5


class Refusal(Exception):
    """One line for people; `attt` prints it and exits 2."""


def _flag(environ, name: str) -> bool:
    return (environ.get(name) or "").strip().lower() in TRUE


def is_production(environ=None) -> bool:
    return _flag(os.environ if environ is None else environ, "ATTT_PRODUCTION")


def secret_key_problem(key: str | None, name: str = "ATTT_SECRET_KEY") -> str | None:
    if not key:
        return (f"Thiếu {name} / {name} is not set "
                "(python3 -c 'import secrets; print(secrets.token_urlsafe(64))').")
    if len(key) < SECRET_MIN_LENGTH or len(set(key)) < SECRET_MIN_UNIQUE or key.startswith("django-insecure-"):
        return (f"{name} quá yếu (cần ít nhất {SECRET_MIN_LENGTH} ký tự, đa dạng, ngẫu nhiên) / "
                f"{name} is weak (needs at least {SECRET_MIN_LENGTH} varied random characters).")
    return None


def environment_problem(environ=None, *, need_redis: bool = True) -> str | None:
    """The first reason, from the environment alone, why production must not start."""
    environ = os.environ if environ is None else environ
    if not is_production(environ):
        return None
    problem = (secret_key_problem(environ.get("ATTT_SECRET_KEY"))
               or secret_key_problem(environ.get("ATTT_AUDIT_KEY"), "ATTT_AUDIT_KEY"))
    if problem:
        return problem
    if _flag(environ, "ATTT_DEBUG"):
        return "ATTT_DEBUG đang bật trong production / ATTT_DEBUG is on in production: unset it."
    if need_redis and not (environ.get("ATTT_REDIS_URL") or "").strip():
        return ("Production cần Redis: đặt ATTT_REDIS_URL / production needs Redis: set ATTT_REDIS_URL "
                "(Huey queue and shared cache for every process).")
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…") if len(text) > 200 else text or exc.__class__.__name__


def database_problem() -> str | None:
    from django.db import connections

    os.environ.setdefault("PGCONNECT_TIMEOUT", str(CONNECT_TIMEOUT))  # libpq: an unreachable host fails fast
    connection = connections["default"]
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver error is one line for the operator
        return f"Không kết nối được cơ sở dữ liệu / database unreachable: {_one_line(exc)}"
    finally:
        connection.close()
    return None


def redis_problem(url: str | None) -> str | None:
    if not url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT)
        client.ping()
        client.close()
    except Exception as exc:
        return f"Không kết nối được Redis / Redis unreachable ({_redact(url)}): {_one_line(exc)}"
    return None


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
    return url


def services_problem() -> str | None:
    """After django.setup(): the database, then Redis when configured, answer."""
    from django.conf import settings

    return database_problem() or redis_problem(getattr(settings, "HUEY", {}).get("url") or os.environ.get("ATTT_REDIS_URL"))


def migrate_once() -> None:
    """Migrate; on PostgreSQL under an advisory lock, so that web machines starting together do not
    run the same migration twice."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        call_command("migrate", interactive=False, verbosity=0)
        return
    key = 0x41545454  # "ATTT"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        call_command("migrate", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
