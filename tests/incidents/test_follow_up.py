"""A unit adds a follow-up note to its own incident after reporting (issue 14); another unit
cannot (a foreign incident is a 404), and a closed incident takes no more notes."""
from __future__ import annotations

import pytest
from django.urls import reverse

from attt.core.errors import DomainError
from attt.incidents import services

from .factories import closed_incident, make_incident


def test_reporting_unit_adds_a_follow_up(world, client_for):
    incident = make_incident(world)
    client = client_for("unit_officer")
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'id="follow-up-form"' in page
    response = client.post(reverse("incidents:note", args=[incident.pk]),
                           {"text": "Phát hiện thêm tệp lạ trong thư mục tải lên."}, follow=True)
    assert response.status_code == 200
    assert "Phát hiện thêm tệp lạ" in response.content.decode()
    assert incident.events.filter(text__contains="Phát hiện thêm tệp lạ").exists()
    other = client_for("officer_b").post(reverse("incidents:note", args=[incident.pk]), {"text": "x"})
    assert other.status_code == 404


def test_no_follow_up_once_closed(world):
    incident = closed_incident(world)
    with pytest.raises(DomainError):
        services.incident_add_note(actor=world.users["unit_officer"], incident=incident, text="Thêm")
