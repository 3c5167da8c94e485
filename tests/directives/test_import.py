"""Importing a dispatch: what is stored, the library, and bad input that saves nothing."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.directives import services
from attt.directives.extract import extract_text
from attt.directives.models import Directive, DirectiveDocument, KnownDocument, Task, TaskDeadline

from .conftest import CLEAN, NO_TASK


def test_import_seed_002_stores_document_directive_tasks(world, imported, seed002):
    data, _name = seed002
    d = imported
    assert d.number == "894/UBND-KH&CĐS"
    assert d.issued_on == dt.date(2025, 8, 9)
    assert d.doc_type == "cong_van"
    assert d.province == world.org("province")
    assert "Ủy ban nhân dân cấp xã" in d.recipients
    assert d.document.sha256 == hashlib.sha256(data).hexdigest()
    assert d.document.file.read() == data
    # the stored extraction is the contract with spans; the tasks follow it
    contract = extract_text(d.document.text).to_dict()
    assert {k: v for k, v in d.document.extraction.items() if k != "tasks"}["number"] == contract["number"]
    assert [t.ref for t in d.tasks.order_by("position")] == [t["ref"] for t in contract["tasks"]]
    end = d.tasks.get(ref="1.-end")
    assert end.due_on == dt.date(2025, 8, 20)
    assert end.spans and d.document.text[end.spans[0][0]:end.spans[-1][1]].startswith("Hoan thanh")
    deadline = end.deadlines.get()
    assert deadline.kind == "date" and "20/8/2025" in d.document.text[deadline.span[0]:deadline.span[1]]
    assert AuditEvent.objects.filter(action="directive.import", object_id=str(d.pk)).exists()


def test_references_grow_the_library_upserted_by_folded_symbol(world, imported):
    symbols = set(imported.references.values_list("symbol", flat=True))
    assert {"85/2016/NĐ-CP", "245/UBND-KH&CĐS"} <= symbols
    # the imported dispatch itself joins the library with its subject
    own = KnownDocument.objects.get(symbol_key="894/UBND-KH&CDS")
    assert own.title.startswith("chấn chính") and own.kind == "Công văn"
    # a second dispatch citing the same decree (written differently) adds no duplicate
    services.directive_import(actor=world.users["specialist"], data=CLEAN.encode(), filename="cv77.txt")
    assert KnownDocument.objects.filter(symbol_key="85/2016/ND-CP").count() == 1
    assert KnownDocument.objects.get(symbol_key="85/2016/ND-CP").cited_by.count() == 2


def test_dispatch_without_task_imports_with_warning(world):
    d = services.directive_import(actor=world.users["specialist"], data=NO_TASK.encode(), filename="tb.txt")
    assert d.tasks.count() == 0
    assert any("thủ công" in str(w) for w in d.warnings)
    task = services.task_create(actor=world.users["specialist"], directive=d, text="Thông báo cho cán bộ",
                                assignees=["Các sở, ban, ngành"], due_on=dt.date(2026, 3, 10))
    assert task.manual and task.deadlines.get().date == dt.date(2026, 3, 10)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.encrypt("secret")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _zip_of_something_else() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not word")
    return buf.getvalue()


@pytest.mark.parametrize("data,name,message", [
    (b"", "a.txt", "rỗng"),
    (bytes(range(256)) * 10, "a.pdf", "PDF"),
    (None, "locked.pdf", "mã hóa"),
    (b"x" * (10 * 1024 * 1024 + 1), "big.txt", "giới hạn"),
    (None, "a.docx", "DOCX"),
    (b"MZ\x90\x00 program", "run.exe", ".txt, .docx"),
])
def test_bad_files_give_a_message_and_save_nothing(world, data, name, message):
    if data is None:
        data = _encrypted_pdf() if name.endswith(".pdf") else _zip_of_something_else()
    with pytest.raises(DomainError, match=message):
        services.directive_import(actor=world.users["specialist"], data=data, filename=name)
    assert Directive.objects.count() == 0 and DirectiveDocument.objects.count() == 0
    assert Task.objects.count() == 0 and TaskDeadline.objects.count() == 0


def test_same_file_twice_is_refused(world, imported, seed002):
    with pytest.raises(DomainError, match="đã được nhập"):
        services.directive_import(actor=world.users["specialist"], data=seed002[0], filename="again.txt")
    assert Directive.objects.count() == 1


@pytest.mark.parametrize("role", ["unit_officer", "unit_head", "auditor", "province_leader", "responder"])
def test_only_specialist_and_admin_import(world, role):
    with pytest.raises(PermissionDenied):
        services.directive_import(actor=world.users[role], data=CLEAN.encode(), filename="cv.txt")
    assert Directive.objects.count() == 0
