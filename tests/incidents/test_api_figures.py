import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from attt.core import clock
from attt.incidents import selectors, services

from .factories import make_incident, make_system, make_warning

pytestmark = pytest.mark.django_db


def _client(user):
    from attt.orgs.services import token_create

    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=user, name='t')[1]}")


def test_api_report_and_read_with_clocks(world):
    system = make_system(world, "commune_a", "Cổng xã", level=2)
    c = _client(world.users["unit_officer"])
    body = {"unit_id": world.orgs["commune_a"].pk, "title": "Mã độc", "reporter_name": "Cán bộ",
            "description": "x", "detected_at": (clock.now() - dt.timedelta(hours=1)).isoformat(),
            "system_ids": [system.pk]}
    response = c.post("/api/v1/incidents", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["systems"] == [{"system_id": system.pk, "system_name": "Cổng xã", "level": 2}]
    assert data["clocks"] and data["clocks"][0]["state"] in {"running", "due_soon"}
    future = {**body, "detected_at": (clock.now() + dt.timedelta(days=1)).isoformat()}
    bad = c.post("/api/v1/incidents", future, content_type="application/json")
    assert bad.status_code == 400 and "tương lai" in bad.json()["detail"]
    foreign = make_system(world, "commune_b", "Xã B")
    bad = c.post("/api/v1/incidents", {**body, "system_ids": [foreign.pk]}, content_type="application/json")
    assert bad.status_code == 400
    assert _client(world.users["officer_b"]).get(f"/api/v1/incidents/{data['id']}").status_code == 404


def test_api_warning_detail_hides_other_units_answers(world):
    warning = make_warning(world, manual=("commune_a", "commune_b"))
    full = _client(world.users["specialist"]).get(f"/api/v1/warnings/{warning.pk}").json()
    assert len(full["targets"]) == 2
    own = _client(world.users["unit_officer"]).get(f"/api/v1/warnings/{warning.pk}").json()
    assert [t["unit_id"] for t in own["targets"]] == [world.orgs["commune_a"].pk]


def test_figures_by_kind_severity_unit_level(world, client_for):
    s3 = make_system(world, "commune_a", "HT cấp 3", level=3)
    make_incident(world, systems=[s3], kind="ransomware", severity="critical")
    make_incident(world, kind="ransomware", severity="high")
    make_incident(world, "finance", kind="phishing", severity="low")
    dismissed = make_incident(world, kind="ddos")
    services.incident_dismiss(actor=world.users["specialist"], incident=dismissed, reason="nhầm")
    today = clock.today()
    figures = selectors.incident_figures(user=world.users["specialist"], start=today - dt.timedelta(days=1), end=today)
    assert figures["total"] == 3
    assert dict(figures["by_kind"]) == {"Mã độc tống tiền": 2, "Lừa đảo, giả mạo": 1}
    assert dict(figures["by_level"]) == {"Cấp độ 3": 1, "Chưa xác định": 2}
    assert dict(figures["by_unit"])["Xã An Bình"] == 2
    own = selectors.incident_figures(user=world.users["unit_officer"], start=today - dt.timedelta(days=1), end=today)
    assert own["total"] == 2
    page = client_for("auditor").get(reverse("incidents:figures")).content.decode()
    assert "Mã độc tống tiền" in page
    api = _client(world.users["auditor"]).get("/api/v1/incidents/figures").json()
    assert api["total"] == 3
