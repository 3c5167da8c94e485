"""PDF export: the DOCX of the report converted by LibreOffice headless, so that the PDF and the
DOCX cannot disagree (attt.core.documents.to_pdf)."""
from __future__ import annotations

from django.utils.translation import gettext as _

from attt.core.documents import to_pdf

from . import docx


def write(report, out, *, progress=None) -> None:
    """The PDF into `out`. In a job, `progress` (attt.core.jobs.Progress) shows the conversion step
    and is kept alive while LibreOffice works; the time allowed is ATTT_PDF_TIMEOUT."""
    data = docx.render(report, table_rows=docx.PDF_TABLE_ROWS)
    if progress is not None:
        progress(40, _("Đang chuyển sang PDF…"))
    out.write(to_pdf(data, on_wait=getattr(progress, "beat", None)))
