"""Publishing (fan-out), the units' answers, overdue, the completion matrix."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core import clock
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.directives import selectors, services
from attt.directives.models import Assignment, Attachment, Notification

from .conftest import task_by_ref


def test_publish_creates_one_assignment_per_task_and_unit(world, published):
    d = published
    assert d.is_published and d.published_by == world.users["specialist"]
    # 1.x (4 tasks) → all recipients (police, finance, centre, communes A and B); 2.x (6) → police;
    # 5 → Sở Tài chính; 6 → the service centres; 3.x and 4 have no mapped unit yet
    assert Assignment.objects.filter(directive=d).count() == 4 * 5 + 6 + 1 + 1
    end = task_by_ref(d, "1.-end")
    assert set(end.assignments.values_list("organisation__code", flat=True)) == {
        "P1-CA", "P1-TC", "P1-XA-TT", "P1-XA", "P1-XB"}
    assert set(end.assignments.values_list("due_on", flat=True)) == {dt.date(2025, 8, 20)}
    assert not task_by_ref(d, "4").assignments.exists()
    # the commune officer was notified in-app
    assert Notification.objects.filter(user=world.users["unit_officer"]).exists()
    assert AuditEvent.objects.filter(action="directive.publish", object_id=str(d.pk)).exists()


def test_republish_after_correction_adds_only_the_missing(world, published):
    specialist = world.users["specialist"]
    task4 = task_by_ref(published, "4")
    services.task_update(actor=specialist, task=task4, text=task4.text, assignees=["Sở Tài chính"],
                         due_on=dt.date(2025, 9, 15), ref="4")
    result = services.directive_publish(actor=specialist, directive=published)
    assert result["created"] == 1
    assert task4.assignments.get().organisation == world.org("finance")
    assert task4.assignments.get().due_on == dt.date(2025, 9, 15)
    assert services.directive_publish(actor=specialist, directive=published)["created"] == 0


def test_publish_needs_tasks_and_units(world):
    from .conftest import NO_TASK

    d = services.directive_import(actor=world.users["specialist"], data=NO_TASK.encode(), filename="tb.txt")
    with pytest.raises(DomainError, match="chưa có nhiệm vụ"):
        services.directive_publish(actor=world.users["specialist"], directive=d)
    services.task_create(actor=world.users["specialist"], directive=d, text="Việc", assignees=["Hội Nông dân"],
                         due_on=None)
    with pytest.raises(DomainError, match="ánh xạ"):
        services.directive_publish(actor=world.users["specialist"], directive=d)
    d.refresh_from_db()
    assert not d.is_published and not Assignment.objects.exists()


def test_unit_answers_its_own_assignment(world, published):
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    report = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    services.assignment_respond(actor=world.users["unit_officer"], assignment=own, status="done",
                                report="Đã rà soát 5 hệ thống", files=[report])
    own.refresh_from_db()
    assert own.status == "done" and own.responded_by == world.users["unit_officer"]
    attachment = Attachment.objects.get(assignment=own)
    assert attachment.sha256 and attachment.file.read() == b"%PDF-1.4 report"
    assert AuditEvent.objects.filter(action="directive.respond", object_id=str(own.pk)).exists()
    # another commune's officer and the province staff may not answer it
    for who in ("officer_b", "specialist", "auditor"):
        with pytest.raises(PermissionDenied):
            services.assignment_respond(actor=world.users[who], assignment=own, status="in_progress")


@pytest.mark.parametrize("name,data,message", [
    ("virus.pdf", b"MZ\x90\x00", "chương trình"),
    ("fake.pdf", b"hello", "không đúng định dạng"),
    ("script.sh", b"#!/bin/sh", "chương trình"),
    ("empty.pdf", b"", "rỗng"),
    ("photo.bmp", b"BM....", "không được chấp nhận"),
])
def test_bad_attachments_save_nothing(world, published, name, data, message):
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    with pytest.raises(DomainError, match=message):
        services.assignment_respond(actor=world.users["unit_officer"], assignment=own, status="done",
                                    files=[SimpleUploadedFile(name, data)])
    own.refresh_from_db()
    assert own.status == "not_started" and not Attachment.objects.exists()


def test_cannot_do_needs_a_reason(world, published):
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    with pytest.raises(DomainError, match="lý do"):
        services.assignment_respond(actor=world.users["unit_officer"], assignment=own, status="cannot")
    services.assignment_respond(actor=world.users["unit_officer"], assignment=own, status="cannot",
                                reason="Chưa có kinh phí")
    own.refresh_from_db()
    assert own.reason == "Chưa có kinh phí"


def test_matrix_shows_done_and_overdue_after_the_date(world, published):
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    services.assignment_respond(actor=world.users["unit_officer"], assignment=own, status="done")
    tasks, rows = selectors.completion_matrix(directive=published, today=clock.today())
    assert sum(r.overdue for r in rows) == 0
    clock.travel_to(dt.date(2025, 9, 1))
    tasks, rows = selectors.completion_matrix(directive=published, today=clock.today())
    by_org = {r.organisation.code: r for r in rows}
    col = [t.ref for t in tasks].index("1.-end")
    assert by_org["P1-XA"].cells[col].status == "done" and not by_org["P1-XA"].cells[col].overdue
    assert by_org["P1-XB"].cells[col].overdue
    # police: 1.-end (20/8), 2.3 (15/8), 2.4 (30/8) overdue; 2.2 and 2.5 (31/12) not yet
    assert by_org["P1-CA"].overdue == 3
    summary = selectors.matrix_summary(rows)
    assert summary["done"] == 1 and summary["overdue"] == 4 + 2 + 1  # 1.-end ×4, police 2.3+2.4, centre 6
    _t, only_late = selectors.completion_matrix(directive=published, today=clock.today(), overdue_only=True)
    assert "P1-XA" not in {r.organisation.code for r in only_late}
    _t, communes = selectors.completion_matrix(directive=published, today=clock.today(), kind="commune")
    assert {r.organisation.code for r in communes} == {"P1-XA", "P1-XB"}
    _t, done = selectors.completion_matrix(directive=published, today=clock.today(), status="done")
    assert [r.organisation.code for r in done] == ["P1-XA"]


def test_units_see_only_their_own_assignments(world, published):
    mine = selectors.assignments_for(user=world.users["unit_officer"])
    assert set(mine.values_list("organisation__code", flat=True)) == {"P1-XA", "P1-XA-TT"}
    assert not selectors.assignments_for(user=world.users["officer_q"]).exists()
    assert selectors.assignments_for(user=world.users["auditor"]).count() == Assignment.objects.count()
    assert not selectors.assignments_for(user=world.users["responder"]).exists()
