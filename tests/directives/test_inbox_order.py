"""A unit's inbox lists overdue work first, then by deadline, undated last (issue 14)."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse

from attt.directives import selectors
from attt.directives.models import Assignment


def test_overdue_first_then_by_deadline_undated_last(world, published, client_for):
    user = world.users["unit_officer"]
    rows = list(Assignment.objects.filter(organisation=world.org("commune_a")))
    assert len(rows) >= 3
    today = dt.date(2025, 8, 20)
    dues = [None, dt.date(2025, 9, 30), dt.date(2025, 8, 10), dt.date(2025, 8, 25)]
    for a, due in zip(rows, dues + [None] * len(rows)):
        a.due_on = due
        a.save(update_fields=["due_on"])
    ordered = [a.due_on for a in selectors.assignments_for(user=user, today=today)]
    dated = [d for d in ordered if d is not None]
    assert ordered[0] == dt.date(2025, 8, 10)  # the overdue one
    assert dated == sorted(dated)
    assert ordered.index(None) > ordered.index(dated[-1])  # undated after every dated one
    page = client_for("unit_officer").get(reverse("directives:inbox")).content.decode()
    assert page.count("<tr") >= 3
