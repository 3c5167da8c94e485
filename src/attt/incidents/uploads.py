"""Checks on uploaded files: size, type by magic bytes, executables refused; sha256 on the way in."""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from attt.core.errors import DomainError

from .clocks import upload_rules

EXECUTABLE_EXTENSIONS = frozenset({
    "exe", "dll", "com", "bat", "cmd", "scr", "pif", "cpl", "msi", "msp", "jar", "js", "jse", "vbs", "vbe",
    "wsf", "wsh", "ps1", "psm1", "sh", "bash", "apk", "app", "lnk", "hta", "reg", "elf", "bin", "so", "dylib",
    "iso", "img", "docm", "xlsm", "pptm",
})
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe",  # Mach-O
    b"#!",  # scripts
    b"dex\n",  # Android
)
ALLOWED = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),  # docx, xlsx, zip: the members are checked too
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # doc, xls
    (b"\xd4\xc3\xb2\xa1", "application/vnd.tcpdump.pcap"),
    (b"\xa1\xb2\xc3\xd4", "application/vnd.tcpdump.pcap"),
    (b"\x0a\x0d\x0d\x0a", "application/x-pcapng"),
]


@dataclass
class CheckedFile:
    name: str
    size: int
    sha256: str
    content_type: str
    content: bytes


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def check(upload, *, max_bytes: int | None = None) -> CheckedFile:
    """Read an uploaded file and refuse it with a clear message when it is too large, empty,
    executable or of an unknown type. Returns its content and sha256."""
    limit = max_bytes or upload_rules()["max_bytes"]
    name = (getattr(upload, "name", "") or "tep").replace("\\", "/").rsplit("/", 1)[-1][:200] or "tep"
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(_("Tệp “%(n)s” quá lớn (tối đa %(m)s MB).") % {"n": name, "m": limit // (1024 * 1024)},
                          field="file", code="too_large")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise DomainError(_("Tệp “%(n)s” quá lớn (tối đa %(m)s MB).") % {"n": name, "m": limit // (1024 * 1024)},
                          field="file", code="too_large")
    if not content:
        raise DomainError(_("Tệp “%(n)s” rỗng.") % {"n": name}, field="file", code="empty")
    ext = _extension(name)
    if ext in EXECUTABLE_EXTENSIONS or any(content.startswith(m) for m in EXECUTABLE_MAGIC):
        raise DomainError(_("Tệp “%(n)s” là tệp thực thi hoặc tập lệnh, không được phép tải lên.") % {"n": name},
                          field="file", code="executable")
    content_type = next((ctype for magic, ctype in ALLOWED if content.startswith(magic)), None)
    if content_type is None and _is_text(content[:4096]):
        content_type = "text/plain"
    if content_type is None:
        raise DomainError(_("Không nhận dạng được loại tệp “%(n)s”. Chấp nhận: PDF, ảnh, văn bản, Word, Excel, "
                            "ZIP, pcap.") % {"n": name}, field="file", code="unknown_type")
    if content_type == "application/zip":
        _check_zip(name, content)
    return CheckedFile(name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                       content_type=content_type, content=content)


def _check_zip(name: str, content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.namelist()
    except zipfile.BadZipFile:
        raise DomainError(_("Tệp nén “%(n)s” bị hỏng.") % {"n": name}, field="file", code="bad_zip") from None
    for member in members:
        if _extension(member) in EXECUTABLE_EXTENSIONS:
            raise DomainError(_("Tệp nén “%(n)s” chứa tệp thực thi (%(m)s), không được phép tải lên.")
                              % {"n": name, "m": member[:80]}, field="file", code="executable")
