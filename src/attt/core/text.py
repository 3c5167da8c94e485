"""Text folding: search that ignores diacritics and case ("cong an" finds "Công an tỉnh")."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower case, without diacritics (đ becomes d), whitespace collapsed."""
    if not text:
        return ""
    text = str(text).replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().lower()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query, for an AND of `icontains` filters on a folded column."""
    return [w for w in fold(query).split(" ") if w][:8]


def task_heading(text: str | None, limit: int = 40) -> str:
    """The first words of `text`, at most about `limit` characters, cut at a word and ended with
    "…" when cut: a column heading people can read (used instead of internal refs like "1.a.-6.+1")."""
    words = _SPACES.sub(" ", str(text or "")).strip()
    if len(words) <= limit:
        return words
    cut = words[:limit + 1].rsplit(" ", 1)[0] if " " in words[:limit + 1] else words[:limit]
    return cut.rstrip(" ,;:.-") + "…"
