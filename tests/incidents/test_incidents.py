"""Reporting and handling: the flow, the timeline, the clocks, and bad input that saves nothing."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from attt.core import clock
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.incidents import selectors, services
from attt.incidents.models import Incident, IncidentEvent, IncidentFile

from .factories import Upload, make_incident, make_system

pytestmark = pytest.mark.django_db


def test_unit_reports_with_system_level_and_operator_filled_in(world):
    system = make_system(world, "commune_a", "Cổng thông tin xã", level=3)
    incident = make_incident(world, systems=[system], files=[Upload("log.txt", b"GET /admin 200")])
    assert incident.regime_code == clocks_regime_today()
    assert incident.operator == world.orgs["commune_a"] and incident.owner == world.orgs["commune_a"]
    assert list(incident.affected.values_list("level", flat=True)) == [3]
    f = incident.files.get()
    import hashlib

    assert f.sha256 == hashlib.sha256(b"GET /admin 200").hexdigest()
    assert AuditEvent.objects.filter(action="incident.report", object_id=str(incident.pk)).exists()


def clocks_regime_today():
    from attt.incidents import regime

    return regime.regime_for(clock.today())


def test_full_handling_flow_with_timeline(world):
    sp, resp = world.users["specialist"], world.users["responder"]
    incident = make_incident(world)
    services.incident_verify(actor=sp, incident=incident)
    services.incident_start_handling(actor=sp, incident=incident)
    services.incident_assign(actor=sp, incident=incident, responder=resp)
    services.incident_set_phase(actor=resp, incident=incident, phase="eradicate")
    services.incident_add_action(actor=resp, incident=incident, text="Gỡ mã độc khỏi máy chủ")
    services.incident_decide_serious(actor=sp, incident=incident, facts={"critical_system", "loss_of_control",
                                                                            "owner_cannot_handle"})
    services.incident_mark_notified(actor=sp, incident=incident, recipients="A05 Bộ Công an")
    services.incident_end_response(actor=resp, incident=incident)
    incident = services.incident_close(actor=sp, incident=incident, closing_summary="Đã khôi phục",
                                       lessons_learned="Vá lỗ hổng kịp thời")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED and incident.serious is True
    assert list(incident.responders.all()) == [resp]
    kinds = list(incident.events.values_list("kind", flat=True))
    assert kinds == ["reported", "status", "status", "assign", "phase", "action", "serious", "notify", "phase",
                     "close"]
    states = {c.id: c.state for c in selectors.incident_clocks(incident)}
    assert set(states.values()) <= {"met"}, states


def test_detection_in_the_future_is_refused_and_nothing_saved(world):
    with pytest.raises(DomainError) as exc:
        make_incident(world, hours_ago=-2, files=[Upload("a.txt", b"x")])
    assert exc.value.field == "detected_at" and "tương lai" in str(exc.value)
    assert not Incident.objects.exists() and not IncidentFile.objects.exists()


def test_an_executable_attachment_refuses_the_whole_report(world):
    with pytest.raises(DomainError):
        make_incident(world, files=[Upload("ok.txt", b"x"), Upload("virus.exe", b"MZ\x00")])
    assert not Incident.objects.exists() and not IncidentEvent.objects.exists()


def test_closing_before_handling_is_refused(world):
    incident = make_incident(world)
    with pytest.raises(DomainError) as exc:
        services.incident_close(actor=world.users["specialist"], incident=incident, closing_summary="x")
    assert "đang xử lý" in str(exc.value)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RECEIVED and incident.closed_at is None


def test_units_cannot_handle_and_cannot_report_for_another_unit(world):
    incident = make_incident(world)
    with pytest.raises(PermissionDenied):
        services.incident_verify(actor=world.users["unit_officer"], incident=incident)
    with pytest.raises(PermissionDenied):
        services.incident_report(actor=world.users["officer_b"], unit=world.orgs["commune_a"], fields={
            "title": "x", "description": "x", "reporter_name": "x", "detected_at": clock.now()})


def test_foreign_system_is_refused(world):
    other = make_system(world, "commune_b", "Hệ thống xã B")
    with pytest.raises(DomainError) as exc:
        make_incident(world, systems=[other])
    assert exc.value.field == "systems"
    assert not Incident.objects.exists()


def test_assign_only_people_who_may_handle(world):
    incident = make_incident(world)
    with pytest.raises(DomainError):
        services.incident_assign(actor=world.users["specialist"], incident=incident, responder=world.users["auditor"])


def test_dismiss_needs_a_reason_and_hides_clocks(world):
    incident = make_incident(world)
    with pytest.raises(DomainError):
        services.incident_dismiss(actor=world.users["specialist"], incident=incident, reason=" ")
    services.incident_dismiss(actor=world.users["specialist"], incident=incident, reason="Báo nhầm")
    incident.refresh_from_db()
    assert incident.status == "dismissed" and selectors.incident_clocks(incident) == []


def test_clock_goes_overdue_when_time_moves(world):
    incident = make_incident(world, hours_ago=1)
    assert {c.state for c in selectors.incident_clocks(incident)} == {"running"} or all(
        c.state in {"running", "due_soon", "waiting"} for c in selectors.incident_clocks(incident))
    clock.set_offset(dt.timedelta(days=10))
    worst = selectors.worst_clock(selectors.incident_clocks(incident))
    assert worst is not None and worst.state == "overdue"


def test_page_flow_and_messages(world, client_for):
    c = client_for("specialist")
    incident = make_incident(world)
    url = reverse("incidents:detail", args=[incident.pk])
    assert c.post(reverse("incidents:transition", args=[incident.pk]), {"to": "verify"}).status_code == 302
    page = c.get(url)
    assert "Đang xác minh" in page.content.decode()
    response = c.post(reverse("incidents:close", args=[incident.pk]), {"closing_summary": "x"})
    assert response.status_code == 200 and "Chỉ đóng được sự cố đang xử lý" in response.content.decode()
    response = c.post(reverse("incidents:evidence", args=[incident.pk]),
                      {"file": Upload("x.exe", b"MZ")}, follow=True)
    assert "tệp thực thi" in response.content.decode() and not incident.files.exists()


def test_report_page_creates_an_incident(world, client_for):
    system = make_system(world, "commune_a", "Cổng thông tin xã A", level=2)
    c = client_for("unit_officer")
    form = c.get(reverse("incidents:create")).content.decode()
    assert "Cổng thông tin xã A" in form
    detected = (clock.now() - dt.timedelta(hours=3)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    response = c.post(reverse("incidents:create"), {
        "unit": world.orgs["commune_a"].pk, "title": "Mã độc tống tiền", "kind": "ransomware", "severity": "high",
        "reporter_name": "Cán bộ", "systems": [system.pk], "description": "Dữ liệu bị mã hóa",
        "detected_at": detected.strftime("%d/%m/%Y %H:%M")})
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert incident.affected.get().level == 2
    future = (clock.now() + dt.timedelta(days=1)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    response = c.post(reverse("incidents:create"), {
        "unit": world.orgs["commune_a"].pk, "title": "x", "kind": "other", "severity": "low", "reporter_name": "y",
        "description": "z", "detected_at": future.strftime("%d/%m/%Y %H:%M")})
    assert response.status_code == 200 and "tương lai" in response.content.decode()
    assert Incident.objects.count() == 1


def test_list_query_count_is_flat(world, client_for, django_assert_max_num_queries):
    for _i in range(3):
        make_incident(world, systems=[make_system(world, "commune_a", f"HT {_i}")])
    c = client_for("specialist")
    c.get(reverse("incidents:list"))
    with django_assert_max_num_queries(12):
        assert c.get(reverse("incidents:list")).status_code == 200
    for _i in range(10):
        make_incident(world)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("incidents:list")).status_code == 200


def test_search_ignores_diacritics(world, client_for):
    make_incident(world, title="Máy chủ thư điện tử bị chiếm quyền")
    page = client_for("specialist").get(reverse("incidents:list") + "?q=may+chu+thu+dien+tu").content.decode()
    assert "Máy chủ thư điện tử bị chiếm quyền" in page
    assert "bị chiếm quyền" not in client_for("specialist").get(
        reverse("incidents:list") + "?q=ransomware").content.decode()
