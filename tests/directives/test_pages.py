"""Pages: review with highlights, corrections (bad dates refused), mapping saves a rule, matrix,
export, inbox and answer with files, notifications; query-count baselines on lists."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attt.core import clock
from attt.core.text import task_heading
from attt.directives.models import AssigneeRule, Assignment, Directive, Notification, Task

from .conftest import task_by_ref


def test_import_page_uploads_and_redirects_to_review(world, client_for, seed002, at_issue,
                                                     django_capture_on_commit_callbacks):
    data, name = seed002
    with django_capture_on_commit_callbacks(execute=True):  # the import job runs when its record commits
        response = client_for("specialist").post(reverse("directives:import"),
                                                 {"file": SimpleUploadedFile(name, data, content_type="text/plain")})
    directive = Directive.objects.get()
    assert response.status_code == 302  # to the job's progress; it links to the review page when done
    page = client_for("specialist").get(response.url).content.decode()
    assert 'data-job-state="done"' in page and f'href="{directive.get_absolute_url()}"' in page


def test_import_page_without_a_worker_yet_shows_the_queued_job(world, client_for, seed002, at_issue):
    from attt.core.models import Job

    data, name = seed002
    client = client_for("specialist")
    response = client.post(reverse("directives:import"), {"file": SimpleUploadedFile(name, data)})
    job = Job.objects.get(kind="directives.import")
    assert response.status_code == 302 and response.url.endswith(f"?job={job.pk}#job-{job.pk}")
    page = client.get(response.url).content.decode()
    assert 'data-job-state="queued"' in page and 'hx-trigger="every 1s"' in page
    assert 'id="import-submit" data-job-start="directives.import|' in page and " disabled>" in page
    assert not Directive.objects.exists()
    assert f'hx-get="{reverse("jobs:detail", args=[job.pk])}?follow=1"' in page
    from attt.core import jobs

    jobs.run(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.state == "done" and job.result_url == Directive.objects.get().get_absolute_url()
    poll = client.get(reverse("jobs:detail", args=[job.pk]) + "?follow=1", HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == job.result_url  # the import page opens the review page by itself


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "rỗng"),
    ("fake.pdf", b"\x00\x01\x02 not a pdf" * 20, "không đúng định dạng .pdf"),  # refused before any job
])
def test_import_page_bad_file_message(world, client_for, name, data, message, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("specialist").post(reverse("directives:import"),
                                                 {"file": SimpleUploadedFile(name, data)})
    if response.status_code == 302:  # refused by the import job: its panel says why, with a retry
        response = client_for("specialist").get(response.url)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Directive.objects.exists()


def test_review_page_marks_tasks_and_deadlines_in_the_source(world, client_for, imported):
    html = client_for("specialist").get(imported.get_absolute_url()).content.decode()
    end = task_by_ref(imported, "1.-end")
    assert f'id="task-{end.pk}"' in html
    assert '<mark class="hl-deadline"' in html and "20/8/2025</mark>" in html
    assert "Hoan thanh, b&amp;o cao" in html  # the source is escaped
    assert 'data-edit="1.-end"' in html


def test_review_page_is_read_only_for_the_leader(world, client_for, imported):
    html = client_for("province_leader").get(imported.get_absolute_url()).content.decode()
    assert "hl-task" in html and 'id="publish"' not in html and "data-edit" not in html


def test_task_edit_refuses_an_impossible_date(world, client_for, imported):
    task = task_by_ref(imported, "4")
    url = reverse("directives:task_edit", args=[imported.pk, task.pk])
    response = client_for("specialist").post(url, {"ref": "4", "text": "Sửa", "assignees": "Sở Nội vụ",
                                                   "due_on": "31/02/2026"})
    assert response.status_code == 200
    assert "Ngày “31/02/2026” không hợp lệ" in response.content.decode()
    task.refresh_from_db()
    assert task.text != "Sửa" and task.assignees == [] and task.due_on is None


def test_task_edit_saves_assignees_and_date(world, client_for, imported):
    task = task_by_ref(imported, "4")
    url = reverse("directives:task_edit", args=[imported.pk, task.pk])
    response = client_for("specialist").post(url, {"ref": "4", "text": task.text, "assignees": "Sở Tài chính\n",
                                                   "due_on": "15/09/2025"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignees == ["Sở Tài chính"] and task.due_on == dt.date(2025, 9, 15)
    assert task.deadlines.get().date == dt.date(2025, 9, 15)


def test_directive_edit_refuses_an_impossible_date(world, client_for, imported):
    url = reverse("directives:edit", args=[imported.pk])
    response = client_for("specialist").post(url, {"number": "1/X", "issued_on": "31/02/2026", "doc_type": "cong_van",
                                                   "remind_days_before": 3})
    assert "31/02/2026" in response.content.decode()
    imported.refresh_from_db()
    assert imported.number == "894/UBND-KH&CĐS"


def test_mapping_page_saves_a_province_rule(world, client_for, imported):
    client = client_for("specialist")
    url = reverse("directives:mapping", args=[imported.pk])
    html = client.get(url).content.decode()
    assert 'data-phrase="Sở Khoa hgc và Công nghệ"' in html and "Chưa ánh xạ" in html
    response = client.post(url, {"prefix": "p3", "p3-phrase": "Sở Khoa hgc và Công nghệ", "p3-target": "organisation",
                                 "p3-organisation": world.org("finance").pk})
    assert response.status_code == 302
    rule = AssigneeRule.objects.get(province=world.org("province"))
    assert rule.organisation == world.org("finance") and rule.created_by == world.users["specialist"]


def test_publish_matrix_and_export(world, client_for, imported, django_capture_on_commit_callbacks):
    client = client_for("specialist")
    with django_capture_on_commit_callbacks(execute=True):  # the publishing job runs when the request commits
        response = client.post(reverse("directives:publish", args=[imported.pk]))
    assert response.status_code == 302 and Assignment.objects.count() == 28
    page = client.get(response.url).content.decode()
    assert 'data-job-state="done"' in page and "Đã giao việc: 28 việc mới" in page
    assert reverse("directives:matrix", args=[imported.pk]) in page
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    own.status = "done"
    own.save()
    clock.travel_to(dt.date(2025, 9, 1))
    html = client.get(reverse("directives:matrix", args=[imported.pk])).content.decode()
    assert 'data-status="done"' in html and 'data-overdue="1"' in html
    export = client.get(reverse("directives:matrix", args=[imported.pk]) + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị" and "1.-end" not in rows[0]
    # Task columns are headed by the task's first words; the ref sits in the cell's comment.
    end_task = Task.objects.get(directive=imported, ref="1.-end")
    column = next(c for c in sheet[1] if c.comment is not None and c.comment.text == "Mục 1.-end")
    assert column.value == task_heading(end_task.text) and len(column.value) <= 41
    assert column.value.rstrip("…") and end_task.text.startswith(column.value.rstrip("…"))
    assert not any(isinstance(h, str) and h[:1].isdigit() and "." in h[:3] for h in rows[0][2:-2])
    commune_a = next(r for r in rows if r[0] == "Xã An Bình")
    assert "Đã hoàn thành" in commune_a
    commune_b = next(r for r in rows if r[0] == "Phường Bình Minh")
    assert any(isinstance(c, str) and "quá hạn" in c for c in commune_b)
    filtered = client.get(reverse("directives:matrix", args=[imported.pk]) + "?kind=commune&overdue=1")
    assert "Phường Bình Minh" in filtered.content.decode() and "Sở Tài chính" not in filtered.content.decode()


def _xlsx() -> bytes:
    import io

    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Đơn vị", "Kết quả"])
    workbook.save(buffer)
    return buffer.getvalue()


def test_inbox_answer_with_file_and_notifications(world, client_for, published):
    officer = client_for("unit_officer")
    html = officer.get(reverse("directives:inbox")).content.decode()
    assert 'data-ref="1.-end"' in html and "Phường Bình Minh" not in html
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    response = officer.post(own.get_absolute_url(), {
        "status": "done", "report": "Đã gửi hồ sơ", "reason": "",
        "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), SimpleUploadedFile("b.xlsx", _xlsx())]})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "done" and own.attachments.count() == 2
    download = officer.get(reverse("directives:attachment", args=[own.attachments.first().pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 a"
    bad = officer.post(own.get_absolute_url(), {"status": "done", "files": [SimpleUploadedFile("x.pdf", b"MZ..")]})
    assert bad.status_code == 200 and "chương trình" in bad.content.decode()
    assert own.attachments.count() == 2
    assert Notification.objects.filter(user=world.users["unit_officer"], read_at__isnull=True).exists()
    officer.post(reverse("directives:notifications"))
    assert not Notification.objects.filter(user=world.users["unit_officer"], read_at__isnull=True).exists()


def test_home_card_shows_open_and_overdue(world, client_for, published):
    clock.travel_to(dt.date(2025, 9, 1))
    html = client_for("unit_officer").get(reverse("home")).content.decode()
    assert 'id="directives-card"' in html and "quá hạn" in html


def test_list_pages_query_counts(world, client_for, published, django_assert_max_num_queries):
    client = client_for("specialist")
    client.get(reverse("directives:list"))
    with django_assert_max_num_queries(14):
        client.get(reverse("directives:list"))
    with django_assert_max_num_queries(16):
        client.get(reverse("directives:matrix", args=[published.pk]))
    officer = client_for("unit_officer")
    with django_assert_max_num_queries(16):
        officer.get(reverse("directives:inbox"))
    with django_assert_max_num_queries(20):
        client.get(published.get_absolute_url())


def test_search_finds_directives_without_diacritics(world, client_for, imported):
    html = client_for("auditor").get(reverse("search") + "?q=chan+chinh").content.decode()
    assert imported.get_absolute_url() in html
    assert imported.get_absolute_url() not in client_for("unit_officer").get(
        reverse("search") + "?q=chan+chinh").content.decode()


def test_oversize_upload_is_refused_without_reading_it_all(world, client_for):
    big = SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 10))
    response = client_for("specialist").post(reverse("directives:import"), {"file": big})
    assert "giới hạn" in response.content.decode() and not Directive.objects.exists()
