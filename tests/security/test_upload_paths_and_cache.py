"""Issue 10, item 10: the directive import goes through the common upload check, over-long file
names are refused as such, and what a signed-in user sees is never cached (Cache-Control: no-store)."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from attt.core.errors import DomainError
from attt.core.uploads import check_upload
from attt.directives.models import Directive, DirectiveDocument
from attt.orgs.services import token_create


def _docx_with(extra: dict[str, bytes]) -> bytes:
    document = docx.Document()
    document.add_paragraph("UBND TỈNH THỬ NGHIỆM. Số: 77/UBND-KH. Giao Sở Tài chính rà soát trước ngày 30/12/2025.")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_directive_import_refuses_an_embedded_executable_page_and_api(world, client_for):
    data = _docx_with({"word/embeddings/run.exe": b"MZ\x90\x00" + b"\0" * 64})
    response = client_for("specialist").post(reverse("directives:import"),
                                             {"file": SimpleUploadedFile("cong-van.docx", data)})
    assert response.status_code == 200 and "run.exe" in response.content.decode()
    _t, key = token_create(actor=world.users["specialist"], name="t")
    response = Client().post("/api/v1/directives", {"file": SimpleUploadedFile("cong-van.docx", data)},
                             HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400 and "run.exe" in response.json()["detail"]
    assert not Directive.objects.exists() and not DirectiveDocument.objects.exists()


def test_a_clean_docx_directive_still_imports(world):
    from attt.directives.services.imports import directive_import

    directive = directive_import(actor=world.users["specialist"], data=_docx_with({}), filename="cong-van.docx")
    assert directive.document.sha256


LONG = "bao-cao-" + "a" * 200 + ".pdf"


def test_long_file_name_is_said_to_be_too_long_not_of_the_wrong_type():
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile(LONG, b"%PDF-1.4 x"))
    assert info.value.code == "name_too_long" and "tên tệp quá dài" in str(info.value.message).lower()
    assert check_upload(SimpleUploadedFile("a" * 196 + ".pdf", b"%PDF-1.4 x")).ext == "pdf"  # 200 is fine


def test_long_file_name_on_the_directive_and_table_imports(world, client_for):
    response = client_for("specialist").post(reverse("directives:import"),
                                             {"file": SimpleUploadedFile("c" * 210 + ".txt", b"Cong van")})
    assert "tên tệp quá dài" in response.content.decode().lower()
    from attt.orgs.tabular import import_tree

    with pytest.raises(DomainError, match="(?i)tên tệp quá dài"):
        import_tree(actor=world.users["specialist"], upload=SimpleUploadedFile("t" * 210 + ".csv", b"Ma,Ten\n"))


def test_authenticated_pages_and_api_answers_are_not_stored(world, client_for):
    page = client_for("unit_officer").get(reverse("orgs:list"))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    _t, key = token_create(actor=world.users["unit_officer"], name="t")
    for url in ("/api/v1/me", "/api/v1/organisations", "/api/v1/khong-co"):
        assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {key}")["Cache-Control"] == "no-store"
    assert Client().get("/api/v1/me")["Cache-Control"] == "no-store"  # a refusal too

