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
    "response_plan": 1,     # phương án ứng phó sự cố (preparedness)
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


def template_source(kind: str, regime: str | None = None, province=None) -> bytes | Path:
    """The template a document of `kind` is made from: the province's active override (for its
    regime, then for any regime), else the regime's template, else the base one."""
    if province is not None:
        from .overrides import active_template

        row = active_template(province=province, kind=kind, regime=regime)
        if row is not None:
            with row.file.open("rb") as fh:
                return fh.read()
    return template_path(kind, regime)


def lenient_env():
    """Jinja environment where a missing variable (and its attributes) renders as empty text."""
    from jinja2 import ChainableUndefined, Environment

    return Environment(autoescape=True, undefined=ChainableUndefined)


def render_docx(kind: str, context: dict, *, regime: str | None = None, template: bytes | Path | None = None,
                province=None, jinja_env=None) -> bytes:
    """Render the template of `kind` (or the given template file) with `context` into DOCX bytes;
    `province` (an Organisation) selects that province's own template when it has one."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    source = template if template is not None else template_source(kind, regime, province)
    if jinja_env is None and template is None and isinstance(source, bytes):
        jinja_env = lenient_env()  # a province's own template: a variable it invents renders empty
    try:
        doc = DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else str(source))
        doc.render(context, jinja_env=jinja_env, autoescape=True)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise DocumentError(_("Mẫu văn bản bị lỗi (dòng %(line)s): %(error)s") % {"line": line or "?", "error": exc}) from exc
    _share_grid_widths(doc.docx)
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


def _share_grid_widths(document, *, total_cm: float = 16.0) -> None:
    """Tables whose columns come from the data (marked with the grid caption by the layout) get
    fixed column widths shared out by the length of their contents, so that no column is left one
    letter wide: gridCol and every tcW are rewritten."""
    from docx.oxml.ns import qn

    from .layout import GRID_MARK

    body = document.element.body
    for tbl in body.iter(qn("w:tbl")):
        caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if caption is None or caption.get(qn("w:val")) != GRID_MARK:
            continue
        rows = tbl.findall(qn("w:tr"))
        if not rows:
            continue
        ncols = max(len(r.findall(qn("w:tc"))) for r in rows)
        weights = [0.0] * ncols
        for r in rows[:200]:
            for i, tc in enumerate(r.findall(qn("w:tc"))):
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                longest = max((len(w) for w in text.split()), default=1)
                weights[i] = max(weights[i], min(len(text), 40) * 0.6 + longest)
        weights = [max(w, 4.0) for w in weights]
        scale = total_cm / sum(weights)
        widths = [round(w * scale / 2.54 * 1440) for w in weights]
        grid = tbl.find(qn("w:tblGrid"))
        for col in list(grid):
            grid.remove(col)
        for width in widths:
            col = grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(width)})
            grid.append(col)
        for r in rows:
            for tc, width in zip(r.findall(qn("w:tc")), widths):
                tc_w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                if tc_w is not None:
                    tc_w.set(qn("w:w"), str(width))
                    tc_w.set(qn("w:type"), "dxa")
