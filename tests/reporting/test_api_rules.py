"""Rules of the JSON-body API endpoints (the access matrix posts form data)."""
import pytest
from django.test import Client

from attt.core import clock
from attt.orgs.services import token_create

pytestmark = pytest.mark.django_db


def _client(world, who):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=world.users[who], name='t')[1]}")


@pytest.mark.parametrize("who,expected", [
    ("unit_officer", 201), ("specialist", 201), ("admin", 201), ("province_leader", 403), ("auditor", 403),
    ("responder", 403), ("unit_head", 404), ("officer_b", 404), ("officer_q", 404)])
def test_who_may_enter_a_commune_a_snapshot(world, who, expected):
    body = {"organisation_id": world.org("commune_a").pk, "as_of": clock.today().isoformat(), "computers_total": 3}
    assert _client(world, who).post("/api/v1/reports/coverage", body,
                                    content_type="application/json").status_code == expected


@pytest.mark.parametrize("who,kind,org,expected", [
    ("unit_officer", "unit", "commune_a", 201), ("province_leader", "unit", "commune_a", 403),
    ("officer_b", "unit", "commune_a", 404), ("specialist", "province", "province", 201),
    ("admin", "province", "province", 201), ("auditor", "province", "province", 403),
    ("unit_officer", "province", "province", 404), ("officer_q", "province", "province", 404)])
def test_who_may_open_a_report(world, who, kind, org, expected):
    body = {"organisation_id": world.org(org).pk, "period": f"{clock.today().year}", "kind": kind}
    assert _client(world, who).post("/api/v1/reports", body, content_type="application/json").status_code == expected
