"""Rendering (docxtpl) and conversion to PDF (LibreOffice headless, one profile per call)."""
from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
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
    "response_plan": 1,     # phương án ứng phó sự cố (preparedness)
    "report": 2,            # báo cáo định kỳ (đơn vị, tỉnh); v2: phụ lục khổ ngang
    "warning": 1,           # công văn cảnh báo (từ một cảnh báo)
    "progress": 1,          # báo cáo tình hình thực hiện văn bản chỉ đạo
}
PDF_TIMEOUT = 900  # seconds, when settings.ATTT_PDF_TIMEOUT is not set (conversions run in the worker)
PDF_WAIT_STEP = 5.0  # seconds between two `on_wait` calls while LibreOffice converts
CHAR_CM, CELL_PAD_CM = 0.21, 0.35  # a Times New Roman letter at 10-11 pt, and a cell's side margins


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
                province=None, jinja_env=None, numeric=None) -> bytes:
    """Render the template of `kind` (or the given template file) with `context` into DOCX bytes;
    `province` (an Organisation) selects that province's own template when it has one. Number
    columns of the tables are right-aligned (`alignment.align_numbers`; `numeric` replaces its test
    of a cell's text, e.g. for placeholder cells filled afterwards)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from .alignment import align_numbers, is_number

    source = template if template is not None else template_source(kind, regime, province)
    if jinja_env is None and template is None and isinstance(source, bytes):
        jinja_env = lenient_env()  # a province's own template: a variable it invents renders empty
    try:
        doc = DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else str(source))
        doc.render(context, jinja_env=jinja_env, autoescape=True)
    except TemplateError as exc:
        raise template_error(doc, exc) from exc
    align_numbers(doc.docx, numeric=numeric or is_number)
    landscape = landscape_annexes(doc.docx)
    _share_grid_widths(doc.docx, landscape_after=landscape)
    doc.docx.core_properties.comments = f"attt:{kind}:v{KINDS.get(kind, 0)}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_timeout() -> float:
    """The longest a conversion may run: `ATTT_PDF_TIMEOUT` (seconds; see docs/operations.md)."""
    from django.conf import settings

    return float(getattr(settings, "ATTT_PDF_TIMEOUT", PDF_TIMEOUT) or PDF_TIMEOUT)


class PdfTimeout(DocumentError):
    """LibreOffice did not finish within the allowed time; it was stopped."""


def to_pdf(docx: bytes, *, timeout: float | None = None, on_wait=None, wait_step: float = PDF_WAIT_STEP) -> bytes:
    """Convert DOCX bytes to PDF with LibreOffice headless. Each call has its own temporary profile
    so that conversions in parallel workers do not clash. `on_wait(elapsed_seconds)` is called every
    `wait_step` seconds while LibreOffice works (a job reports that it is alive). Past `timeout`
    (default `pdf_timeout()`), LibreOffice is stopped with every process it started (it runs in a
    session of its own: `soffice` starts `oosplash`, which starts `soffice.bin`) and `PdfTimeout`
    says so in words."""
    binary = soffice()
    if binary is None:
        raise DocumentError(_("Máy chủ chưa cài LibreOffice (lệnh soffice) nên không tạo được PDF; "
                              "hãy cài gói libreoffice-writer-nogui."))
    timeout = timeout or pdf_timeout()
    with tempfile.TemporaryDirectory(prefix="attt-pdf-") as tmp:
        work = Path(tmp)
        src = work / "document.docx"
        src.write_bytes(docx)
        profile = (work / "profile").as_uri()
        cmd = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work), str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        started = time.monotonic()
        try:
            while True:
                left = timeout - (time.monotonic() - started)
                if left <= 0:
                    raise PdfTimeout(_("Chuyển sang PDF quá thời gian cho phép (%(s)s giây) nên đã dừng: văn bản "
                                       "quá lớn để chuyển kịp. Hãy tải bản DOCX hoặc XLSX của văn bản; quản trị hệ "
                                       "thống có thể tăng giới hạn này (ATTT_PDF_TIMEOUT).") % {"s": f"{timeout:g}"})
                try:
                    stdout, stderr = proc.communicate(timeout=min(wait_step, left))
                    break
                except subprocess.TimeoutExpired:
                    if on_wait is not None and time.monotonic() - started < timeout:
                        on_wait(time.monotonic() - started)
        finally:
            if proc.poll() is None:
                _stop(proc)
        pdf = work / "document.pdf"
        if proc.returncode != 0 or not pdf.exists():
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[-300:]
            raise DocumentError(_("LibreOffice không chuyển được văn bản sang PDF: %(detail)s") % {"detail": detail})
        return pdf.read_bytes()


def _stop(proc: subprocess.Popen) -> None:
    """Kill LibreOffice and every process of its session, then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
        pass


def template_error(doc, exc) -> DocumentError:
    """The template error as the user sees the template in Word: the paragraph (counted from the
    top of the document, table cells included) and an excerpt of its text, not a line of Word XML."""
    from .locate import locate

    where = locate(doc.docx, exc) if getattr(doc, "docx", None) is not None else None
    if where is None:
        return DocumentError(_("Mẫu văn bản bị lỗi: %(error)s") % {"error": exc})
    number, excerpt, message = where
    return DocumentError(_("Mẫu văn bản bị lỗi ở đoạn %(n)s («%(text)s»): %(error)s")
                         % {"n": number, "text": excerpt, "error": message})


def landscape_annexes(document) -> bool:
    """A wide annex (a table of ANNEX_WIDE_COLUMNS columns or more after the annex mark) is set on
    landscape pages: a section break (next page) before the first annex title; the body before it
    stays portrait. Returns whether it did. Templates edited in Word keep working: the mark is the
    paragraph style "ATTT Phu luc" of the annex title."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    from .layout import ANNEX_STYLE, ANNEX_WIDE_COLUMNS, LANDSCAPE

    body = document.element.body
    try:
        style_id = document.styles[ANNEX_STYLE].style_id
    except KeyError:
        return False
    children = list(body)
    first = None
    for i, child in enumerate(children):
        if child.tag == qn("w:p"):
            ps = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if ps is not None and ps.get(qn("w:val")) == style_id:
                first = i
                break
    if first is None:
        return False
    wide = False
    for child in children[first:]:
        if child.tag == qn("w:tbl"):
            rows = child.findall(qn("w:tr"))
            if rows and max(len(r.findall(qn("w:tc"))) for r in rows) >= ANNEX_WIDE_COLUMNS:
                wide = True
                break
    if not wide:
        return False
    final = body.find(qn("w:sectPr"))
    if final is None or first == 0:
        return False
    portrait = deepcopy(final)
    # the break: an empty paragraph before the annex whose pPr ends the portrait section
    brk = body.makeelement(qn("w:p"), {})
    ppr = brk.makeelement(qn("w:pPr"), {})
    ppr.append(portrait)
    brk.append(ppr)
    children[first].addprevious(brk)
    title_ppr = children[first].find(qn("w:pPr"))
    if title_ppr is not None:  # the section break already starts a new page
        for pb in title_ppr.findall(qn("w:pageBreakBefore")):
            title_ppr.remove(pb)
    # the last section (the annexes) in landscape, page numbers on its first page too
    for tp in final.findall(qn("w:titlePg")):
        final.remove(tp)
    size = final.find(qn("w:pgSz"))
    if size is not None:
        size.set(qn("w:w"), str(LANDSCAPE["w"]))
        size.set(qn("w:h"), str(LANDSCAPE["h"]))
        size.set(qn("w:orient"), "landscape")
    mar = final.find(qn("w:pgMar"))
    if mar is not None:
        for side in ("top", "bottom", "left", "right"):
            mar.set(qn(f"w:{side}"), str(LANDSCAPE[side]))
    stype = final.find(qn("w:type"))
    if stype is None:
        stype = final.makeelement(qn("w:type"), {})
        final.insert(0, stype)
    stype.set(qn("w:val"), "nextPage")
    return True


def _share_grid_widths(document, *, total_cm: float = 16.0, landscape_after: bool = False) -> None:
    """Tables whose columns come from the data (marked with the grid caption by the layout) get
    fixed column widths shared out by the length of their contents, so that no column is left one
    letter wide: gridCol and every tcW are rewritten. Tables in the landscape annex section get
    the landscape text width."""
    from docx.oxml.ns import qn

    from .layout import LANDSCAPE_TEXT_W

    body = document.element.body
    in_landscape = False
    for child in body:
        if child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            in_landscape = landscape_after
        if child.tag != qn("w:tbl"):
            continue
        _share_one(child, LANDSCAPE_TEXT_W if in_landscape else total_cm)


# The cells of a row that is a placeholder for rows streamed into the document after rendering
# (reporting.exports.docx): they say nothing of the widths the real rows need.
PLACEHOLDER = re.compile(r"ATTTANNEX\d+CELL\d+X")


def placeholder(table: int, cell: int) -> str:
    return f"ATTTANNEX{table}CELL{cell}X"


def grid_widths(rows, total_cm: float) -> list[float]:
    """Column widths in cm for a table of these rows of cell texts (the header row first; the
    first 300 rows are enough): shared out by the length of the contents, then each column raised
    to its longest word (up to 12 letters: "STT", a date, never one letter per line), taken from
    the wider columns; with too many columns for that, widths in the ratio of those longest words."""
    weights: list[float] = []
    mins: list[float] = []
    for n, row in enumerate(rows):
        if n >= 300:
            break
        for i, text in enumerate(row):
            if i >= len(weights):
                weights.append(0.0)
                mins.append(0.6)
            longest = max((len(w) for w in text.split()), default=1)
            weights[i] = max(weights[i], min(len(text), 40) * 0.6 + longest)
            mins[i] = max(mins[i], min(longest, 12) * CHAR_CM + CELL_PAD_CM)
    weights = [max(w, 4.0) for w in weights]
    cms = [w * total_cm / sum(weights) for w in weights]
    if sum(mins) >= total_cm:  # too many columns for every longest word: each its share of the page
        return [m * total_cm / sum(mins) for m in mins]
    if sum(mins) < total_cm:
        for _ in range(5):
            short = sum(max(0.0, m - c) for m, c in zip(mins, cms))
            if short <= 0.01:
                break
            spare = sum(max(0.0, c - m) for m, c in zip(mins, cms))
            cms = [m if c <= m else c - short * (c - m) / spare for m, c in zip(mins, cms)]
    return cms


def _mark_sizes(tbl) -> None:
    """A cell paragraph whose text runs are all of one size gets its paragraph mark in that size
    too: the mark otherwise keeps the body's 14 pt and makes every row of a 10 pt table a 14 pt
    line high (Word and LibreOffice alike), a third of each annex page left blank."""
    from docx.oxml.ns import qn

    for p in tbl.iter(qn("w:p")):
        sizes = set()
        for run in p.findall(qn("w:r")):
            if run.find(qn("w:t")) is None:
                continue
            size = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            sizes.add(None if size is None else size.get(qn("w:val")))
        if len(sizes) != 1 or None in sizes:
            continue
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = p.makeelement(qn("w:pPr"), {})
            p.insert(0, ppr)
        mark = ppr.find(qn("w:rPr"))
        if mark is None:
            mark = ppr.makeelement(qn("w:rPr"), {})
            after = [c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
            if after:
                after[0].addprevious(mark)
            else:
                ppr.append(mark)
        size = mark.find(qn("w:sz"))
        if size is None:
            size = mark.makeelement(qn("w:sz"), {})
            mark.append(size)
        size.set(qn("w:val"), sizes.pop())


def _share_one(tbl, total_cm: float) -> None:
    from docx.oxml.ns import qn

    from .layout import GRID_MARK

    caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    if caption is None or caption.get(qn("w:val")) != GRID_MARK:
        return
    rows = tbl.findall(qn("w:tr"))
    if not rows:
        return
    _mark_sizes(tbl)
    texts = (["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in r.findall(qn("w:tc"))] for r in rows[:300])
    texts = ([("" if PLACEHOLDER.fullmatch(text) else text) for text in row] for row in texts)
    cms = grid_widths(texts, total_cm)
    widths = [round(cm / 2.54 * 1440) for cm in cms]
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
    tbl_w = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(sum(widths)))
        tbl_w.set(qn("w:type"), "dxa")
