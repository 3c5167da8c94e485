"""The completion matrix at a province's scale: a page loads its own units' cells only, its
counts and summary come from SQL aggregates, and its query count does not grow with the units."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attt.core import clock
from attt.directives import selectors
from attt.directives.models import Assignment
from attt.orgs import services as org_services


def _add_units(world, directive, n: int, *, done_every: int = 3) -> None:
    tasks = list(directive.tasks.all())
    rows = []
    for i in range(n):
        org = org_services.org_create(actor=None, parent=world.org("province"), code=f"P1-M{i:03d}",
                                      name=f"Xã Mẫu {i:03d}", kind="commune")
        for t in tasks:
            rows.append(Assignment(task=t, directive=directive, organisation=org, due_on=t.due_on,
                                   status="done" if i % done_every == 0 else "not_started"))
    Assignment.objects.bulk_create(rows)


def _render(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), ctx.captured_queries


def test_matrix_page_loads_only_its_units(world, client_for, published):
    client = client_for("specialist")
    url = reverse("directives:matrix", args=[published.pk])
    client.get(url)  # the session's first request reads more
    _html, before = _render(client, url)
    _add_units(world, published, 130)
    html, after = _render(client, url)
    assert len(after) == len(before)  # flat in the number of units
    assert html.count("<tr data-org=") == selectors.MATRIX_PAGE
    units = Assignment.objects.filter(directive=published).values("organisation_id").distinct().count()
    assert f"{units} đơn vị" in html
    # Every read of assignment rows is either an aggregate or limited to the page's units.
    reads = [q["sql"] for q in after if 'FROM "directives_assignment"' in q["sql"]]
    assert reads and all("GROUP BY" in sql or "COUNT(" in sql or '"organisation_id" IN' in sql for sql in reads), reads
    last = -(-units // selectors.MATRIX_PAGE)
    tail, _q = _render(client, url, page=last)
    assert tail.count("<tr data-org=") == units - selectors.MATRIX_PAGE * (last - 1)
    first_cell = Assignment.objects.filter(directive=published).order_by("organisation__path", "task__position").first()
    assert f'href="{first_cell.get_absolute_url()}"' in html


def test_sql_counts_match_the_cells(world, published):
    _add_units(world, published, 12, done_every=2)
    today = clock.today()
    for filters in ({}, {"status": "done"}, {"kind": "commune"}, {"overdue_only": True}):
        units = selectors.matrix_units(directive=published, today=today, **filters)
        tasks, rows = selectors.completion_matrix(directive=published, today=today, **filters)
        for row in rows:
            cells = [c for c in row.cells if c is not None]
            assert row.total == len(cells)
            assert row.done == sum(c.status == "done" for c in cells)
            assert row.overdue == sum(c.is_overdue(today) for c in cells)
        assert selectors.matrix_totals(units) == selectors.matrix_summary(rows)
        if filters.get("status") == "done":
            assert rows and all(any(c and c.status == "done" for c in r.cells) for r in rows)
