import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.orgs.services import token_create
from attt.systems import services
from attt.systems.models import System
from attt.systems.tabular import HEADER_VI

from .conftest import pdf


def _api(world, role):
    from django.test import Client

    key = token_create(actor=world.users[role], name="t")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_api_refuses_approval_without_authority(world, appraised):
    services.document_upload(actor=world.users["unit_officer"], dossier=appraised, part="security_regulation",
                             upload=pdf())
    url = f"/api/v1/dossiers/{appraised.pk}/approve"
    body = {"decision_number": "9/QĐ"}
    response = _api(world, "specialist").post(url, body, content_type="application/json")
    assert response.status_code == 403
    response = _api(world, "unit_head").post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "approved"


def test_api_approval_without_quy_che_is_a_400(world, appraised):
    response = _api(world, "unit_head").post(f"/api/v1/dossiers/{appraised.pk}/approve", {"decision_number": "9/QĐ"},
                                             content_type="application/json")
    assert response.status_code == 400 and "quy chế" in response.json()["detail"]


def test_api_control_patch(world, draft):
    control = draft.system.controls.first()
    client = _api(world, "unit_officer")
    response = client.patch(f"/api/v1/controls/{control.pk}", {"status": "implemented"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "implemented"
    assert _api(world, "officer_b").patch(f"/api/v1/controls/{control.pk}", {"status": "implemented"},
                                          content_type="application/json").status_code == 404
    assert _api(world, "auditor").patch(f"/api/v1/controls/{control.pk}", {"status": "partial"},
                                        content_type="application/json").status_code == 403


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER_VI[:19])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("he-thong.xlsx", buffer.getvalue())


def test_import_with_broken_rows_saves_nothing(world, client_for, django_capture_on_commit_callbacks):
    good = ["Một cửa điện tử xã", "P1-XA", "", "Phục vụ người dân, doanh nghiệp", "Đang vận hành", "01/02/2024",
            "Thông tin cá nhân", 100, 0, 500, 3, "", "có", "VNPT", "không", "motcua.xa.gov.vn", "", "", "VNPT | iGate | 3"]
    bad = ["", "KHONG-CO", "", "Lạ", "", "31/02/2024", "", "nhiều", 0, 0, 9, "", "có lẽ", "", "", "", "", "", ""]
    client = client_for("unit_officer")
    with django_capture_on_commit_callbacks(execute=True):  # the import runs as a job (Huey immediate in tests)
        response = client.post("/systems/import/", {"file": _xlsx([good, bad])})
    assert response.status_code == 302 and "?job=" in response["Location"]
    text = client.get(response["Location"]).content.decode()
    assert "job-error" in text and "chưa có gì được lưu" in text
    assert "Dòng 3: thiếu tên hệ thống" in text and "KHONG-CO" in text and "31/02/2024" in text
    assert not System.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/systems/import/", {"file": _xlsx([good])})
    assert response.status_code == 302
    text = client.get(response["Location"]).content.decode()
    assert "Đã nhập: 1 hệ thống mới, 0 hệ thống cập nhật." in text
    system = System.objects.get()
    assert system.service_maturity == 3 and system.soc_monitored and system.info_types == ["personal"]
    assert str(system.products.get()) == "VNPT iGate 3"
    export = client_for("unit_officer").get("/systems/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:2] == ["Một cửa điện tử xã", "P1-XA"]


def test_import_refuses_other_units(world, client_for, django_capture_on_commit_callbacks):
    row = ["Hệ thống lạ", "P1-XB", "", "", "", "", "", 0, 0, 0, 0, "", "", "", "", "", "", "", ""]
    client = client_for("unit_officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/systems/import/", {"file": _xlsx([row])})
    assert "không có quyền" in client.get(response["Location"]).content.decode()
    assert not System.objects.exists()


def test_classify_page_refuses_lower_level(world, portal, client_for):
    client = client_for("unit_officer")
    page = client.get(f"/systems/{portal.pk}/classify/")
    assert 'id="criteria-level">3<' in page.content.decode()
    data = {"system_kind": "public_service", "info_types": ["public", "personal"], "users": 25000,
            "service_maturity": 0, "scope": "unit", "national_security_harm": "none", "construction_grade": "none",
            "proposed_level": 2}
    response = client.post(f"/systems/{portal.pk}/classify/", data)
    assert response.status_code == 200 and "cấp độ 3 trở lên" in response.content.decode()
    data["proposed_level"] = ""
    response = client.post(f"/systems/{portal.pk}/classify/", data)
    assert response.status_code == 302
    assert portal.dossiers.get().level == 3
