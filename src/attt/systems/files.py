"""Uploads of dossier documents and evidence: size limit, content check by magic bytes (not by
the name the browser sends), executables refused, SHA-256 of the content."""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from attt.core.errors import DomainError

FORBIDDEN_EXT = {"exe", "dll", "com", "scr", "bat", "cmd", "ps1", "sh", "js", "vbs", "msi", "jar", "apk", "elf",
                 "bin", "py", "php", "html", "htm", "svg", "hta", "lnk"}
OOXML = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
ODF = {"odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet"}
TEXT_EXT = {"txt": "text/plain", "csv": "text/csv", "log": "text/plain"}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
ALLOWED_LABEL = "PDF, Word/Excel/PowerPoint (.docx, .xlsx, .pptx), OpenDocument, PNG, JPEG, TXT/CSV"


@dataclass
class CheckedFile:
    name: str
    data: bytes
    sha256: str
    size: int
    content_type: str


def max_bytes() -> int:
    return int(getattr(settings, "ATTT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def check_upload(upload, *, limit: int | None = None) -> CheckedFile:
    limit = limit or max_bytes()
    if upload is None:
        raise DomainError(_("Hãy chọn tệp."), field="file")
    name = (getattr(upload, "name", "") or "tep").replace("\\", "/").split("/")[-1][:255]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = getattr(upload, "size", None)
    too_big = _("Tệp “%(n)s” vượt quá giới hạn %(mb)s MB.") % {"n": name, "mb": round(limit / 1024 / 1024, 1)}
    if size is not None and size > limit:
        raise DomainError(too_big, field="file")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(too_big, field="file")
    if not data:
        raise DomainError(_("Tệp “%(n)s” rỗng.") % {"n": name}, field="file")
    refused = _("Loại tệp “%(n)s” không được chấp nhận. Chỉ nhận: %(ok)s.") % {"n": name, "ok": ALLOWED_LABEL}
    if ext in FORBIDDEN_EXT or data.startswith(EXECUTABLE_MAGIC):
        raise DomainError(refused, field="file")
    content_type = _sniff(data, ext)
    if content_type is None:
        raise DomainError(refused, field="file")
    return CheckedFile(name=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                       content_type=content_type)


def _sniff(data: bytes, ext: str) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if any(n.lower().endswith((".exe", ".dll", ".js", ".vbs", ".ps1", ".bat")) for n in names):
                    return None
                if "[Content_Types].xml" in names and ext in OOXML:
                    return OOXML[ext]
                if "mimetype" in names and ext in ODF:
                    return ODF[ext]
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return None
    if ext in TEXT_EXT and b"\x00" not in data[:8192]:
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError:
            try:
                data[:65536].decode("cp1258")
            except UnicodeDecodeError:
                return None
        return TEXT_EXT[ext]
    return None
