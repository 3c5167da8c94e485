"""PDF export. The body of the report (header, the four parts, signature) is the DOCX converted by
LibreOffice headless (attt.core.documents.to_pdf), so that its layout is the DOCX's. The annex
tables, thousands of rows, are drawn straight onto PDF pages in the template's annex layout
(attt.core.documents.pdftables) from the same stored rows and the same cell texts as the DOCX:
LibreOffice would take about a minute for the province report's 2,000 annex pages. Both run at
once: LibreOffice in its own process, the drawing here. Without annexes, the PDF is the DOCX's."""
from __future__ import annotations

import concurrent.futures

from django.utils import translation
from django.utils.translation import gettext as _

from attt.core.documents import pdftables, render_docx, to_pdf
from attt.core.documents.alignment import ORDINAL_HEADERS, numeric_columns
from attt.core.documents.engine import PDF_WAIT_STEP, grid_widths
from attt.core.documents.layout import ANNEX_WIDE_COLUMNS, LANDSCAPE_TEXT_W, TEXT_W

from . import docx, parts


def write(report, out, *, progress=None) -> None:
    """The PDF into `out`. In a job, `progress` (attt.core.jobs.Progress) shows each step and is
    kept alive while LibreOffice works; the time allowed is ATTT_PDF_TIMEOUT."""
    say = progress or (lambda *a: None)
    beat = getattr(progress, "beat", None)
    annexes = [p for p in parts(report) if p.columns and p.data.get("rows")]
    context = docx.context(report, stream_annexes=True, lead_rows=0)
    titles = context["annexes"]
    context["annexes"] = []  # drawn below
    body = render_docx("report", context, regime=getattr(report, "regime_code", None), province=report.organisation)
    if not annexes:
        say(40, _("Đang chuyển sang PDF…"))
        out.write(to_pdf(body, on_wait=beat))
        return
    landscape = max(len(p.columns) for p in annexes) >= ANNEX_WIDE_COLUMNS  # as engine.landscape_annexes
    total_rows = sum(p.data["rows"] for p in annexes)  # the count stored with the figures
    say(20, _("Đang dàn trang phụ lục…"))
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        laid_out = pool.submit(_in_language(translation.get_language(), to_pdf), body)  # LibreOffice, meanwhile

        def drawn(count):
            if total_rows:
                say(20 + 60 * min(1.0, count / total_rows), _("Đang dàn trang phụ lục: %(n)s dòng") % {"n": count})

        pages = pdftables.AnnexPages(landscape=landscape, on_row=drawn)
        cell = _Cells()
        for part, head in zip(annexes, titles):
            values = list(part.rows(report))  # one read of the annex (at most a few MB)
            header = [str(c) for c in part.columns]
            numbers = numeric_columns(map(docx._kinds, values))
            numbers += [False] * (len(header) - len(numbers))
            ordinal = [" ".join(h.split()).lower() in ORDINAL_HEADERS for h in header]
            align = ["center" if o and n else "right" if n else "left" for o, n in zip(ordinal, numbers)]
            widths = grid_widths([header, *([cell(v) for v in row] for row in values[:299])],
                                 LANDSCAPE_TEXT_W if landscape else TEXT_W)
            pages.annex(title=head["title"], subject=head["subject"], note=head["note"], header=header,
                        rows=([cell(v) for v in row] for row in values), widths_cm=widths, align=align)
            del values
        say(85, _("Đang chuyển phần thân sang PDF…"))
        while True:
            try:
                body_pdf = laid_out.result(timeout=PDF_WAIT_STEP)
                break
            except concurrent.futures.TimeoutError:
                if beat is not None:
                    beat(0)
    say(92, _("Đang ghép phụ lục vào báo cáo…"))
    pages.join(body_pdf, out)


def _in_language(language, function):
    """`function` run in another thread speaking this thread's language (its messages, such as
    PdfTimeout's, are the user's)."""
    def run(*args):
        with translation.override(language):
            return function(*args)
    return run


class _Cells:
    """docx._cell, the same text for the same value, with each number formatted once (an annex
    repeats the same few numbers thousands of times, and formatting one goes through Django's
    number_format)."""

    def __init__(self):
        self.numbers: dict = {}

    def __call__(self, value) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            key = (value.__class__, value)
            text = self.numbers.get(key)
            if text is None:
                text = self.numbers[key] = docx._cell(value)
            return text
        return docx._cell(value)
