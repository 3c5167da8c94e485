"""Every organisation path and copied path column gets a fine statistics sample on PostgreSQL
(core.paths.fine_path_statistics, run after each migrate): with the default sample a unit's
prefix was estimated at 1 % of the duties and the duties list walked its order index through the
whole national table (106 ms instead of 0.2 ms)."""
from __future__ import annotations

import pytest
from django.db import connection

from attt.core.paths import PATH_STATISTICS, fine_path_statistics, path_columns

pytestmark = pytest.mark.django_db


def _targets() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, a.attname, a.attstattarget FROM pg_attribute a "
                       "JOIN pg_class c ON c.oid = a.attrelid WHERE a.attnum > 0")
        return {(table, column): target for table, column, target in cursor.fetchall()}


def test_every_path_column_has_a_fine_sample_after_migrate():
    columns = path_columns()
    assert {("obligations_occurrence", "org_path"), ("obligations_occurrence", "system_owner_path"),
            ("directives_assignment", "org_path"), ("incidents_incident", "org_path"),
            ("systems_system", "owner_path"), ("orgs_organisation", "path")} <= set(columns)
    if connection.vendor != "postgresql":
        assert fine_path_statistics() == 0  # SQLite has no such setting: nothing to do
        return
    targets = _targets()  # the test database was made by migrate, which ran the handler
    assert {c: targets[c] for c in columns} == {c: PATH_STATISTICS for c in columns}
    assert fine_path_statistics() == 0  # again: nothing left to do, nothing altered
    with connection.cursor() as cursor:
        cursor.execute('ALTER TABLE "obligations_occurrence" ALTER COLUMN "org_path" SET STATISTICS -1')
    assert fine_path_statistics() == 1 and _targets()[("obligations_occurrence", "org_path")] == PATH_STATISTICS

