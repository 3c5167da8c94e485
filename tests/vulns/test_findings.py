"""Finding states (fix with evidence, risk acceptance approved by the specialist, false positive),
warnings meet findings, and the figures for the dashboard and the reports."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core import clock
from attt.core.errors import DomainError
from attt.vulns import selectors, services
from attt.vulns.models import Finding

from .conftest import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(world, estate):
    return services.scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                stream=sample("portal.nessus"), filename="portal.nessus")


def log4j():
    return Finding.objects.get(plugin_id="156860")


def test_fix_with_evidence_then_a_later_scan_reopens(world, imported):
    officer = world.users["unit_officer"]
    with pytest.raises(DomainError):
        services.finding_fix(actor=officer, finding=log4j(), note="")
    evidence = SimpleUploadedFile("ket-qua-va.txt", "Đã nâng cấp log4j 2.17.1".encode(), content_type="text/plain")
    services.finding_fix(actor=officer, finding=log4j(), note="Nâng cấp log4j", evidence=evidence)
    f = log4j()
    assert f.state == "fixed" and f.events.get(kind="fixed").evidence
    assert selectors.mean_time_to_fix(world.org("commune_a")) is not None
    again = services.scan_import(actor=officer, organisation=world.org("commune_a"), stream=sample("portal.nessus"),
                                 filename="portal.nessus")
    assert again.summary["reopened"] == 1 and log4j().state == "open"


def test_risk_acceptance_needs_reason_expiry_and_the_specialist(world, imported):
    officer, specialist = world.users["unit_officer"], world.users["specialist"]
    with pytest.raises(DomainError):
        services.finding_request_risk(actor=officer, finding=log4j(), reason="", expires=clock.today() + dt.timedelta(30))
    with pytest.raises(DomainError):
        services.finding_request_risk(actor=officer, finding=log4j(), reason="Hệ thống sắp thay", expires=clock.today())
    services.finding_request_risk(actor=officer, finding=log4j(), reason="Hệ thống sắp thay",
                                  expires=clock.today() + dt.timedelta(days=60))
    assert log4j().state == "risk_pending"
    with pytest.raises(PermissionDenied):
        services.finding_decide_risk(actor=officer, finding=log4j(), approve=True)
    services.finding_decide_risk(actor=specialist, finding=log4j(), approve=True, note="Đồng ý đến khi thay")
    f = log4j()
    assert f.state == "risk_accepted" and f.risk_approved_by == specialist
    # An accepted risk is not reopened or closed by later scans, and not overdue.
    services.scan_import(actor=officer, organisation=world.org("commune_a"), stream=sample("portal.nessus"),
                         filename="portal.nessus")
    assert log4j().state == "risk_accepted"


def test_false_positive_and_scope(world, imported):
    with pytest.raises(PermissionDenied):
        services.finding_mark_false_positive(actor=world.users["officer_b"], finding=log4j(), reason="x")
    services.finding_mark_false_positive(actor=world.users["unit_officer"], finding=log4j(), reason="Thư viện không dùng")
    assert log4j().state == "false_positive"


def test_page_actions(world, imported, client_for):
    c = client_for("unit_officer")
    f = log4j()
    r = c.post(f"/vulns/{f.pk}/risk/", {"reason": "Sắp thay thế", "expires": "30/04/2026"})
    assert r.status_code == 302 and log4j().state == "risk_pending"
    page = client_for("specialist").get(f.get_absolute_url()).content.decode()
    assert "Duyệt chấp nhận rủi ro" in page
    client_for("specialist").post(f"/vulns/{f.pk}/approve/", {"note": "Đồng ý"})
    assert log4j().state == "risk_accepted"


def test_overdue_and_figures(world, imported, on_day):
    unit = world.org("commune_a")
    assert selectors.sla_overdue_count(unit) == 0
    clock.travel_to(dt.datetime(2026, 3, 20, 9, 0))
    assert selectors.sla_overdue_count(unit) == 1  # the critical (15 days); highs have 30
    assert selectors.sla_overdue_count(world.users["officer_b"]) == 0
    per_unit = selectors.open_by_severity_per_unit(world.users["specialist"])
    assert per_unit[unit.path] == {0: 1, 1: 1, 2: 2, 3: 2, 4: 1}
    services.finding_fix(actor=world.users["unit_officer"], finding=log4j(), note="Đã nâng cấp")
    per_unit = selectors.open_by_severity_per_unit(unit)
    assert 4 not in per_unit[unit.path] and per_unit[unit.path][3] == 2
    assert selectors.open_by_severity_per_system(unit)[log4j().system_id][3] == 1


def test_warning_page_lists_exposed_findings(world, imported, client_for):
    from attt.incidents import services as incident_services

    warning = incident_services.warning_publish(
        actor=world.users["specialist"], issuer=world.orgs["police"], title="Log4Shell", severity="high",
        cves_text="CVE-2021-44228", products_text="", description="Mô tả", recommended_actions="Cập nhật",
        deadline=clock.today() + dt.timedelta(days=7), manual_units=[world.orgs["commune_a"]])
    assert list(selectors.findings_for_cves(user=world.users["specialist"], cves=warning.cves)) == [log4j()]
    page = client_for("specialist").get(warning.get_absolute_url()).content.decode()
    assert 'id="warning-findings"' in page and "Cổng dịch vụ công xã An Bình" in page
    assert not selectors.findings_for_cves(user=world.users["officer_b"], cves=warning.cves).exists()
