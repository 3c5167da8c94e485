"""The duties filter: one entry per duty (no title twice across regimes or versions) and only
duties the user has occurrences of (a commune is not offered the province's duties) (issue 14)."""
from __future__ import annotations

import datetime as dt

from attt.obligations import selectors, services


def test_duty_filter_lists_each_title_once_and_only_own_duties(synced, make_system, on_day, client_for, world):
    on_day(dt.date(2026, 9, 1))
    make_system("Cổng thông tin xã", operator="commune_a", level=3)
    services.generate_occurrences(horizon_months=12)
    officer = world.users["unit_officer"]
    choices = selectors.duty_choices(user=officer)
    titles = [t for _k, t in choices]
    assert titles and len(titles) == len(set(titles))
    from attt.obligations.models import Occurrence
    own_keys = set(Occurrence.objects.visible_to(officer).values_list("rule_key", flat=True))
    offered = {k for value, _t in choices for k in value.split(",")}
    assert offered <= own_keys
    province_only = set(Occurrence.objects.exclude(rule_key__in=own_keys).values_list("rule_key", flat=True))
    assert not (offered & province_only)
    leader_titles = [t for _k, t in selectors.duty_choices(user=world.users["province_leader"])]
    assert len(leader_titles) == len(set(leader_titles)) >= len(titles)
    value = choices[0][0]
    page = client_for("unit_officer").get("/duties/", {"view": "list", "duty": value})
    assert page.status_code == 200
