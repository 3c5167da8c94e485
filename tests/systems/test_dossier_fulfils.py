"""An approved dossier is a record that proves a duty: it fulfils the system's open risk-assessment
occurrence (the assessment made when the level is determined) without a second upload; a dossier
that is not approved fulfils nothing."""
import datetime as dt

import pytest

from attt.core import clock
from attt.obligations import services as duty_services
from attt.obligations.fulfilment import fulfilled_by
from attt.obligations.models import DutyRule, Occurrence
from attt.systems import services

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _open_risk_assessment(system):
    duty_services.sync_duty_rules()
    rule = DutyRule.objects.filter(code="risk-assessment", active=True).order_by("-valid_from").first()
    today = clock.today()
    return Occurrence.objects.create(rule=rule, rule_key=rule.key, organisation=system.operator, system=system,
                                     target_key=f"s{system.pk}", title=rule.title, period_start=today,
                                     period_end=today + dt.timedelta(days=90), due_date=today + dt.timedelta(days=30))


def test_approving_the_dossier_fulfils_the_risk_assessment(world, appraised):
    occurrence = _open_risk_assessment(appraised.system)
    services.document_upload(actor=world.users["unit_officer"], dossier=appraised, part="security_regulation",
                             upload=pdf())
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.PENDING
    services.dossier_approve(actor=world.users["unit_head"], dossier=appraised, decision_number="12/QĐ-STC")
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.ACCEPTED
    submission = occurrence.submissions.get()
    assert submission.record_url == appraised.get_absolute_url() and "12/QĐ-STC" in submission.record_label
    assert fulfilled_by(appraised) == [occurrence]
