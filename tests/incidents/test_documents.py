"""Reports upward: DOCX in the regime's forms, read back with python-docx; the notification ZIP."""
import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse

from attt.core import clock

from tests.documents_via_job import docx_text as _text, fetch

from .factories import Upload, closed_incident, make_incident, make_system

pytestmark = pytest.mark.django_db


def test_initial_report_new_regime_has_layout_and_content(world, client_for, django_capture_on_commit_callbacks):
    system = make_system(world, "commune_a", "Cổng thông tin xã An Bình", level=3)
    incident = make_incident(world, systems=[system], addresses="anbinh.gov.vn", help_requested="Hỗ trợ điều tra")
    started, job, content = fetch(client_for("unit_officer"), reverse("incidents:report", args=[incident.pk, "initial"]),
                                  django_capture_on_commit_callbacks)
    assert started.status_code == 302 and job.result_name == f"bao-cao-ban-dau-su-co-{incident.pk}.docx"
    text = _text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    today = clock.today()
    assert f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}" in text
    assert "Cổng thông tin xã An Bình (cấp độ 3)" in text and "anbinh.gov.vn" in text
    assert "Hỗ trợ điều tra" in text
    if incident.regime_code == "new-nd331":
        assert "BÁO CÁO BAN ĐẦU SỰ CỐ AN NINH MẠNG" in text and "331/2026" in text


def test_legacy_incident_uses_form_03_and_04(world):
    from attt.incidents import documents

    incident = closed_incident(world)
    incident.regime_code = "legacy-nd85"
    assert "Mẫu số 03" in _text(documents.initial_report(incident))
    closing = _text(documents.closing_report(incident))
    assert "Mẫu số 04" in closing and "BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ AN TOÀN THÔNG TIN MẠNG" in closing
    assert "Cập nhật phần mềm" in closing  # lessons learned


def test_closing_report_only_after_closing(world, client_for, django_capture_on_commit_callbacks):
    from attt.core.models import Job

    incident = make_incident(world)
    client = client_for("specialist")
    started, job, _ = fetch(client, reverse("incidents:report", args=[incident.pk, "closing"]),
                            django_capture_on_commit_callbacks)
    assert started.status_code == 302 and job is None and not Job.objects.exists()
    assert "chỉ có sau khi sự cố được đóng" in client.get(started.url).content.decode()
    assert client.get(reverse("incidents:report", args=[incident.pk, "initial"])).status_code == 405


def test_notification_package_holds_reports_json_and_hashes(world, client_for, django_capture_on_commit_callbacks):
    incident = closed_incident(world, files=[Upload("log.txt", b"evil request")])
    _, job, content = fetch(client_for("specialist"), reverse("incidents:package", args=[incident.pk]),
                            django_capture_on_commit_callbacks)
    assert job.result_name == f"goi-thong-bao-su-co-{incident.pk}.zip"
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    assert {"bao-cao-ban-dau.docx", "bao-cao-ket-thuc.docx", "su-co.json", "chung-cu-sha256.json",
            "SHA256SUMS"} <= names
    data = json.loads(archive.read("su-co.json"))
    assert data["tracking_code"] == incident.tracking_code and data["status"] == "closed"
    import hashlib

    assert json.loads(archive.read("chung-cu-sha256.json"))[0]["sha256"] == hashlib.sha256(b"evil request").hexdigest()


def test_regime_of_an_old_incident_is_legacy(world):
    incident = make_incident(world, hours_ago=24 * 400)
    expected = "legacy-nd85" if (clock.now() - dt.timedelta(days=400)).date() < dt.date(2026, 8, 19) else "new-nd331"
    assert incident.regime_code == expected


def test_upward_reports_leave_internal_notes_out_and_are_signed_by_the_unit_head(world):
    from attt.incidents import documents
    from attt.incidents.models import IncidentEvent

    incident = closed_incident(world)
    unit = incident.unit
    unit.head_title, unit.head_name = "Chủ tịch", "Trịnh Văn Chủ"
    unit.save(update_fields=["head_title", "head_name"])
    IncidentEvent.objects.create(incident=incident, at=clock.now(), kind=IncidentEvent.Kind.ACTION,
                                 text="Ghi chú nội bộ: nghi ngờ cán bộ A cài phần mềm lậu")
    IncidentEvent.objects.create(incident=incident, at=clock.now(), kind=IncidentEvent.Kind.PHASE,
                                 text="Chuyển sang giai đoạn khắc phục")
    incident.refresh_from_db()
    closing = _text(documents.closing_report(incident))
    assert "Chuyển sang giai đoạn khắc phục" in closing
    assert "Ghi chú nội bộ" not in closing
    assert "Nơi nhận:" in closing and "Trịnh Văn Chủ" in closing and "CHỦ TỊCH" in closing
    if incident.reporter_name:
        assert incident.reporter_name not in closing.split("Nơi nhận:")[1]
    package = zipfile.ZipFile(io.BytesIO(documents.notification_package(incident)))
    timeline = json.loads(package.read("su-co.json"))["timeline"]
    assert all("Ghi chú nội bộ" not in line["text"] for line in timeline)
    assert any(line["text"] == "Chuyển sang giai đoạn khắc phục" for line in timeline)
