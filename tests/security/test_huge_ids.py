"""An id larger than any column can hold, sent where a list of ids is read (`__in`), matches no
row: the API refuses it with a message, a form marks the field, and the ORM returns what the
valid ids match. Found by schemathesis on POST /api/v1/incidents (system_ids: [2**70] gave a 500:
"Python int too large to convert to SQLite INTEGER")."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from attt.core import clock
from attt.incidents.models import Incident
from attt.orgs.services import token_create
from attt.systems.models import System
from tests.incidents.factories import make_system

pytestmark = pytest.mark.django_db

HUGE = [2**70, 2**63, -(2**63) - 1]


def test_the_orm_drops_ids_no_column_can_hold(world):
    system = make_system(world, "commune_a", "Cổng xã")
    assert list(System.objects.filter(pk__in=[*HUGE, system.pk])) == [system]
    assert not System.objects.filter(pk__in=HUGE).exists()
    # a foreign key to an integer key: the same
    assert not Incident.objects.filter(unit__in=HUGE).exists()
    assert System.objects.filter(owner__in=[2**70, system.owner_id]).count() == 1


def test_the_api_refuses_a_huge_system_id_with_a_message(world):
    _t, key = token_create(actor=world.users["unit_officer"], name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = {"unit_id": world.orgs["commune_a"].pk, "title": "Mã độc", "reporter_name": "Cán bộ",
            "description": "x", "detected_at": (clock.now() - dt.timedelta(hours=1)).isoformat(),
            "system_ids": [2**70]}
    response = api.post("/api/v1/incidents", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "system_ids"
    assert not Incident.objects.exists()


def test_a_form_marks_a_huge_system_id(world, client_for):
    officer = client_for("unit_officer")
    response = officer.post(reverse("incidents:create"), {"title": "Mã độc", "systems": [str(2**70)]})
    assert response.status_code == 200
    assert "systems" in response.context["form"].errors
    assert not Incident.objects.exists()
