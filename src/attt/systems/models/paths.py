"""`PathField` and its `__startswith` lookup now live in `attt.core.paths` (every app copies
organisation paths); this name stays for the migrations that import it.

`System.owner_path` and `System.operator_path` repeat `owner.path` and `operator.path`. They are
set on every save, on `bulk_create`/`bulk_update`/`update` through `SystemQuerySet`, and
refreshed after an organisation is moved (see `attt.systems.scope`).
"""
from __future__ import annotations

from attt.core.paths import PathField, PathStartsWith, prefix_upper_bound

__all__ = ["PathField", "PathStartsWith", "prefix_upper_bound"]
