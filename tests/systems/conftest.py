"""Systems fixtures: a level-3 public service owned by the finance department and operated by
commune A, classified under the legacy regime (approval by the finance unit head)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core import clock

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="quy-che.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def on_a_workday():
    clock.travel_to(dt.date(2026, 3, 2))  # a Monday after Tết 2026
    yield dt.date(2026, 3, 2)


@pytest.fixture
def portal(world, on_a_workday):
    from attt.systems import services

    return services.system_create(
        actor=world.users["unit_officer"], owner=world.org("finance"), operator=world.org("commune_a"),
        name="Cổng dịch vụ công thử nghiệm", kind="public_service", info_types=["public", "personal"],
        users_count=25000, personal_subjects=25000, regime_code="legacy-nd85", status="operating")


@pytest.fixture
def draft(world, portal):
    from attt.systems import services

    return services.classify_system(actor=world.users["unit_officer"], system=portal,
                                    facts=services.default_facts(portal))


@pytest.fixture
def appraised(world, draft):
    from attt.systems import services

    services.dossier_submit(actor=world.users["unit_officer"], dossier=draft)
    services.dossier_receive(actor=world.users["specialist"], dossier=draft)
    services.dossier_appraise(actor=world.users["specialist"], dossier=draft, note="Đạt")
    draft.refresh_from_db()
    return draft
