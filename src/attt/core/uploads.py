"""The one check every upload goes through: size limit, type recognised by its content (never by
the name the browser sends alone), executables refused (also inside archives), SHA-256.

Each feature says which types it accepts (`allowed`, extensions from TYPES) and its size limit;
the errors are DomainErrors with a Vietnamese message naming the file and a `code`: missing,
too_large, empty, executable, not_allowed, mismatch.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError

EXECUTABLE_EXTENSIONS = frozenset({
    "exe", "dll", "com", "bat", "cmd", "scr", "pif", "cpl", "msi", "msp", "jar", "js", "jse", "vbs", "vbe", "wsf",
    "wsh", "ps1", "psm1", "sh", "bash", "py", "php", "apk", "app", "lnk", "hta", "reg", "elf", "bin", "so",
    "dylib", "iso", "img", "docm", "xlsm", "pptm", "html", "htm", "svg",
})
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe",  # Mach-O
    b"#!",  # scripts
    b"dex\n",  # Android
)
# Inside archives, only what runs is refused: office files legitimately hold .svg images and .bin objects.
ARCHIVE_FORBIDDEN = EXECUTABLE_EXTENSIONS - {"html", "htm", "svg", "bin", "img", "iso"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_names(data: bytes) -> list[str] | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _ooxml(prefix: str) -> Callable[[bytes], bool]:
    def sniff(data: bytes) -> bool:
        names = _zip_names(data)
        return names is not None and "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)
    return sniff


def _odf(data: bytes) -> bool:
    names = _zip_names(data)
    return names is not None and "mimetype" in names


def _text(data: bytes) -> bool:
    head = data[:65536]
    if b"\x00" in head[:8192]:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # a character cut at the end of the sample is still text
            try:
                head.decode("cp1258")
            except UnicodeDecodeError:
                return False
    return True


def _magic(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda data: data.startswith(prefixes)


# extension -> (content type, does the content match?)
TYPES: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "pdf": ("application/pdf", lambda d: d[:1024].lstrip().startswith(b"%PDF-")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ooxml("word/")),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ooxml("xl/")),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ooxml("ppt/")),
    "odt": ("application/vnd.oasis.opendocument.text", _odf),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _odf),
    "doc": ("application/msword", _magic(OLE)),
    "xls": ("application/vnd.ms-excel", _magic(OLE)),
    "png": ("image/png", _magic(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", _magic(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _magic(b"\xff\xd8\xff")),
    "gif": ("image/gif", _magic(b"GIF87a", b"GIF89a")),
    "zip": ("application/zip", lambda d: _zip_names(d) is not None),
    "txt": ("text/plain", _text),
    "log": ("text/plain", _text),
    "csv": ("text/csv", _text),
    "pcap": ("application/vnd.tcpdump.pcap", _magic(b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4")),
    "pcapng": ("application/x-pcapng", _magic(b"\x0a\x0d\x0d\x0a")),
}
DOCUMENTS = frozenset({"pdf", "docx", "xlsx", "pptx", "odt", "ods", "doc", "xls", "png", "jpg", "jpeg", "txt", "csv"})


@dataclass(frozen=True)
class CheckedFile:
    name: str
    ext: str
    data: bytes
    size: int
    sha256: str
    content_type: str


def default_max_bytes() -> int:
    return int(getattr(settings, "ATTT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def check_upload(upload, *, max_bytes: int | None = None, allowed: frozenset[str] = DOCUMENTS,
                 field: str = "file") -> CheckedFile:
    """Read `upload` and return its bytes and hash, or refuse it with a clear message."""
    def refuse(message, code: str) -> DomainError:
        return DomainError(message, field=field, code=code)

    if upload is None:
        raise refuse(_("Hãy chọn tệp."), "missing")
    limit = max_bytes or default_max_bytes()
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "tep"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    too_large = _("Tệp “%(n)s” quá lớn (tối đa %(m)s MB).") % {"n": name, "m": round(limit / 1048576, 1)}
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise refuse(too_large, "too_large")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise refuse(too_large, "too_large")
    if not data:
        raise refuse(_("Tệp “%(n)s” rỗng.") % {"n": name}, "empty")
    if ext in EXECUTABLE_EXTENSIONS or data.startswith(EXECUTABLE_MAGIC):
        raise refuse(_("Tệp “%(n)s” là tệp thực thi (chương trình hoặc tập lệnh), không được phép tải lên.") % {"n": name},
                     "executable")
    if ext not in allowed or ext not in TYPES:
        raise refuse(_("Loại tệp “%(n)s” không được chấp nhận. Chấp nhận: %(list)s.")
                     % {"n": name, "list": ", ".join(sorted(allowed))}, "not_allowed")
    content_type, matches = TYPES[ext]
    if not matches(data):
        raise refuse(_("Nội dung tệp “%(n)s” không đúng định dạng .%(e)s.") % {"n": name, "e": ext}, "mismatch")
    members = _zip_names(data) or []
    bad = next((m for m in members if m.rsplit(".", 1)[-1].lower() in ARCHIVE_FORBIDDEN), None)
    if bad is not None:
        raise refuse(_("Tệp nén “%(n)s” chứa chương trình thực thi (%(m)s), không được phép tải lên.")
                     % {"n": name, "m": bad[:80]}, "executable")
    return CheckedFile(name=name, ext=ext, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                       content_type=content_type)
