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


def word_prefix_regex(term: str) -> str:
    """A regular expression (the same in SQLite and PostgreSQL) for a folded term at the start of a
    word of a folded text."""
    return r"(^|[^a-z0-9])" + re.escape(term)


def whole_words_rank(query: str | None, text: str | None) -> int:
    """0 when the query's words appear in `text` as whole words in a row, 1 when each is a whole
    word somewhere, 2 otherwise: results that name the query come first."""
    terms = search_terms(query)
    words = re.split(r"[^a-z0-9]+", fold(text))
    if not terms:
        return 2
    n = len(terms)
    if any(words[i:i + n] == terms for i in range(len(words) - n + 1)):
        return 0
    return 1 if all(t in words for t in terms) else 2


def folded_pattern(query: str | None) -> str:
    """A case-insensitive regular expression that finds the query in text WITH diacritics: each
    letter of the folded query matches any of its Vietnamese forms ("may chu" finds "Máy chủ")."""
    out = []
    for ch in fold(query):
        out.append(_VARIANTS.get(ch) or (r"\s+" if ch == " " else re.escape(ch)))
    return "".join(out)


_VARIANTS = {
    "a": "[aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ]", "e": "[eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ]",
    "i": "[iìíỉĩịIÌÍỈĨỊ]", "o": "[oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ]",
    "u": "[uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ]", "y": "[yỳýỷỹỵYỲÝỶỸỴ]", "d": "[dđDĐ]",
}


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
