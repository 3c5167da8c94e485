"""Where a template error is, as the user sees the template in Word: the paragraph number (counted
from the top of the document body, paragraphs inside table cells included, as Word's navigation
walks them) and the start of its text; not a line of the Word XML that docxtpl compiles.

The paragraphs' texts (runs joined, docxtpl's `{%p`/`{%tr`/`{%tc`/`{%r` prefixes made plain, Word's
curly quotes made straight) are compiled one paragraph per line, so Jinja's line number is the
paragraph number. A block left open (an `{% if %}` without `{% endif %}`) is reported at the
paragraph that opened it."""
from __future__ import annotations

import re

from django.utils.translation import gettext as _

_PREFIX = re.compile(r"(\{%-?)(?:p|tr|tc|r)\s")
_VAR_PREFIX = re.compile(r"(\{\{-?)(?:p|r)\s")
_BLOCK = re.compile(r"\{%-?\s*(\w+)")
_OPENERS = {"if", "for", "with", "macro", "call", "filter", "block", "raw", "autoescape"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
EXCERPT = 60


def paragraph_texts(document) -> list[str]:
    from docx.oxml.ns import qn

    texts = []
    for p in document.element.body.iter(qn("w:p")):
        texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return texts


def _plain(text: str) -> str:
    text = text.translate(_QUOTES)
    text = _PREFIX.sub(r"\1 ", text)
    return _VAR_PREFIX.sub(r"\1 ", text)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def _unclosed(lines: list[str]) -> int | None:
    """The paragraph (1-based) of the innermost block still open at the end."""
    stack: list[tuple[str, int]] = []
    for n, line in enumerate(lines, start=1):
        for tag in _BLOCK.findall(line):
            if tag in _OPENERS:
                stack.append((tag, n))
            elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
                stack.pop()
    return stack[-1][1] if stack else None


def _message(exc) -> str:
    text = str(getattr(exc, "message", None) or exc)
    match = re.search(r"innermost block that needs to be closed is '(\w+)'", text)
    if "Unexpected end of template" in text and match:
        tag = match.group(1)
        return _("thẻ {%% %(tag)s %%} chưa được đóng bằng {%% end%(tag)s %%}") % {"tag": tag}
    match = re.search(r"Encountered unknown tag '(\w+)'", text)
    if match:
        return _("thẻ {%% %(tag)s %%} không đúng chỗ hoặc không tồn tại") % {"tag": match.group(1)}
    return text


def locate(document, exc) -> tuple[int, str, str] | None:
    """(paragraph number, excerpt of its text, message) for a Jinja error in `document`, or None
    when the paragraphs compile alone (an error at render time with the data)."""
    from jinja2 import Environment, TemplateSyntaxError

    texts = paragraph_texts(document)
    lines = [_plain(t).replace("\n", " ") for t in texts]
    try:
        Environment().parse("\n".join(lines))
    except TemplateSyntaxError as err:
        number = err.lineno or 0
        if "Unexpected end of template" in str(err.message or ""):
            number = _unclosed(lines) or number
        if 1 <= number <= len(texts):
            return number, _excerpt(texts[number - 1]), _message(err)
        return None
    return None
