"""Submissions with evidence: checks on the file, one pending version at a time, review."""
import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.errors import DomainError
from attt.obligations import services, uploads
from attt.obligations.models import Occurrence, Submission

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def occ(synced, on_day, world):
    on_day(dt.date(2026, 11, 21))
    services.generate_occurrences()
    return Occurrence.objects.filter(organisation=world.org("commune_a"), rule_key="new-nd331:quarterly-report").first()


def pdf(name="bao-cao.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_submit_stores_the_file_with_its_hash(occ, world):
    s = services.occurrence_submit(actor=world.users["unit_officer"], occurrence=occ, upload=pdf(), note="Xong")
    occ.refresh_from_db()
    assert occ.status == Occurrence.Status.SUBMITTED and occ.submitted_at is not None
    assert s.sha256 == hashlib.sha256(PDF).hexdigest() and s.file_size == len(PDF) and s.version == 1
    assert s.file.read() == PDF


def test_a_second_submission_is_refused_until_returned_then_becomes_version_2(occ, world):
    officer, specialist = world.users["unit_officer"], world.users["specialist"]
    first = services.occurrence_submit(actor=officer, occurrence=occ, upload=pdf())
    with pytest.raises(DomainError, match="đang chờ xem xét"):
        services.occurrence_submit(actor=officer, occurrence=occ, upload=pdf())
    with pytest.raises(DomainError, match="lý do trả lại"):
        services.submission_review(actor=specialist, submission=first, accept=False, comment="")
    services.submission_review(actor=specialist, submission=first, accept=False, comment="Thiếu số liệu")
    occ.refresh_from_db()
    assert occ.status == Occurrence.Status.RETURNED
    second = services.occurrence_submit(actor=officer, occurrence=occ, upload=pdf("v2.pdf"))
    assert second.version == 2
    services.submission_review(actor=specialist, submission=second, accept=True)
    occ.refresh_from_db()
    assert occ.status == Occurrence.Status.ACCEPTED
    with pytest.raises(DomainError, match="đã được chấp nhận"):
        services.occurrence_submit(actor=officer, occurrence=occ, upload=pdf())
    with pytest.raises(DomainError, match="đã được xem xét"):
        services.submission_review(actor=specialist, submission=second, accept=True)


@pytest.mark.parametrize("name,data,message", [
    ("virus.exe", b"MZ\x90\x00", "chương trình"),
    ("bao-cao.pdf", b"MZ\x90\x00rest", "chương trình"),
    ("bao-cao.pdf", b"not a pdf at all", "không đúng định dạng"),
    ("bao-cao.docx", b"PK\x03\x04garbage", "không đúng định dạng"),
    ("anh.gif", b"GIF89a", "không được chấp nhận"),
    ("rong.pdf", b"", "rỗng"),
])
def test_bad_files_are_refused_and_nothing_is_saved(occ, world, name, data, message):
    with pytest.raises(DomainError, match=message):
        services.occurrence_submit(actor=world.users["unit_officer"], occurrence=occ,
                                   upload=SimpleUploadedFile(name, data))
    occ.refresh_from_db()
    assert occ.status == Occurrence.Status.PENDING and not Submission.objects.exists()


def test_too_large_file_is_refused(occ, world):
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (uploads.MAX_BYTES + 1))
    with pytest.raises(DomainError, match="quá lớn"):
        services.occurrence_submit(actor=world.users["unit_officer"], occurrence=occ, upload=big)
    assert not Submission.objects.exists()


def test_office_files_are_checked_by_their_content(occ, world):
    s = services.occurrence_submit(actor=world.users["unit_officer"], occurrence=occ,
                                   upload=SimpleUploadedFile("bc.docx", docx_bytes()))
    assert s.content_type.endswith("wordprocessingml.document")


def test_only_units_in_scope_submit_and_only_specialists_review(occ, world):
    with pytest.raises(PermissionDenied):
        services.occurrence_submit(actor=world.users["officer_b"], occurrence=occ, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.occurrence_submit(actor=world.users["auditor"], occurrence=occ, upload=pdf())
    s = services.occurrence_submit(actor=world.users["unit_officer"], occurrence=occ, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.submission_review(actor=world.users["unit_officer"], submission=s, accept=True)


def test_system_owner_may_submit_for_a_system_it_owns(synced, on_day, world, make_system):
    on_day(dt.date(2026, 11, 21))
    system = make_system(operator="finance", owner="commune_a", level=2)
    services.generate_occurrences()
    occ = Occurrence.objects.filter(system=system).first()
    assert occ.organisation == world.org("finance")
    services.occurrence_submit(actor=world.users["unit_officer"], occurrence=occ, upload=pdf())
    assert Occurrence.objects.visible_to(world.users["unit_head"]).filter(pk=occ.pk).exists()
