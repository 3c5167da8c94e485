"""Evidence files: a size limit, a content check by magic bytes, a SHA-256."""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from attt.core.errors import DomainError

MAX_BYTES = min(10 * 1024 * 1024, getattr(settings, "ATTT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))

# extension -> content type; the content must match the extension's family.
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "zip": "application/zip",
    "txt": "text/plain",
    "csv": "text/csv",
}
OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
EXECUTABLE_EXT = {"exe", "dll", "bat", "cmd", "com", "sh", "ps1", "js", "vbs", "msi", "jar", "scr", "apk", "elf",
                  "html", "htm", "svg"}


@dataclass(frozen=True)
class Evidence:
    name: str
    data: bytes
    size: int
    content_type: str
    sha256: str


def _refuse(message) -> DomainError:
    return DomainError(message, field="file")


def check(upload, *, max_bytes: int = MAX_BYTES) -> Evidence:
    """Read an uploaded file and refuse what is empty, too large, executable or not what its
    extension says. Returns the bytes with their hash."""
    if upload is None:
        raise _refuse(_("Hãy chọn tệp minh chứng."))
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "tep"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _refuse(_("Tệp quá lớn (%(s)s MB); giới hạn là %(m)s MB.")
                      % {"s": round(size / 1048576, 1), "m": max_bytes // 1048576})
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _refuse(_("Tệp quá lớn; giới hạn là %(m)s MB.") % {"m": max_bytes // 1048576})
    if not data:
        raise _refuse(_("Tệp rỗng."))
    if ext in EXECUTABLE_EXT or data.startswith(EXECUTABLE_MAGIC):
        raise _refuse(_("Không nhận tệp chương trình hoặc mã chạy được."))
    if ext not in ALLOWED:
        raise _refuse(_("Loại tệp “.%(e)s” không được nhận. Chấp nhận: %(list)s.")
                      % {"e": ext or "?", "list": ", ".join(sorted(ALLOWED))})
    if not _content_matches(ext, data):
        raise _refuse(_("Nội dung tệp không đúng định dạng .%(e)s.") % {"e": ext})
    return Evidence(name=name, data=data, size=len(data), content_type=ALLOWED[ext],
                    sha256=hashlib.sha256(data).hexdigest())


def _content_matches(ext: str, data: bytes) -> bool:
    if ext == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext in ("doc", "xls"):
        return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if ext in ("docx", "xlsx", "pptx", "odt", "ods", "zip"):
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return False
        if ext in OOXML:
            return "[Content_Types].xml" in names and any(n.startswith(OOXML[ext]) for n in names)
        if ext in ("odt", "ods"):
            return "mimetype" in names
        return not any(n.rsplit(".", 1)[-1].lower() in EXECUTABLE_EXT for n in names)
    if ext in ("txt", "csv"):
        if b"\x00" in data[:8192]:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return False
