import io
import zipfile

import pytest

from attt.core.errors import DomainError
from attt.incidents import uploads

from .factories import Upload


def test_accepts_text_pdf_png_and_hashes():
    import hashlib

    for name, content in [("log.txt", "nhật ký truy cập".encode()), ("a.pdf", b"%PDF-1.7 ..."),
                          ("a.png", b"\x89PNG\r\n\x1a\n0000")]:
        checked = uploads.check(Upload(name, content))
        assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("name,content", [
    ("setup.exe", b"MZ\x90\x00"), ("anh.jpg", b"MZ\x90\x00"), ("x.bin", b"\x7fELF...."),
    ("run.sh", b"echo hi"), ("script.txt", b"#!/bin/sh\nrm -rf /"), ("macro.docm", b"PK\x03\x04"),
])
def test_refuses_executables_by_magic_or_extension(name, content):
    with pytest.raises(DomainError) as exc:
        uploads.check(Upload(name, content))
    assert exc.value.code == "executable"
    assert "thực thi" in str(exc.value)


def test_refuses_a_zip_holding_an_executable():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "x")
        z.writestr("tool.exe", "MZ")
    with pytest.raises(DomainError) as exc:
        uploads.check(Upload("goi.zip", buf.getvalue()))
    assert exc.value.code == "executable"


def test_refuses_too_large_empty_and_unknown():
    with pytest.raises(DomainError) as exc:
        uploads.check(Upload("big.txt", b"a" * 101), max_bytes=100)
    assert exc.value.code == "too_large"
    with pytest.raises(DomainError) as exc:
        uploads.check(Upload("empty.txt", b""))
    assert exc.value.code == "empty"
    with pytest.raises(DomainError) as exc:
        uploads.check(Upload("data.dat", b"\x00\x01\x02\xff\xfe"))
    assert exc.value.code == "not_allowed"
