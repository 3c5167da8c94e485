"""The contact point without an account: report, throttle, honeypot, attachments, tracking, contacts."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from attt.core import clock
from attt.incidents import services
from attt.incidents.models import Incident

from .factories import Upload

pytestmark = pytest.mark.django_db


def _form(world, **over):
    detected = (clock.now() - dt.timedelta(hours=1)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    data = {"province": world.orgs["province"].pk, "title": "Trang web giả mạo", "kind": "phishing",
            "description": "Trang lừa nộp phí", "detected_at": detected.strftime("%d/%m/%Y %H:%M"),
            "reporter_name": "Nguyễn Văn Dân", "reporter_phone": "0987654321", "website": ""}
    data.update(over)
    return data


def test_citizen_reports_and_tracks_without_internal_details(world):
    c = Client()
    response = c.post(reverse("incidents:public_report"), _form(world, files=[Upload("anh.png", b"\x89PNG\r\n\x1a\nx")]))
    assert response.status_code == 200
    incident = Incident.objects.get()
    assert incident.source == "public" and incident.unit == world.orgs["province"]
    assert incident.tracking_code in response.content.decode()
    assert incident.files.get().from_public
    sp = world.users["specialist"]
    services.incident_verify(actor=sp, incident=incident)
    services.incident_add_action(actor=sp, incident=incident, text="BÍ MẬT: IP nguồn 10.0.0.5")
    services.incident_add_action(actor=sp, incident=incident, text="Đã yêu cầu nhà mạng chặn tên miền", public=True)
    page = c.get(reverse("incidents:public_track") + "?code=" + incident.tracking_code.lower()).content.decode()
    assert "Đang xác minh" in page and "Đã yêu cầu nhà mạng chặn tên miền" in page
    assert "BÍ MẬT" not in page and "10.0.0.5" not in page and sp.username not in page
    missing = c.get(reverse("incidents:public_track") + "?code=SC-AAAA-BBBB-CCCC").content.decode()
    assert "Không tìm thấy" in missing


def test_flood_is_throttled_with_a_clear_message(world):
    c = Client(REMOTE_ADDR="203.0.113.9")
    for _i in range(5):
        assert c.post(reverse("incidents:public_report"), _form(world)).status_code == 200
    response = c.post(reverse("incidents:public_report"), _form(world))
    assert response.status_code == 429
    assert "quá nhiều báo cáo" in response.content.decode()
    assert Incident.objects.count() == 5
    # Another address is not throttled; and an hour later the first one may report again.
    assert Client(REMOTE_ADDR="203.0.113.10").post(reverse("incidents:public_report"), _form(world)).status_code == 200
    clock.set_offset(dt.timedelta(minutes=61))
    assert c.post(reverse("incidents:public_report"), _form(world)).status_code == 200
    assert Incident.objects.count() == 7


def test_a_flood_of_invalid_posts_is_throttled_too(world):
    c = Client(REMOTE_ADDR="203.0.113.77")
    for _i in range(20):
        assert c.post(reverse("incidents:public_report"), {"title": ""}).status_code == 400
    response = c.post(reverse("incidents:public_report"), _form(world))
    assert response.status_code == 429 and not Incident.objects.exists()


def test_honeypot_saves_nothing(world):
    response = Client().post(reverse("incidents:public_report"), _form(world, website="http://spam"))
    assert response.status_code == 400 and not Incident.objects.exists()


@pytest.mark.parametrize("upload,message", [
    (Upload("hoadon.pdf.exe", b"MZ\x90"), "thực thi"),
    (Upload("big.txt", b"a" * (10 * 1024 * 1024 + 1)), "quá lớn"),
])
def test_bad_attachments_are_refused_clearly(world, upload, message):
    response = Client().post(reverse("incidents:public_report"), _form(world, files=[upload]))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_future_detection_and_missing_contact(world):
    future = (clock.now() + dt.timedelta(days=2)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    response = Client().post(reverse("incidents:public_report"),
                             _form(world, detected_at=future.strftime("%d/%m/%Y %H:%M")))
    assert response.status_code == 400 and "tương lai" in response.content.decode()
    response = Client().post(reverse("incidents:public_report"), _form(world, reporter_phone=""))
    assert response.status_code == 400 and "điện thoại hoặc email" in response.content.decode()
    assert not Incident.objects.exists()


def test_contacts_are_public_and_searchable_without_diacritics(world):
    from attt.orgs import services as org_services

    org_services.org_update(actor=None, org=world.orgs["commune_b"], incident_phone="0207 111 222",
                            incident_email="attt@binhminh.gov.vn")
    org_services.org_update(actor=None, org=world.orgs["finance"], incident_phone="0207 333 444")
    page = Client().get(reverse("incidents:public_contacts") + "?q=binh+minh").content.decode()
    assert "Phường Bình Minh" in page and "0207 111 222" in page and "0207 333 444" not in page
