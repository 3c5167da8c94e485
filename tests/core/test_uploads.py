"""The one upload check: type by content, executables refused (also inside archives), sizes, hashes."""
from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.errors import DomainError
from attt.core.uploads import DOCUMENTS, check_upload


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _code(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(DomainError) as info:
        check_upload(SimpleUploadedFile(name, data), **kwargs)
    return info.value.code


def test_accepts_real_documents_and_hashes_them():
    for name, data in [("a.pdf", b"%PDF-1.7 x"), ("b.docx", _docx({"word/media/logo.svg": b"<svg/>"})),
                       ("c.txt", "nhật ký".encode()), ("d.png", b"\x89PNG\r\n\x1a\n0")]:
        checked = check_upload(SimpleUploadedFile(name, data))
        assert checked.sha256 == hashlib.sha256(data).hexdigest() and checked.size == len(data)


@pytest.mark.parametrize("name,data,code", [
    ("x.exe", b"MZ\x90", "executable"),
    ("hoadon.pdf", b"MZ\x90\x00", "executable"),           # disguised by its name
    ("run.sh", b"echo hi", "executable"),
    ("b.docx", b"PK\x03\x04garbage", "mismatch"),
    ("a.pdf", b"not a pdf", "mismatch"),
    ("c.docx", _docx({"word/vbaProject.exe": b"MZ"}), "executable"),
    ("d.bmp", b"BM..", "not_allowed"),
    ("e.pdf", b"", "empty"),
])
def test_refusals_have_a_code_and_a_vietnamese_message(name, data, code):
    assert _code(name, data) == code


def test_size_limit_and_allowed_set_are_per_feature():
    assert _code("big.pdf", b"%PDF-" + b"0" * 200, max_bytes=100) == "too_large"
    assert _code("a.zip", _docx()) == "not_allowed"  # archives are not documents by default
    assert check_upload(SimpleUploadedFile("a.zip", _docx()), allowed=DOCUMENTS | {"zip"}).ext == "zip"
