"""PDF export: the DOCX of the report converted by LibreOffice headless, so that the PDF and the
DOCX cannot disagree (attt.core.documents.to_pdf)."""
from __future__ import annotations

from attt.core.documents import to_pdf

from . import docx


def write(report, out) -> None:
    out.write(to_pdf(docx.render(report)))
