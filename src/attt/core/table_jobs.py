"""Excel/CSV imports as background jobs (see attt.core.jobs).

The request only checks the file quickly (name, size, type by content, ZIP caps, the header row)
and keeps it; the job then reads every row, checks them all and saves them in one transaction:
any wrong row and nothing is saved, the job fails with every wrong row listed (one per line).
The kept file is deleted once the import succeeded; a failed import keeps it for a retry.

A module declares its import once:

    table_jobs.register("systems.import", importer="attt.systems.tabular.import_systems",
                        aliases=tabular.ALIASES, required=["name", "owner_code"], header=tabular.HEADER_VI,
                        summary=_("Đã nhập: %(created)s hệ thống mới, %(updated)s hệ thống cập nhật."))

and its page calls `attt.core.table_views.import_page(...)`, which checks the file and calls
`table_import_start(actor=..., kind=..., upload=..., label=...)`. An importer is
`fn(*, actor, upload, progress, **options) -> dict` (the counts the summary names); `options` are
what the page adds to the file (JSON values, e.g. an organisation id), kept in the job's params.
"""
from __future__ import annotations

import dataclasses
import io
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import jobs
from .errors import DomainError, RowErrors
from .tabular import MAX_BYTES, _header_key

INPUT_DIR = "jobs/input"
MAX_LISTED_ROWS = 200  # wrong rows listed in the job's message (the count is always exact)


@dataclasses.dataclass
class TableImport:
    kind: str
    importer: str  # dotted path of fn(*, actor, upload, progress, **options) -> {"created": n, ...}
    aliases: dict[str, str]
    required: list[str]
    summary: str  # formatted with the importer's counts, e.g. %(created)s and %(updated)s
    url: str = ""  # the URL name of the list to open when done
    header: list[str] = dataclasses.field(default_factory=list)  # the columns as people read them

    def label(self, column: str) -> str:
        """A column as the header row names it (for "Tệp thiếu cột: Mã đơn vị.")."""
        for text in self.header:
            if _header_key(text, self.aliases) == column:
                return str(text)
        return {v: k for k, v in self.aliases.items()}.get(column, column)


IMPORTS: dict[str, TableImport] = {}


def register(kind: str, *, importer: str, aliases: dict[str, str], required: list[str], summary,
             url: str = "", header: list[str] | None = None) -> None:
    IMPORTS[kind] = TableImport(kind, importer, aliases, list(required), summary, url, list(header or []))
    jobs.register(kind, "attt.core.table_jobs.run")


def _first_row(data: bytes, name: str) -> list:
    """The header row only: cheap even for a large workbook (read-only mode streams the sheet)."""
    if data[:2] == b"PK" or name.endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            row = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), None)
            book.close()
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
            raise DomainError(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx."), field="file") from None
        except Exception:  # openpyxl raises many kinds on malformed parts
            raise DomainError(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx."), field="file") from None
        return list(row or [])
    from .tabular import _read_csv

    head = data[:65536]
    cut = head.rfind(b"\n")
    return (_read_csv(head[:cut] if cut > 0 else head) or [[]])[0]


def check_file(data: bytes, name: str, *, spec: TableImport, max_bytes: int = MAX_BYTES) -> None:
    """What can be refused in the request, fast: everything but the rows themselves."""
    from .uploads import check_archive, check_name

    check_name(name or "")
    lower = (name or "").lower()
    if len(data) > max_bytes:
        raise DomainError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)}, field="file")
    if not data:
        raise DomainError(_("Tệp rỗng."), field="file")
    if data[:2] == b"PK" or lower.endswith(".xlsx"):
        check_archive(data, name=lower)
    elif not (lower.endswith(".csv") or lower.endswith(".txt")):
        raise DomainError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."), field="file")
    header = {_header_key(h, spec.aliases) for h in _first_row(data, lower) if h not in (None, "")}
    if not header:
        raise DomainError(_("Tệp không có dòng tiêu đề."), field="file")
    missing = [c for c in spec.required if c not in header]
    if missing:
        raise DomainError(_("Tệp thiếu cột: %(c)s.") % {"c": ", ".join(spec.label(c) for c in missing)},
                          field="file")


def table_import_start(*, actor, kind: str, upload, label: str, options: dict | None = None, organisation=None):
    """Check the upload in the request, keep it, and start the import job (after commit).
    `options` (JSON values) go to the importer as keyword arguments."""
    spec = IMPORTS[kind]
    raw = getattr(upload, "name", "") or ""
    data = upload.read(MAX_BYTES + 1)
    check_file(data, raw, spec=spec)  # the name as sent (a too long or odd name is refused, not cut)
    name = raw.replace("\\", "/").rsplit("/", 1)[-1][-120:] or "bang"
    stored = default_storage.save(f"{INPUT_DIR}/{uuid.uuid4().hex}/{name}", ContentFile(data))
    params = {"input": stored, "filename": name}
    if options:
        params["options"] = dict(options)
    return jobs.job_start(actor=actor, kind=kind, label=label, params=params, organisation=organisation,
                          target=f"import:{stored}"[:120])


def row_errors_text(exc: RowErrors) -> str:
    lines = [str(exc.message)]
    lines += [_("Dòng %(n)s: %(m)s") % {"n": n, "m": m} for n, m in exc.rows[:MAX_LISTED_ROWS]]
    if len(exc.rows) > MAX_LISTED_ROWS:
        lines.append(_("… và %(n)s dòng lỗi khác.") % {"n": len(exc.rows) - MAX_LISTED_ROWS})
    return "\n".join(lines)


def run(job, progress) -> jobs.Result:
    """The handler of every registered table import."""
    from django.urls import reverse

    spec = IMPORTS[job.kind]
    stored = job.params.get("input") or ""
    if not stored.startswith(INPUT_DIR + "/") or not default_storage.exists(stored):
        raise DomainError(_("Tệp tải lên không còn; hãy tải lại tệp."))
    progress(5, _("Đang đọc tệp"))
    with default_storage.open(stored, "rb") as handle:
        upload = SimpleUploadedFile(job.params.get("filename") or stored.rsplit("/", 1)[-1], handle.read())
    try:
        result = import_string(spec.importer)(actor=job.user, upload=upload, progress=progress,
                                              **(job.params.get("options") or {}))
    except RowErrors as exc:
        raise DomainError(row_errors_text(exc)) from None
    default_storage.delete(stored)
    return jobs.Result(text=str(spec.summary) % result, url=reverse(spec.url) if spec.url else "")

