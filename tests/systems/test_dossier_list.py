"""The dossier list: newest change first, read off an index in that order, and a query count that
does not grow with the number of dossiers or with the page's depth."""
from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from attt.systems.models import Dossier, System


def test_dossier_list_order_has_its_index(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Dossier._meta.db_table)
    index = constraints.get("systems_dossier_recent_idx")
    assert index and index["index"] and index["columns"] == ["updated_at", "id"]


def test_dossier_list_is_newest_first_and_flat(world, draft, client_for, django_assert_max_num_queries):
    owner = world.org("commune_a")
    systems = System.objects.bulk_create([System(name=f"Hệ thống {i:03d}", owner=owner, operator=owner)
                                          for i in range(120)])
    base = timezone.now() - dt.timedelta(days=1)
    made = Dossier.objects.bulk_create([Dossier(system=s, regime_code=draft.regime_code, level=1, criteria_level=1)
                                        for s in systems])
    for i, d in enumerate(made):
        Dossier.objects.filter(pk=d.pk).update(updated_at=base + dt.timedelta(minutes=i))
    client = client_for("unit_officer")
    client.get("/systems/dossiers/")
    with django_assert_max_num_queries(8):
        first = client.get("/systems/dossiers/").content.decode()
    with django_assert_max_num_queries(8):
        deep = client.get("/systems/dossiers/?page=3").content.decode()
    newest = Dossier.objects.order_by("-updated_at", "-id").first()
    assert f"HS-{newest.pk}" in first or newest.system.name in first
    assert "Hệ thống 000" in deep  # the oldest of the seeded ones is on the last page
