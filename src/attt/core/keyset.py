"""Keyset ("seek") pagination for deep lists: the next page is the rows after the last one shown,
in the list's own order, so page 500 costs what page 1 costs (an index range scan, no OFFSET).

    page = keyset_paginate(request, System.objects.visible_to(user).order_by("name", "id"))

The queryset's `order_by` decides the order; its fields must be non-null and end with a unique
one (the primary key is added when missing), and each list has an index for its order. Links
carry an opaque cursor (`?after=…` / `?before=…`) plus the page number for display (`p`); the old
`?page=N` still works (it is an OFFSET, for links people kept). A cursor that does not decode
(tampered, or from another list) simply shows the first page: never a 500.

The page object looks like Django's `Page` where templates use it (`object_list`, `has_next`,
`has_previous`, `number`, `paginator.count`, `paginator.num_pages`); `core/_keyset_pager.html`
draws its links.
"""
from __future__ import annotations

import base64
import json
import math
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet

PARAMS = ("after", "before", "p", "page")


def _fields(qs: QuerySet) -> list[tuple[str, bool]]:
    """[(field name, descending)] of the queryset's order, ending with the primary key."""
    order = list(qs.query.order_by) or list(qs.model._meta.ordering)
    out = []
    for item in order:
        if not isinstance(item, str):
            raise ValueError("keyset pagination needs plain field names in order_by")
        desc = item.startswith("-")
        name = item.lstrip("-")
        out.append(("pk" if name in ("pk", "id", qs.model._meta.pk.name) else name, desc))
    if not any(name == "pk" for name, _d in out):
        out.append(("pk", out[-1][1] if out else False))
    return out


def _field(model, name: str):
    if name == "pk":
        return model._meta.pk
    *path, last = name.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(last)


def _value(obj, name: str):
    for part in name.split("__"):
        obj = getattr(obj, part)
    return obj


def encode(values: list) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, fields: list[tuple[str, bool]], model) -> list | None:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(values, list) or len(values) != len(fields):
            return None
        return [_field(model, name).to_python(v) for (name, _d), v in zip(fields, values)]
    except (ValueError, TypeError, ValidationError, FieldDoesNotExist, UnicodeDecodeError):
        return None


def _seek(fields: list[tuple[str, bool]], values: list, *, forward: bool) -> Q:
    """Rows strictly after (forward) or before the row with `values`, in the order of `fields`.
    The first field also gets a plain range condition, so that the index on the order is used."""
    def op(desc: bool) -> str:
        return "lt" if desc == forward else "gt"

    first_name, first_desc = fields[0]
    q = Q()
    for i, (name, desc) in enumerate(fields):
        term = Q(**{f"{name}__{op(desc)}": values[i]})
        for prev, (prev_name, _desc) in enumerate(fields[:i]):
            term &= Q(**{prev_name: values[prev]})
        q |= term
    return Q(**{f"{first_name}__{op(first_desc)}e": values[0]}) & q


class _Paginator:
    def __init__(self, qs: QuerySet, per_page: int, count=None):
        self._qs, self.per_page, self._count = qs, per_page, count

    @cached_property
    def count(self) -> int:
        return self._count() if self._count is not None else self._qs.order_by().count()

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))


class KeysetPage:
    def __init__(self, rows: list, *, paginator: _Paginator, number: int, has_next: bool, has_previous: bool,
                 fields, keyset: bool):
        self.object_list, self.paginator, self.number = rows, paginator, number
        self._has_next, self._has_previous, self._fields, self.keyset = has_next, has_previous, fields, keyset

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def has_other_pages(self) -> bool:
        return self._has_next or self._has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return max(1, self.number - 1)

    @property
    def next_cursor(self) -> str:
        return encode([_value(self.object_list[-1], n) for n, _d in self._fields]) if self.object_list else ""

    @property
    def previous_cursor(self) -> str:
        return encode([_value(self.object_list[0], n) for n, _d in self._fields]) if self.object_list else ""


def keyset_paginate(request, queryset: QuerySet, per_page: int = 50, count=None) -> KeysetPage:
    """One page of `queryset` (see the module's docstring). `count`, if given, is called for the
    total instead of counting `queryset` (e.g. a count kept by `attt.core.cached`)."""
    fields = _fields(queryset)
    ordered = queryset.order_by(*[("-" if d else "") + n for n, d in fields])
    paginator = _Paginator(queryset, per_page, count)
    get = request.GET
    number = int(get["p"]) if (get.get("p") or "").isdigit() and 0 < int(get["p"]) < 10**7 else None
    for key, forward in (("after", True), ("before", False)):
        values = decode(get.get(key) or "", fields, queryset.model) if get.get(key) else None
        if values is None:
            continue
        if forward:
            rows = list(ordered.filter(_seek(fields, values, forward=True))[:per_page + 1])
            more = len(rows) > per_page
            return KeysetPage(rows[:per_page], paginator=paginator, number=number or 2, has_next=more,
                              has_previous=True, fields=fields, keyset=True)
        backwards = ordered.reverse().filter(_seek(fields, values, forward=False))
        rows = list(backwards[:per_page + 1])
        more = len(rows) > per_page
        rows = rows[:per_page][::-1]
        if not more:  # back at the start: the first page, in full
            rows = list(ordered[:per_page + 1])
            return KeysetPage(rows[:per_page], paginator=paginator, number=1, has_next=len(rows) > per_page,
                              has_previous=False, fields=fields, keyset=True)
        return KeysetPage(rows, paginator=paginator, number=max(2, (number or 2)), has_next=True,
                          has_previous=True, fields=fields, keyset=True)
    page = int(get["page"]) if (get.get("page") or "").isdigit() and 0 < int(get["page"]) < 10**6 else 1
    start = (page - 1) * per_page
    rows = list(ordered[start:start + per_page + 1])
    if not rows and page > 1:  # past the end: the last page, as Django's paginator does
        page = paginator.num_pages
        start = (page - 1) * per_page
        rows = list(ordered[start:start + per_page + 1])
    return KeysetPage(rows[:per_page], paginator=paginator, number=page, has_next=len(rows) > per_page,
                      has_previous=page > 1, fields=fields, keyset=True)


def querystring_without_cursor(request) -> str:
    params = request.GET.copy()
    for key in PARAMS:
        params.pop(key, None)
    return params.urlencode()
