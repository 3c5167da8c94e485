"""Fast inserts of many plain rows (seed data, bulk generation) without building model objects.

`insert_rows(Model, rows)` takes dicts of attribute name -> value; the other columns get their
field defaults (auto_now/auto_now_add: now). On PostgreSQL the rows go through COPY (about ten
times faster than INSERT for a million controls); elsewhere through `bulk_create` in batches.
No `save()`, no signals: the caller sets what those would (paths, search text).
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))]


def _defaults(fields: list[models.Field]) -> dict[str, object]:
    now = timezone.now()
    out = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out[f.attname] = now
        elif f.has_default():
            out[f.attname] = f.get_default()
        elif f.null:
            out[f.attname] = None
        else:
            out[f.attname] = "" if isinstance(f, (models.CharField, models.TextField)) else None
    return out


def insert_rows(model, rows: Iterable[dict], *, batch: int = BATCH) -> int:
    fields = _columns(model)
    base = _defaults(fields)
    if connection.vendor != "postgresql":
        count, chunk = 0, []
        for row in rows:
            chunk.append(model(**{**base, **row}))
            if len(chunk) >= batch:
                model.objects.bulk_create(chunk, batch_size=batch)
                count, chunk = count + len(chunk), []
        if chunk:
            model.objects.bulk_create(chunk, batch_size=batch)
            count += len(chunk)
        return count
    from psycopg.types.json import Jsonb

    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    names = [f.attname for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = []
            for name in names:
                value = row[name] if name in row else base[name]
                values.append(Jsonb(value) if name in json_fields and value is not None else value)
            copy.write_row(values)
            count += 1
    return count
