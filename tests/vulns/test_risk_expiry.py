"""Accepted risks that expire reopen: the daily task, the command and the service do the same, once."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from attt.core import clock
from attt.core.models import AuditEvent
from attt.vulns import selectors, services
from attt.vulns.models import Finding, FindingEvent

from .conftest import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(world, estate, on_day):
    officer, specialist = world.users["unit_officer"], world.users["specialist"]
    services.scan_import(actor=officer, organisation=world.org("commune_a"), stream=sample("portal.nessus"),
                         filename="portal.nessus")
    rows = list(Finding.objects.filter(plugin_id__in=["156860", "183391"]).order_by("plugin_id"))
    for f, days in zip(rows, (10, 40)):
        services.finding_request_risk(actor=officer, finding=f, reason="Sắp thay hệ thống",
                                      expires=on_day + dt.timedelta(days=days))
        services.finding_decide_risk(actor=specialist, finding=f, approve=True)
    return {f.plugin_id: f.pk for f in rows}


def test_expired_acceptance_reopens_with_a_new_deadline_notice_and_one_audit_event(world, accepted, on_day,
                                                                                   client_for):
    from attt.directives.models import Notification

    log4j = accepted["156860"]
    active_before = sum(selectors.open_by_severity_per_unit(world.org("commune_a")).get(
        world.org("commune_a").path, {}).values())
    clock.travel_to(dt.datetime(2026, 3, 12, 0, 20))  # the expiry day itself: still accepted
    assert services.risk_acceptances_expire() == {"reopened": 0, "notified": 0}
    clock.travel_to(dt.datetime(2026, 3, 13, 0, 20))
    result = services.risk_acceptances_expire()
    assert result["reopened"] == 1 and result["notified"] >= 1
    f = Finding.objects.get(pk=log4j)
    # Level-3 portal, critical: 15 days from today (sla.yaml).
    assert f.state == "open" and f.active and f.due_date == dt.date(2026, 3, 28)
    assert Finding.objects.get(pk=accepted["183391"]).state == "risk_accepted"
    event = f.events.get(kind=FindingEvent.Kind.RISK_EXPIRED)
    assert "12/03/2026" in event.text and "28/03/2026" in event.text
    notes = Notification.objects.filter(user=world.users["unit_officer"])
    assert notes.count() == 1 and "28/03/2026" in notes.get().body
    assert not Notification.objects.filter(user=world.users["officer_b"]).exists()
    audit = AuditEvent.objects.filter(action="finding.risk_expired")
    assert audit.count() == 1 and audit.get().changes["findings"] == [log4j]
    active_after = sum(selectors.open_by_severity_per_unit(world.org("commune_a")).get(
        world.org("commune_a").path, {}).values())
    assert active_after == active_before + 1
    # Idempotent.
    assert services.risk_acceptances_expire()["reopened"] == 0
    assert AuditEvent.objects.filter(action="finding.risk_expired").count() == 1
    assert FindingEvent.objects.filter(kind=FindingEvent.Kind.RISK_EXPIRED).count() == 1
    page = client_for("unit_officer").get(f.get_absolute_url()).content.decode()
    assert "Hết hạn chấp nhận rủi ro, mở lại" in page and "đã hết hạn" in page


def test_command_and_daily_task_run_the_same_function(world, accepted):
    from attt.vulns.tasks import expire_risk_acceptances

    clock.travel_to(dt.datetime(2026, 4, 20, 0, 20))
    out = io.StringIO()
    call_command("vulns_expire_risks", "--json", stdout=out)
    assert json.loads(out.getvalue())["reopened"] == 2
    assert expire_risk_acceptances.call_local() == {"reopened": 0, "notified": 0}
    assert not Finding.objects.filter(state="risk_accepted").exists()
    # Huey reads crontabs in UTC: 17:20 UTC is 00:20 in Vietnam, the start of the local day.
    at = dt.datetime(2026, 4, 20, 0, 20, tzinfo=clock.aware(dt.datetime(2026, 4, 20)).tzinfo)
    utc = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    assert expire_risk_acceptances.task_class().validate_datetime(utc)
    assert not expire_risk_acceptances.task_class().validate_datetime(utc + dt.timedelta(hours=7))
