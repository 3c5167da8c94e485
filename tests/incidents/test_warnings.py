"""Warnings: targeting by registered products, acknowledgement, remediation, the matrix, reminders."""
import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from attt.core import clock
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.incidents import services
from attt.incidents.models import Warning, WarningReminder

from .factories import Upload, make_system, make_warning

pytestmark = pytest.mark.django_db


@pytest.fixture
def exposed(world):
    make_system(world, "commune_a", "Cổng xã A", [("Apache", "HTTP Server", "2.4.57")])
    make_system(world, "finance", "Cổng Sở Tài chính", [("apache", "http server", "2.4.49")])
    make_system(world, "commune_b", "Cổng phường B", [("Apache", "HTTP Server", "2.2.34")])  # not affected
    make_system(world, "commune_q", "Cổng tỉnh bên", [("Apache", "HTTP Server", "2.4.57")])  # other province
    make_system(world, "provider", "Hệ thống nhà mạng", [("Nginx", "nginx", "1.24")])
    return world


def test_warning_reaches_exactly_the_two_units_running_the_product_and_one_fixes(
        exposed, client_for, django_capture_on_commit_callbacks):
    w = exposed
    with django_capture_on_commit_callbacks(execute=True):
        warning = make_warning(w, manual=(), products="Apache | HTTP Server | 2.4.*")
    assert sorted(t.unit.code for t in warning.targets.all()) == sorted([w.orgs["commune_a"].code,
                                                                           w.orgs["finance"].code])
    assert "Cổng xã A: Apache HTTP Server 2.4.57" in warning.targets.get(unit=w.orgs["commune_a"]).matched
    assert sorted(m.to[0] for m in mail.outbox) == ["unit_head@test.local", "unit_officer@test.local"]
    target = warning.targets.get(unit=w.orgs["commune_a"])
    services.warning_acknowledge(actor=w.users["unit_officer"], target=target)
    c = client_for("unit_officer")
    response = c.post(reverse("incidents:warning_fix", args=[target.pk]),
                      {"note": "Đã nâng cấp lên 2.4.62", "evidence": Upload("scan.txt", b"0 vulnerabilities")})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.fixed_at and target.evidence_sha256 and target.fixed_by == w.users["unit_officer"]
    page = client_for("specialist").get(reverse("incidents:warning_detail", args=[warning.pk])).content.decode()
    assert "2 đơn vị nhận cảnh báo · 1 đã tiếp nhận · 1 đã khắc phục" in page
    # The unit sees its own answer, not the others'.
    unit_page = c.get(reverse("incidents:warning_detail", args=[warning.pk])).content.decode()
    assert w.orgs["finance"].name not in unit_page
    # Commune B (older branch) does not see the warning at all.
    assert client_for("officer_b").get(reverse("incidents:warning_detail", args=[warning.pk])).status_code == 404


def test_remind_late_units_by_email_and_record(exposed, django_capture_on_commit_callbacks):
    w = exposed
    warning = make_warning(w, manual=(), products="Apache | HTTP Server | 2.4.*", deadline_days=2)
    with pytest.raises(DomainError):
        services.warning_remind_late(actor=w.users["specialist"], warning=warning)  # nobody is late yet
    services.warning_confirm_fix(actor=w.users["unit_officer"], target=warning.targets.get(unit=w.orgs["commune_a"]),
                                 note="Đã vá")
    clock.set_offset(dt.timedelta(days=3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.warning_remind_late(actor=w.users["specialist"], warning=warning) == 1
    late = warning.targets.get(unit=w.orgs["finance"])
    assert late.reminders == 1 and WarningReminder.objects.filter(target=late).count() == 1
    assert any("Nhắc khắc phục" in m.subject and "unit_head@test.local" in m.to for m in mail.outbox)


@pytest.mark.parametrize("cves", ["CVE-24-1", "CVE-2024-123", "cve2024-1234", "CVE-2024-12a4"])
def test_bad_cve_is_refused(world, cves):
    with pytest.raises(DomainError) as exc:
        services.warning_publish(actor=world.users["specialist"], issuer=world.orgs["police"], title="x",
                                 severity="high", cves_text=cves, products_text="", description="x",
                                 recommended_actions="x", deadline=clock.today(), manual_units=[world.orgs["commune_a"]])
    assert exc.value.field == "cves"
    assert not Warning.objects.exists()


def test_cves_are_normalised_and_deduplicated():
    assert services.parse_cves("cve-2024-3400, CVE-2024-3400\nCVE-2023-44487") == ["CVE-2024-3400", "CVE-2023-44487"]


def test_publish_page_with_manual_unit_and_bad_code(world, client_for):
    c = client_for("specialist")
    data = {"title": "Chiến dịch lừa đảo", "severity": "medium", "cves": "", "products": "",
            "description": "Thư giả mạo", "recommended_actions": "Cảnh giác", "deadline": clock.today().strftime("%d/%m/%Y"),
            "unit_codes": "P1-XB, KHONG-CO"}
    response = c.post(reverse("incidents:warning_create"), data)
    assert response.status_code == 200 and "KHONG-CO" in response.content.decode()
    data["unit_codes"] = "P1-XB"
    assert c.post(reverse("incidents:warning_create"), data).status_code == 302
    assert Warning.objects.get().targets.get().unit == world.orgs["commune_b"]


def test_unit_cannot_publish(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.warning_publish(actor=world.users["unit_officer"], issuer=world.orgs["commune_a"], title="x",
                                 severity="high", cves_text="", products_text="", description="x",
                                 recommended_actions="x", deadline=clock.today(), manual_units=[])


def test_remind_late_units_is_a_job(exposed, client_for, django_capture_on_commit_callbacks):
    from attt.core.models import Job

    w = exposed
    warning = make_warning(w, manual=(), products="Apache | HTTP Server | 2.4.*", deadline_days=2)
    client = client_for("specialist")
    response = client.post(reverse("incidents:warning_remind", args=[warning.pk]), follow=True)
    assert "Không có đơn vị nào quá hạn" in response.content.decode() and not Job.objects.exists()
    clock.set_offset(dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("incidents:warning_remind", args=[warning.pk]))
    assert response.status_code == 302 and "?job=" in response["Location"]  # the page follows the job
    response = client.get(response["Location"])
    job = Job.objects.get(kind="incidents.warning_remind")
    late = warning.targets.filter(fixed_at__isnull=True).count()
    assert job.state == Job.State.DONE and job.result_text == f"Đã gửi nhắc {late} đơn vị quá hạn."
    assert job.result_text in response.content.decode()
    assert WarningReminder.objects.count() == late
    assert AuditEvent.objects.filter(action="warning.remind").count() == 1
