"""The warning dispatch (công văn cảnh báo): started from the warning page as a job, read back with
python-docx; the issuing body's head signs, the units are named (or listed in the annex)."""
import pytest
from django.urls import reverse

from attt.core import dates
from tests.documents_via_job import docx_text as _text, fetch

from .factories import make_warning

pytestmark = pytest.mark.django_db


def test_dispatch_from_the_warning_page(world, client_for, django_capture_on_commit_callbacks):
    police = world.orgs["police"]
    police.head_title, police.head_name, police.abbreviation = "Giám đốc", "Nguyễn Văn Thủ Trưởng", "CAT"
    police.save()
    warning = make_warning(world, manual=("commune_a", "commune_b"), products="Fortinet FortiOS 7.2.*")
    client = client_for("specialist")
    page = client.get(warning.get_absolute_url()).content.decode()
    assert reverse("incidents:warning_dispatch", args=[warning.pk]) in page and 'id="warning-dispatch"' in page
    started, job, content = fetch(client, reverse("incidents:warning_dispatch", args=[warning.pk]),
                                  django_capture_on_commit_callbacks)
    assert started.status_code == 302 and started.url.startswith(warning.get_absolute_url())
    assert job.result_name == f"cong-van-canh-bao-{warning.pk}.docx"
    text = _text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BỘ CÔNG AN" in text
    assert "Số:        /CAT" in text and "V/v cảnh báo lỗ hổng nghiêm trọng" in text
    assert "Kính gửi:" in text and world.orgs["commune_a"].name in text and world.orgs["commune_b"].name in text
    assert "CVE-2024-3400" in text and "Fortinet FortiOS" in text and "Cập nhật" in text
    assert f"trước ngày {dates.day(warning.deadline)}" in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Văn Thủ Trưởng" in text
    clicked = world.users["specialist"].get_full_name()
    assert not clicked or clicked not in text  # the head signs, never the user who clicked
    assert "DANH SÁCH CƠ QUAN, ĐƠN VỊ NHẬN CẢNH BÁO" in text
    assert "{{" not in text and "{%" not in text


def test_many_units_are_named_in_the_annex(world):
    from attt.incidents import documents

    warning = make_warning(world, manual=("commune_a", "commune_b", "finance", "team", "province"))
    context = documents.warning_context(warning)
    assert context["recipients_to"] == ["Các cơ quan, đơn vị có tên tại Phụ lục kèm theo"]
    assert len(context["annexes"][0]["rows"]) == 5
    assert context["place_date"].endswith(dates.legal(warning.published_at))


def test_a_unit_outside_the_warning_cannot_start_it(world, client_for):
    warning = make_warning(world, manual=("commune_a",))
    response = client_for("officer_b").post(reverse("incidents:warning_dispatch", args=[warning.pk]))
    assert response.status_code == 404
    from attt.core.models import Job

    assert not Job.objects.exists()


def test_the_job_checks_the_rights_again_when_it_runs(world):
    """A job started while the user could see the warning fails cleanly once they no longer can."""
    from attt.core import jobs
    from attt.core.documents import jobs as documents_jobs
    from attt.core.models import Job

    warning = make_warning(world, manual=("commune_a",))
    job = documents_jobs.document_start(actor=world.users["officer_b"], doc="warning_dispatch", pk=warning.pk,
                                        target=f"warning:{warning.pk}", label="Công văn")
    assert jobs.run(job.pk) == Job.State.FAILED
    job.refresh_from_db()
    assert "không còn quyền" in job.error and not job.result_file
    with pytest.raises(Exception, match="không được hỗ trợ"):
        documents_jobs.document_start(actor=world.users["specialist"], doc="warning_dispatch", pk=warning.pk,
                                      target=f"warning:{warning.pk}", label="x", fmt="exe")
