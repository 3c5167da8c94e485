"""Organisation paths copied onto scoped rows, so that `visible_to` filters one table.

A scoped model that is reached through an organisation keeps that organisation's path (/1/23/456/)
in a column of its own, indexed, and names it in `scope_fields`: the scope is then a prefix filter
on the row's own table, never a JOIN to orgs_organisation (a sequential scan of the national
table on PostgreSQL). `CopiedPathsModel` declares such copies once,

    copied_paths = {"org_path": "organisation__path",            # the unit's path
                    "drill_path": "drill__organisation__path",   # through another row
                    "province_path": PathCopy("organisation__path", province=True)}  # "/12/"

and keeps them right: on `save()` (also with `update_fields` naming the foreign key), on
`bulk_create`, `bulk_update` and `update(organisation=...)` (`CopiedPathsQuerySet`), after an
organisation subtree moves (`attt.orgs.paths`, one UPDATE per model, inside the move's
transaction) and on demand (`manage.py refresh_paths`, e.g. after a restore or a write made
outside the ORM). Each copy reads the organisation's path itself, never another copy, so the order
of the refreshes does not matter.

`PathField` answers `__startswith` (the lookup `ScopedQuerySet.visible_to` builds) with a range
on SQLite: `path >= '/1/' AND path < '/10'`. SQLite never uses an index for `LIKE` on a column
with the default BINARY collation; the range uses it and means the same for a prefix of paths
(digits and slashes: no case to fold, no wildcard). Other backends keep `LIKE 'prefix%'`, which
PostgreSQL serves from the `varchar_pattern_ops` index Django adds for an indexed CharField.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith

from .models import ScopedModel, ScopedQuerySet


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (non-empty)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class PathField(models.CharField):
    """A materialised organisation path (/1/23/456/)."""


@PathField.register_lookup
class PathStartsWith(StartsWith):
    lookup_name = "startswith"

    def as_sqlite(self, compiler, connection):
        value = self.rhs
        if self.rhs_is_direct_value() and isinstance(value, str) and value:
            lhs_sql, lhs_params = self.process_lhs(compiler, connection)
            return (f"({lhs_sql} >= %s AND {lhs_sql} < %s)",
                    (*lhs_params, value, *lhs_params, prefix_upper_bound(value)))
        return super().as_sql(compiler, connection)


def province_of(path: str) -> str:
    """The path of the root of `path` (its province): "/12/34/" -> "/12/"."""
    first = path.strip("/").split("/")[0] if path else ""
    return f"/{first}/" if first else ""


class ProvinceOf(Func):
    """`province_of` in SQL: the path up to its second slash ("" stays "")."""

    output_field = models.CharField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        position = "strpos" if connection.vendor == "postgresql" else "instr"
        return f"substr({sql}, 1, {position}(substr({sql}, 2), '/') + 1)", (*params, *params)


@dataclass(frozen=True)
class PathCopy:
    """Where a copied column comes from: `source`, a lookup from the row to an organisation's
    path ("organisation__path", "drill__organisation__path"); `province`: keep its root only."""

    source: str
    province: bool = False

    @property
    def relation(self) -> str:
        """The foreign key the copy follows first ("organisation", "drill")."""
        return self.source.split("__", 1)[0]

    @property
    def rest(self) -> str:
        """The lookup from that related row to the path ("path", "organisation__path")."""
        return self.source.split("__", 1)[1]

    def shape(self, path: str | None) -> str:
        path = path or ""
        return province_of(path) if self.province else path


def copies_of(model) -> dict[str, PathCopy]:
    return {column: spec if isinstance(spec, PathCopy) else PathCopy(spec)
            for column, spec in getattr(model, "copied_paths", {}).items()}


def _trigger_names(model, copies: dict[str, PathCopy]) -> dict[str, set[str]]:
    """Per copied column, the field names whose change makes it stale ("organisation", "organisation_id")."""
    names = {}
    for column, copy in copies.items():
        field = model._meta.get_field(copy.relation)
        names[column] = {field.name, field.attname}
    return names


def fill_copied_paths(objs: list) -> None:
    """Set the copied columns of `objs` (rows of one model) from their foreign keys, a query per
    relation and per 900 ids."""
    if not objs:
        return
    model = type(objs[0])
    for column, copy in copies_of(model).items():
        field = model._meta.get_field(copy.relation)
        found = {}
        if "__" not in copy.rest:  # the related rows given as objects carry the path already
            for obj in objs:
                related = field.get_cached_value(obj, None)
                if related is not None and related.pk == getattr(obj, field.attname):
                    found[related.pk] = getattr(related, copy.rest)
        ids = sorted({getattr(o, field.attname) for o in objs} - {None} - set(found))
        for start in range(0, len(ids), 900):
            found.update(field.related_model._base_manager.filter(pk__in=ids[start:start + 900])
                         .values_list("pk", copy.rest))
        for obj in objs:
            setattr(obj, column, copy.shape(found.get(getattr(obj, field.attname))))


def copied_path_values(model) -> dict[str, models.Expression]:
    """The SQL expressions that recompute each copied column of `model`, for `QuerySet.update`."""
    values = {}
    for column, copy in copies_of(model).items():
        field = model._meta.get_field(copy.relation)
        path = Subquery(field.related_model._base_manager.filter(pk=OuterRef(field.attname)).order_by()
                        .values(copy.rest)[:1])
        values[column] = Coalesce(ProvinceOf(path) if copy.province else path, Value(""),
                                  output_field=models.CharField())
    return values


def refresh_copied_paths(model, rows=None) -> int:
    """Recompute the copied columns of `rows` (default: every row of `model`) in one UPDATE, which
    writes only the rows whose copy differs (a repair of a right table rewrites nothing); returns
    their number."""
    qs = model._base_manager.all() if rows is None else rows
    values = copied_path_values(model)
    stale = Q()
    for column, value in values.items():
        qs = qs.alias(**{f"{column}_now": value})
        stale |= ~Q(**{column: F(f"{column}_now")})
    return models.QuerySet.update(qs.filter(stale), **values)


def models_with_copied_paths() -> list:
    return [m for m in apps.get_models() if copies_of(m)]


def refresh_under(path: str) -> dict[str, int]:
    """After an organisation subtree moved to `path`: refresh the rows whose copied paths come
    from an organisation now inside it, one UPDATE per model."""
    counts = {}
    for model in models_with_copied_paths():
        inside = Q()
        for copy in copies_of(model).values():
            inside |= Q(**{f"{copy.source}__startswith": path})
        counts[model._meta.label] = refresh_copied_paths(model, model._base_manager.filter(inside))
    return counts


# Repairs of copies kept by other means (systems, obligations, vulns), run by `refresh_paths` too.
repairs: list[tuple[str, Callable[[], int]]] = []


def register_repair(label: str, repair: Callable[[], int]) -> None:
    if all(name != label for name, _fn in repairs):
        repairs.append((label, repair))


def refresh_all() -> dict[str, int]:
    """Repair every copied path of every row: the other modules' copies first, then the models
    declaring `copied_paths`."""
    counts = {label: repair() for label, repair in repairs}
    for model in models_with_copied_paths():
        counts[model._meta.label] = refresh_copied_paths(model)
    return counts


class CopiedPathsQuerySet(ScopedQuerySet):
    """Keeps the copied paths right on the bulk writes that skip `save()`."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_copied_paths(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        stale = [column for column, names in _trigger_names(self.model, copies_of(self.model)).items()
                 if names & set(fields)]
        if stale:
            fill_copied_paths(objs)
            fields = list(dict.fromkeys([*fields, *stale]))
        return super().bulk_update(objs, fields, *args, **kwargs)

    bulk_update.alters_data = True

    def update(self, **kwargs):
        triggers = set().union(*_trigger_names(self.model, copies_of(self.model)).values())
        if not triggers & set(kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        n = super().update(**kwargs)
        for start in range(0, len(pks), 900):
            refresh_copied_paths(self.model, self.model._base_manager.filter(pk__in=pks[start:start + 900]))
        return n

    update.alters_data = True


CopiedPathsManager = models.Manager.from_queryset(CopiedPathsQuerySet)


class CopiedPathsModel(ScopedModel):
    """A row carrying copies of organisation paths (`copied_paths`: column -> source lookup or
    `PathCopy`), set on save; its default manager keeps them on bulk writes."""

    copied_paths: dict[str, str | PathCopy] = {}
    objects = CopiedPathsManager()

    class Meta:
        abstract = True

    def set_copied_paths(self, update_fields: Iterable[str] | None = None) -> set[str]:
        """Recompute the copies (those whose foreign key is in `update_fields`, if given) and
        return the columns set."""
        copies = copies_of(type(self))
        triggers = _trigger_names(type(self), copies)
        changed = set()
        for column, copy in copies.items():
            if update_fields is not None and not triggers[column] & set(update_fields):
                continue
            value = self
            for part in copy.source.split("__"):
                value = getattr(value, part, None) if value is not None else None
            setattr(self, column, copy.shape(value))
            changed.add(column)
        return changed

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        changed = self.set_copied_paths(update_fields)
        if update_fields is not None and changed:
            kwargs["update_fields"] = set(update_fields) | changed
        super().save(*args, **kwargs)


# PostgreSQL's statistics sample of a path column: with the default 100 buckets, a unit's prefix
# ("/1/35/", 30 of 130,000 duties) was estimated at 1 % of the table, and a list ordered by an
# index and cut at 50 rows walked that index through the whole table (106 ms) instead of reading
# the unit's 30 rows through the path index and sorting them (0.2 ms).
PATH_STATISTICS = 1000


def path_columns() -> list[tuple[str, str]]:
    """(table, column) of every organisation path and copied path."""
    from attt.orgs.models import Organisation

    out = [(Organisation._meta.db_table, Organisation._meta.get_field("path").column)]
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        out += [(model._meta.db_table, f.column) for f in model._meta.local_fields if isinstance(f, PathField)]
    return sorted(set(out))


def fine_path_statistics(using: str = "default", **_kwargs) -> int:
    """On PostgreSQL, a fine statistics sample (PATH_STATISTICS) for every path column that has
    not got it yet; run after each `migrate` (post_migrate), taken into account at the next
    ANALYZE. Returns the columns set. A column that cannot be altered now (a migrate run inside a
    transaction with pending trigger events) is left for the next migrate: it is only a planner
    hint."""
    import logging

    from django.db import DatabaseError, connections, transaction

    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                       "WHERE a.attnum > 0 AND a.attstattarget = %s AND c.relkind = 'r'", [PATH_STATISTICS])
        done = set(cursor.fetchall())
    todo = [c for c in path_columns() if c not in done]
    altered = 0
    for table, column in todo:
        try:
            with transaction.atomic(using=using), connection.cursor() as cursor:
                cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET STATISTICS {PATH_STATISTICS}')
            altered += 1
        except DatabaseError as exc:
            logging.getLogger(__name__).warning("statistics of %s.%s left as they are: %s", table, column, exc)
    return altered
