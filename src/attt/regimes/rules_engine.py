"""The bridge between stored versions and the pure rules package: validation, and cached
`Regime` and `WorkCalendar` objects for the current (or a given) version."""
from __future__ import annotations

import datetime as dt
import threading

from django.utils.translation import gettext as _

from attt.core.errors import DomainError

from . import store
from .rules import RegimeError, WorkCalendar, load_regime_data

_cache: dict[tuple[int, str], object] = {}
_lock = threading.Lock()


def validate(kind: str, raw: dict, *, field: str | None = None):
    try:
        if kind == "calendar":
            return WorkCalendar.from_yaml(raw)
        return load_regime_data(raw)
    except (RegimeError, TypeError, ValueError, AttributeError) as exc:
        raise DomainError(_("Dữ liệu không hợp lệ: %(e)s") % {"e": exc}, field=field) from None


def _build(version):
    key = (version.pk, version.digest)
    with _lock:
        if key not in _cache:
            if len(_cache) > 64:
                _cache.clear()
            raw = store.from_json(version.data)
            if version.kind == "calendar":
                _cache[key] = WorkCalendar.from_yaml(raw, strict=False)
            else:
                _cache[key] = load_regime_data(raw)
        return _cache[key]


def _ensure_loaded():
    from .models import RegimeVersion

    if not RegimeVersion.objects.filter(is_current=True).exists():
        from .services import load_regimes

        load_regimes(actor=None)


def regime(code: str, version: int | None = None):
    """The pure `Regime` of `code` (current version unless `version` is given)."""
    from .models import RegimeVersion

    # `data` (the whole regime as JSON) is read only when `_build` has not built this version yet
    qs = RegimeVersion.objects.filter(code=code, kind=RegimeVersion.Kind.REGIME).defer("data")
    if version:
        row = qs.filter(version=version).first()
    else:
        from attt.core import cached

        row = cached.per_request(f"regime:{code}", qs.filter(is_current=True).first)
    if row is None and version is None:
        _ensure_loaded()
        row = qs.filter(is_current=True).first()
    if row is None:
        raise DomainError(_("Không tìm thấy chế độ quy định “%(c)s”.") % {"c": code})
    return _build(row)


def regime_version(code: str):
    from .models import RegimeVersion

    return RegimeVersion.objects.filter(code=code, is_current=True).first()


def calendar() -> WorkCalendar:
    """The current working-day calendar (weekends and public holidays, Tết included), for any
    year: the statutory layer (the `holidays` package) with the curated per-year data on top."""
    from .models import RegimeVersion

    from attt.core import cached

    current = RegimeVersion.objects.filter(kind=RegimeVersion.Kind.CALENDAR, is_current=True).defer("data")
    row = cached.per_request("calendar", current.first)
    if row is None:
        _ensure_loaded()
        row = current.first()
    if row is None:  # pragma: no cover - the data ships with the product
        return WorkCalendar(holidays=frozenset(), extra_workdays=frozenset(), years=frozenset(), strict=False)
    return _build(row)


def regime_choices() -> list[tuple[str, str]]:
    from .models import RegimeVersion

    return [(r.code, r.name or r.code) for r in
            RegimeVersion.objects.filter(kind=RegimeVersion.Kind.REGIME, is_current=True).order_by("valid_from")]


def regime_in_force(on: dt.date) -> str | None:
    """The code of the regime in force on a day: the latest `valid_from` not after it."""
    from .models import RegimeVersion

    rows = RegimeVersion.objects.filter(kind=RegimeVersion.Kind.REGIME, is_current=True)
    row = rows.filter(valid_from__lte=on).order_by("-valid_from").first() or rows.order_by("valid_from").first()
    if row is None:
        _ensure_loaded()
        row = rows.filter(valid_from__lte=on).order_by("-valid_from").first() or rows.order_by("valid_from").first()
    return row.code if row else None
