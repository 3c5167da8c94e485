import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from attt.core.errors import DomainError
from attt.systems import selectors, services
from attt.systems.models import Control, Evidence
from attt.systems.services.controls import compliance_of

from .conftest import pdf


def test_compliance_counts_partial_as_half_and_leaves_out_not_applicable():
    S = Control.Status
    assert compliance_of([S.IMPLEMENTED, S.PARTIAL, S.NOT_STARTED, S.NOT_APPLICABLE])[0] == 50
    assert compliance_of([S.IMPLEMENTED, S.NOT_APPLICABLE]) == (100, True)
    assert compliance_of([]) == (None, False)


def test_control_update_moves_the_figure(world, draft):
    system = draft.system
    control = Control.objects.filter(system=system).first()
    n = Control.objects.filter(system=system, active=True).count()
    services.control_update(actor=world.users["unit_officer"], control=control, status="implemented",
                            responsible="Nguyễn Văn A")
    system.refresh_from_db()
    assert float(system.compliance) == round(100 / n, 1)
    with pytest.raises(DomainError, match="lý do"):
        services.control_update(actor=world.users["unit_officer"], control=control, status="not_applicable")
    with pytest.raises(PermissionDenied):
        services.control_update(actor=world.users["auditor"], control=control, status="partial")


def test_evidence_is_versioned_and_hashed(world, draft):
    control = Control.objects.filter(system=draft.system).first()
    first = services.evidence_upload(actor=world.users["unit_officer"], control=control, upload=pdf("bb.pdf"))
    second = services.evidence_upload(actor=world.users["unit_officer"], control=control,
                                      upload=pdf("bb.pdf", b"%PDF-1.7\nkhac\n"))
    assert (first.version, second.version) == (1, 2)
    import hashlib

    assert second.sha256 == hashlib.sha256(b"%PDF-1.7\nkhac\n").hexdigest()


@pytest.mark.parametrize("name,data", [
    ("virus.pdf", b"MZ\x90\x00rest"),
    ("script.sh", b"#!/bin/sh\nrm -rf /\n"),
    ("anh.png", b"not really a png"),
    ("macro.docm", b"PK\x03\x04...."),
])
def test_forbidden_types_are_refused(world, draft, name, data):
    control = Control.objects.filter(system=draft.system).first()
    with pytest.raises(DomainError, match="không được chấp nhận|không đúng định dạng|thực thi"):
        services.evidence_upload(actor=world.users["unit_officer"], control=control,
                                 upload=SimpleUploadedFile(name, data))
    assert not Evidence.objects.exists()


@override_settings(ATTT_UPLOAD_MAX_BYTES=100)
def test_oversized_evidence_is_refused(world, draft):
    control = Control.objects.filter(system=draft.system).first()
    with pytest.raises(DomainError, match="quá lớn"):
        services.evidence_upload(actor=world.users["unit_officer"], control=control,
                                 upload=pdf("lon.pdf", b"%PDF-" + b"x" * 200))
    assert not Evidence.objects.exists()


def test_evidence_page_upload_and_download_scoping(world, draft, client_for):
    control = Control.objects.filter(system=draft.system).first()
    client = client_for("unit_officer")
    response = client.post(f"/systems/controls/{control.pk}/", {"upload": "1", "e-file": pdf("ok.pdf")})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    response = client.get(f"/systems/evidence/{evidence.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for("officer_b").get(f"/systems/evidence/{evidence.pk}/download/").status_code == 404
    bad = client.post(f"/systems/controls/{control.pk}/", {"upload": "1",
                                                            "e-file": SimpleUploadedFile("x.exe", b"MZ...")})
    assert bad.status_code == 200 and "tệp thực thi" in bad.content.decode()
    assert Evidence.objects.count() == 1


def test_overview_figures(world, appraised):
    services.document_upload(actor=world.users["unit_officer"], dossier=appraised, part="security_regulation",
                             upload=pdf())
    services.dossier_approve(actor=world.users["unit_head"], dossier=appraised, decision_number="1/QĐ")
    services.system_create(actor=world.users["unit_officer"], owner=world.org("commune_a"), name="Chưa phê duyệt",
                           status="operating")
    data = selectors.province_overview(user=world.users["specialist"])
    f = data["figures"]
    assert (f["total"], f["operating"], f["operating_approved"], f["operating_without"]) == (2, 2, 1, 1)
    assert f["approved_pct"] == 50.0
    assert [lv["approved"] for lv in data["levels"]] == [0, 0, 1, 0, 0]
    province = data["units"][0]
    assert province["org"] == world.org("province") and province["total"] == 2
    drill = selectors.province_overview(user=world.users["specialist"], root=world.org("province"))
    names = {u["org"].name: u["total"] for u in drill["units"] if u["org"]}
    assert names["Sở Tài chính"] == 1 and names["Xã An Bình"] == 1


def test_overview_page_query_count(world, draft, client_for, django_assert_max_num_queries):
    client = client_for("specialist")
    client.get("/systems/overview/")
    with django_assert_max_num_queries(20):
        response = client.get("/systems/overview/")
    assert response.status_code == 200


def test_list_page_query_count(world, draft, client_for, django_assert_max_num_queries):
    for i in range(12):
        services.system_create(actor=None, owner=world.org("commune_a"), name=f"Hệ thống {i}")
    client = client_for("specialist")
    client.get("/systems/")
    with django_assert_max_num_queries(12):
        response = client.get("/systems/")
    assert response.content.decode().count("/systems/") > 12


def test_docx_decision_reads_back(world, appraised, client_for, django_capture_on_commit_callbacks):
    from tests.documents_via_job import fetch

    services.document_upload(actor=world.users["unit_officer"], dossier=appraised, part="security_regulation",
                             upload=pdf())
    services.dossier_approve(actor=world.users["unit_head"], dossier=appraised, decision_number="12/QĐ-STC",
                             approver_title="Giám đốc Sở Tài chính")
    client = client_for("unit_officer")
    assert client.get(f"/systems/dossiers/{appraised.pk}/docx/decision/").status_code == 405  # a job, never a GET
    started, job, content = fetch(client, f"/systems/dossiers/{appraised.pk}/docx/decision/",
                                  django_capture_on_commit_callbacks)
    assert started.status_code == 302 and started.url.startswith(appraised.get_absolute_url())
    assert job.result_name == f"quyet-dinh-cap-do-HS-{appraised.pk}.docx"
    import docx

    document = docx.Document(io.BytesIO(content))
    header = "\n".join(p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "Số: 12/QĐ-STC" in header and "ngày 02 tháng 3 năm 2026" in header
    body = "\n".join(p.text for p in document.paragraphs)
    assert "QUYẾT ĐỊNH" in body and "Phê duyệt cấp độ 3" in body and appraised.system.name in body
    normal = document.styles["Normal"].font.name  # runs inherit the template's Normal style
    fonts = {r.font.name or normal for p in document.paragraphs for r in p.runs if r.text}
    assert fonts == {"Times New Roman"}
    _, _, expl = fetch(client, f"/systems/dossiers/{appraised.pk}/docx/explanation/", django_capture_on_commit_callbacks)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(expl)).paragraphs)
    assert "THUYẾT MINH" in text and "10.000" in text


@pytest.mark.django_db
def test_saving_a_requirement_reports_compliance_in_the_one_format(world, draft, client_for):
    from django.urls import reverse

    control = Control.objects.filter(system=draft.system, active=True).first()
    n = Control.objects.filter(system=draft.system, active=True).count()
    page = client_for("unit_officer").post(reverse("systems:control", args=[control.pk]),
                                           {"c-status": "implemented", "c-responsible": "Nguyễn Văn A"}, follow=True)
    body = page.content.decode()
    expected = f"{round(100 / n, 1):.1f}".replace(".", ",") + "\u00a0%"
    assert page.status_code == 200 and f"Mức đáp ứng của hệ thống: {expected}." in body
    assert f'id="compliance">{expected}' in body
