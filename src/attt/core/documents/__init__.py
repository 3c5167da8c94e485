"""One engine for every official document: a DOCX template (docxtpl, Jinja tags inside Word
files) per document kind, optionally per regime, rendered with a context; PDF is that DOCX
converted by LibreOffice headless, so the two cannot disagree.

Templates are package data under `templates/` (`<kind>.docx`, overridden by
`<regime>/<kind>.docx`). They are built once by `layout.build_all()` in the NĐ 30/2020/NĐ-CP
Phụ lục I layout and can be edited in Word afterwards."""
from .engine import CONTENT_TYPES, KINDS, DocumentError, render_docx, template_path, to_pdf  # noqa: F401
