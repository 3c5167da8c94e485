"""Organisation paths copied onto systems, so that `visible_to` filters one table.

`System.owner_path` and `System.operator_path` repeat `owner.path` and `operator.path`. They are
set on every save, on `bulk_create`/`bulk_update`/`update` through `SystemQuerySet`, and
refreshed after an organisation is moved (see `attt.systems.scope`).

`PathField` answers `__startswith` (the lookup `ScopedQuerySet.visible_to` builds) with a range
on SQLite: `path >= '/1/' AND path < '/10'`. SQLite never uses an index for `LIKE` on a column
with the default BINARY collation; the range uses it and means the same for a prefix of paths
(digits and slashes: no case to fold, no wildcard). Other backends keep `LIKE 'prefix%'`, which
PostgreSQL serves from the `varchar_pattern_ops` index Django adds for an indexed CharField.
"""
from __future__ import annotations

from django.db import models
from django.db.models.lookups import StartsWith


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
