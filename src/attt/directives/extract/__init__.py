"""Directive extraction: text of a Vietnamese administrative document in, structure out.

Pure Python (no Django). `extract_text(text)` returns an `Extraction` whose `to_dict()` is the
contract JSON `attt.directive/1`; `read_document(path_or_bytes, filename)` gets the text of a
.txt, .docx or .pdf file or raises `DocumentError` with a Vietnamese message.
`extract_text(text, units=[...])` takes the province's organisation names as the lexicon that
restores and matches assignee phrases (see `units.py`).
"""
from .model import Deadline, Extraction, Reference, Task
from .pipeline import extract_text
from .readers import DocumentError, read_document
from .units import UnitLexicon

__all__ = ["Deadline", "DocumentError", "Extraction", "Reference", "Task", "UnitLexicon", "extract_text",
           "read_document"]
