"""Helpers for providers whose module may not be installed yet: find a model by candidate
names, filter it to an organisation's subtree through its `scope_fields`, find its date and
status fields. Anything missing means "no data yet", never an error."""
from __future__ import annotations

import datetime as dt
from functools import wraps

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from . import SectionData

MISSING = (LookupError, FieldError, FieldDoesNotExist, AttributeError, ImportError)


def model(app_label: str, *names: str):
    """The first of `names` that app `app_label` defines, or None."""
    if not apps.is_installed(f"attt.{app_label}"):
        return None
    for name in names:
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    return None


def has_field(Model, name: str) -> bool:
    try:
        Model._meta.get_field(name)
        return True
    except FieldDoesNotExist:
        return False


def first_field(Model, candidates) -> str | None:
    return next((name for name in candidates if has_field(Model, name)), None)


def subtree(Model, org) -> Q:
    fields = getattr(Model, "scope_fields", ())
    if not fields:
        raise AttributeError("model has no scope_fields")
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__startswith": org.path})
    return q


def in_period(qs, Model, candidates, period):
    name = first_field(Model, candidates)
    if name is None:
        raise FieldDoesNotExist("no date field")
    field = Model._meta.get_field(name)
    start, end = period.start, period.end
    if field.get_internal_type() == "DateTimeField":
        return qs.filter(**{f"{name}__date__gte": start, f"{name}__date__lte": end}), name
    return qs.filter(**{f"{name}__gte": start, f"{name}__lte": end}), name


def status_figures(qs, Model, candidates=("status", "state")) -> list:
    name = first_field(Model, candidates)
    if name is None:
        return []
    labels = dict(Model._meta.get_field(name).choices or [])
    counts = qs.order_by().values(name).annotate(n=Count("pk"))
    return [(f"{name}_{row[name]}", str(labels.get(row[name], row[name])), row["n"]) for row in counts]


def not_ready(module_label: str) -> SectionData:
    return SectionData(available=False, note=_("Chưa có dữ liệu: mô-đun %(m)s chưa sẵn sàng.") % {"m": module_label})


def guarded(module_label: str):
    """A provider that answers "no data yet" when its module lacks what it reads."""

    def wrap(fn):
        @wraps(fn)
        def inner(org, period):
            try:
                return fn(org, period)
            except MISSING:
                return not_ready(module_label)
        return inner
    return wrap


def guarded_hook(fn):
    @wraps(fn)
    def inner(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except MISSING:
            return None
    return inner


def unit_of(path: str, province_path: str) -> int | None:
    """The id of the province's direct child whose subtree holds `path`."""
    if not path or not path.startswith(province_path):
        return None
    rest = path[len(province_path):].strip("/").split("/")
    return int(rest[0]) if rest and rest[0] else None


def month_labels(period) -> list[tuple[dt.date, str]]:
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append((day, f"{day.month:02d}/{day.year}"))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out
