"""Excel/CSV imports run as background jobs: the request refuses a bad file at once (type, header),
keeps a good one and starts the job; the job imports all rows or none and says what it did."""
from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.models import AuditEvent, Job
from attt.orgs.models import Organisation


def _csv(text: str, name="to-chuc.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def test_bad_file_is_refused_in_the_request_and_nothing_is_queued(world, client_for):
    client = client_for("specialist")
    response = client.post("/orgs/import/", {"file": _csv("Tên,Loại\nA,x\n")})
    assert response.status_code == 200 and "Tệp thiếu cột: Mã." in response.content.decode()
    response = client.post("/orgs/import/", {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage")})
    assert response.status_code == 200 and "bị hỏng" in response.content.decode()
    response = client.post("/orgs/import/", {"file": _csv("Mã,Tên\nA,B\n", name="t" * 210 + ".csv")})
    assert response.status_code == 200 and "Tên tệp quá dài (214 ký tự" in response.content.decode()
    assert not Job.objects.exists()


def test_import_job_saves_all_rows_with_one_audit_event(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("specialist")
    before = AuditEvent.objects.filter(action="org.import").count()
    text = "Mã,Tên,Loại,Mã đơn vị cấp trên\nT-A,Xã Thử A,commune,P1\nT-B,Xã Thử B,commune,P1\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/orgs/import/", {"file": _csv(text)})
    assert response.status_code == 302
    job = Job.objects.get(kind="orgs.import")
    assert job.state == Job.State.DONE and job.progress == 100
    assert job.result_text == "Đã nhập: 2 tổ chức mới, 0 tổ chức cập nhật."
    assert not default_storage.exists(job.params["input"])  # the kept file goes once imported
    assert set(Organisation.objects.filter(code__startswith="T-").values_list("code", flat=True)) == {"T-A", "T-B"}
    assert AuditEvent.objects.filter(action="org.import").count() == before + 1
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập: 2 tổ chức mới" in page and f'id="job-{job.pk}"' in page


def test_failed_import_keeps_nothing_and_can_be_retried(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("specialist")
    text = "Mã,Tên,Loại,Mã đơn vị cấp trên\nT-A,Xã Thử A,commune,P1\nT-B,,commune,P1\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/orgs/import/", {"file": _csv(text)})
    job = Job.objects.get(kind="orgs.import")
    assert job.state == Job.State.FAILED and "Dòng 3: thiếu tên" in job.error
    assert not Organisation.objects.filter(code__startswith="T-").exists()
    assert default_storage.exists(job.params["input"])  # kept for a retry
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{job.pk}/retry/", {"next": "/orgs/import/"})
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.attempts == 2  # the same file, the same answer
    default_storage.delete(job.params["input"])


def test_another_user_cannot_see_the_import_job(world, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("specialist").post("/orgs/import/", {"file": _csv("Mã,Tên,Loại\nT-C,Xã C,commune\n")})
    job = Job.objects.get(kind="orgs.import")
    assert client_for("admin").get(f"/jobs/{job.pk}/").status_code == 404
    assert f'id="job-{job.pk}"' not in client_for("admin").get(f"/orgs/import/?job={job.pk}").content.decode()


IMPORT_PAGES = {  # every Excel/CSV import and its page: one view helper, one form (attt.core.table_views)
    "systems.import": "/systems/import/",
    "orgs.import": "/orgs/import/",
    "reporting.coverage_import": "/reports/coverage/import/",
    "preparedness.drills_import": "/preparedness/drills/import/",
    "preparedness.suppliers_import": "/preparedness/suppliers/import/",
}


def test_every_table_import_is_a_job_with_its_page(world, client_for):
    from attt.core import table_jobs

    assert set(table_jobs.IMPORTS) == set(IMPORT_PAGES)
    client = client_for("specialist")
    for kind, url in IMPORT_PAGES.items():
        page = client.get(url).content.decode()
        assert 'id="import-form"' in page and f'data-job-start="{kind}|"' in page, url
        spec = table_jobs.IMPORTS[kind]
        assert all(spec.label(c) in page for c in spec.required), url  # the columns are named on the page
        # a wrong file is refused on the page itself, in Vietnamese, and nothing is queued
        response = client.post(url, {"file": _csv("x\n1\n", name="bang.csv"), "organisation": world.org("province").pk})
        assert response.status_code == 200 and "Tệp thiếu cột: " in response.content.decode(), url
    assert not Job.objects.exists()
