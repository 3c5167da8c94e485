"""Rendering (docxtpl) and conversion to PDF (LibreOffice headless, one profile per call)."""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from attt.core.errors import DomainError

TEMPLATES = Path(__file__).parent / "templates"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
# kind -> template version; a change of layout or wording bumps the version (kept in the file name
# of the rendered template's core properties, so a sent document says which template made it).
KINDS = {
    "decision": 1,          # quyết định phê duyệt cấp độ
    "explanation": 1,       # thuyết minh hồ sơ đề xuất cấp độ
    "incident_initial": 1,  # báo cáo ban đầu sự cố
    "incident_closing": 1,  # báo cáo kết thúc ứng phó sự cố
    "report": 1,            # báo cáo định kỳ (đơn vị, tỉnh)
}
PDF_TIMEOUT = 180


class DocumentError(DomainError):
    """A document could not be produced; the message is for people."""


def template_path(kind: str, regime: str | None = None) -> Path:
    if kind not in KINDS:
        raise DocumentError(_("Không có mẫu văn bản loại “%(kind)s”.") % {"kind": kind})
    if regime:
        specific = TEMPLATES / regime / f"{kind}.docx"
        if specific.exists():
            return specific
    return TEMPLATES / f"{kind}.docx"


def render_docx(kind: str, context: dict, *, regime: str | None = None, template: bytes | Path | None = None) -> bytes:
    """Render the template of `kind` (or the given template file) with `context` into DOCX bytes."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    source = template if template is not None else template_path(kind, regime)
    doc = DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    try:
        doc.render(context, autoescape=True)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise DocumentError(_("Mẫu văn bản bị lỗi (dòng %(line)s): %(error)s") % {"line": line or "?", "error": exc}) from exc
    doc.docx.core_properties.comments = f"attt:{kind}:v{KINDS.get(kind, 0)}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, *, timeout: int = PDF_TIMEOUT) -> bytes:
    """Convert DOCX bytes to PDF with LibreOffice headless. Each call has its own temporary profile
    so that conversions in parallel workers do not clash."""
    binary = soffice()
    if binary is None:
        raise DocumentError(_("Máy chủ chưa cài LibreOffice (lệnh soffice) nên không tạo được PDF; "
                              "hãy cài gói libreoffice-writer-nogui."))
    with tempfile.TemporaryDirectory(prefix="attt-pdf-") as tmp:
        work = Path(tmp)
        src = work / "document.docx"
        src.write_bytes(docx)
        profile = (work / "profile").as_uri()
        cmd = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(_("Chuyển sang PDF quá thời gian cho phép (%(s)s giây).") % {"s": timeout}) from exc
        pdf = work / "document.pdf"
        if proc.returncode != 0 or not pdf.exists():
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[-300:]
            raise DocumentError(_("LibreOffice không chuyển được văn bản sang PDF: %(detail)s") % {"detail": detail})
        return pdf.read_bytes()
