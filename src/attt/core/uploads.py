"""The one check every upload goes through: size limit, type recognised by its content (never by
the name the browser sends alone), executables refused (also inside archives), SHA-256.

Each feature says which types it accepts (`allowed`, extensions from TYPES) and its size limit;
the errors are DomainErrors with a Vietnamese message naming the file and a `code`: missing,
name_too_long, too_large, empty, executable, not_allowed, mismatch, archive_too_large.

Every ZIP container (OOXML .docx/.xlsx/.pptx, ODF .odt/.ods, .zip) is inspected before anything
parses it: member count, per-member and total uncompressed size and compression ratio are capped
(settings ATTT_UPLOAD_ZIP_*), so a 1 MB file that unpacks to gigabytes is refused in milliseconds.
The caps read the central directory only; Python's zipfile (used by openpyxl and python-docx)
never inflates a member past the size the directory declares, so a lying directory cannot
smuggle more data past them.
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


MAX_NAME_LENGTH = 200


def _zip_names(data: bytes) -> list[str] | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    if data.count(b"PK\x01\x02") > zip_limits()["members"]:  # never parse an oversized directory
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None


def zip_limits() -> dict[str, int]:
    """The caps for ZIP containers (settings, with safe defaults)."""
    return {
        "members": int(getattr(settings, "ATTT_UPLOAD_ZIP_MAX_MEMBERS", 2000)),
        "member_bytes": int(getattr(settings, "ATTT_UPLOAD_ZIP_MAX_MEMBER_BYTES", 50 * 1024 * 1024)),
        "total_bytes": int(getattr(settings, "ATTT_UPLOAD_ZIP_MAX_TOTAL_BYTES", 100 * 1024 * 1024)),
        "ratio": int(getattr(settings, "ATTT_UPLOAD_ZIP_MAX_RATIO", 100)),
    }


RATIO_FLOOR = 1024 * 1024  # small members may compress very well (blank XML parts): the ratio counts above 1 MB


def zip_bomb_reason(data: bytes) -> str | None:
    """Why `data` (a ZIP container) would unpack to too much, in words for people; None when it is fine
    or not a ZIP at all. Reads the central directory only."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    caps = zip_limits()
    mb = lambda n: round(n / 1048576, 1)  # noqa: E731
    if data.count(b"PK\x01\x02") > caps["members"]:
        return _("có quá %(n)s tệp thành phần") % {"n": caps["members"]}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None  # not a readable archive: the content check refuses it as a mismatch
    if len(members) > caps["members"]:
        return _("có quá %(n)s tệp thành phần") % {"n": caps["members"]}
    total = 0
    for member in members:
        if member.file_size > caps["member_bytes"]:
            return _("thành phần “%(m)s” giải nén ra %(s)s MB (tối đa %(c)s MB)") % {
                "m": member.filename[:80], "s": mb(member.file_size), "c": mb(caps["member_bytes"])}
        if member.file_size > RATIO_FLOOR and member.file_size > caps["ratio"] * max(member.compress_size, 1):
            return _("thành phần “%(m)s” có tỉ lệ nén bất thường (%(r)s:1, tối đa %(c)s:1)") % {
                "m": member.filename[:80], "r": member.file_size // max(member.compress_size, 1), "c": caps["ratio"]}
        total += member.file_size
        if total > caps["total_bytes"]:
            return _("giải nén ra hơn %(c)s MB") % {"c": mb(caps["total_bytes"])}
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


def _base_name(raw: str | None) -> str:
    return (raw or "").replace("\\", "/").rsplit("/", 1)[-1].strip()


def _name_error(name: str, field: str) -> DomainError | None:
    if len(name) > MAX_NAME_LENGTH:
        return DomainError(_("Tên tệp quá dài (%(n)s ký tự, tối đa %(m)s); hãy đổi tên tệp cho ngắn hơn rồi tải lên lại.")
                           % {"n": len(name), "m": MAX_NAME_LENGTH}, field=field, code="name_too_long")
    return None


def check_name(name: str, *, field: str = "file") -> None:
    """Refuse a file name over MAX_NAME_LENGTH characters (said as such, not as a wrong type)."""
    error = _name_error(_base_name(name), field)
    if error is not None:
        raise error


def check_archive(data: bytes, *, name: str, field: str = "file") -> None:
    """Before anything parses a ZIP container: refuse decompression bombs and executables inside.
    Does nothing for data that is not a ZIP. Every parser of uploaded OOXML/ODF/ZIP calls it."""
    if not data.startswith(b"PK\x03\x04"):
        return
    name = _base_name(name) or _("(không tên)")
    bomb = zip_bomb_reason(data)
    if bomb is not None:
        raise DomainError(_("Tệp “%(n)s” bị từ chối: %(why)s. Hãy chia nhỏ tệp hoặc lưu lại bằng phần mềm văn phòng.")
                          % {"n": name, "why": bomb}, field=field, code="archive_too_large")
    members = _zip_names(data) or []
    bad = next((m for m in members if m.rsplit(".", 1)[-1].lower() in ARCHIVE_FORBIDDEN), None)
    if bad is not None:
        raise DomainError(_("Tệp nén “%(n)s” chứa chương trình thực thi (%(m)s), không được phép tải lên.")
                          % {"n": name, "m": bad[:80]}, field=field, code="executable")


def check_upload(upload, *, max_bytes: int | None = None, allowed: frozenset[str] = DOCUMENTS,
                 field: str = "file") -> CheckedFile:
    """Read `upload` and return its bytes and hash, or refuse it with a clear message."""
    if upload is None:
        raise DomainError(_("Hãy chọn tệp."), field=field, code="missing")
    limit = max_bytes or default_max_bytes()
    name = _base_name(getattr(upload, "name", ""))
    error = _name_error(name, field)
    if error is not None:
        raise error
    too_large = _("Tệp “%(n)s” quá lớn (tối đa %(m)s MB).") % {"n": name or _("(không tên)"), "m": round(limit / 1048576, 1)}
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DomainError(too_large, field=field, code="too_large")
    data = upload.read(limit + 1)
    return check_data(data, name=name, max_bytes=limit, allowed=allowed, field=field)


def check_data(data: bytes, *, name: str, max_bytes: int | None = None, allowed: frozenset[str] = DOCUMENTS,
               field: str = "file") -> CheckedFile:
    """The same check for bytes already read (a service handed `data` and a file name)."""
    def refuse(message, code: str) -> DomainError:
        return DomainError(message, field=field, code=code)

    limit = max_bytes or default_max_bytes()
    name = _base_name(name)
    error = _name_error(name, field)
    if error is not None:
        raise error
    shown = name or _("(không tên)")  # in messages; the stored name falls back to "tep"
    name = name or "tep"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(data) > limit:
        raise refuse(_("Tệp “%(n)s” quá lớn (tối đa %(m)s MB).") % {"n": shown, "m": round(limit / 1048576, 1)},
                     "too_large")
    if not data:
        raise refuse(_("Tệp “%(n)s” rỗng.") % {"n": shown}, "empty")
    if ext in EXECUTABLE_EXTENSIONS or data.startswith(EXECUTABLE_MAGIC):
        raise refuse(_("Tệp “%(n)s” là tệp thực thi (chương trình hoặc tập lệnh), không được phép tải lên.") % {"n": shown},
                     "executable")
    if ext not in allowed or ext not in TYPES:
        raise refuse(_("Loại tệp “%(n)s” không được chấp nhận. Chấp nhận: %(list)s.")
                     % {"n": shown, "list": ", ".join(sorted(allowed))}, "not_allowed")
    check_archive(data, name=shown, field=field)
    content_type, matches = TYPES[ext]
    if not matches(data):
        raise refuse(_("Nội dung tệp “%(n)s” không đúng định dạng .%(e)s.") % {"n": shown, "e": ext}, "mismatch")
    return CheckedFile(name=name, ext=ext, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                       content_type=content_type)
