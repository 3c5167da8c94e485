"""Diacritic folding and OCR normalisation.

`fold_char` maps one character to one character, so `norm(text)` has the same length as
`text` and every offset found in the normalised text is an offset in the original.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import lexicon

_OCR_CHARS = {"¢": "c", "€": "e", "©": "c", "®": " ", "°": " ", "ﬁ": "f", "ﬂ": "f", "§": "o",
              "¥": "y", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ",
              "\t": " "}


@lru_cache(maxsize=4096)
def fold_char(c: str) -> str:
    if c in _OCR_CHARS:
        return _OCR_CHARS[c]
    if c in "đĐ":
        return "d"
    if c.isascii():
        return c.lower()
    base = unicodedata.normalize("NFD", c)[0]
    if base.isascii():
        return base.lower()
    return c.lower() if len(c.lower()) == 1 else c


def fold(text: str | None) -> str:
    """Lower case, no diacritics, đ -> d; same length as the input."""
    return "".join(fold_char(c) for c in text or "")


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics but keep case (đ -> d, Đ -> D)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def has_diacritics(text: str) -> bool:
    return any(not c.isascii() and c.isalpha() for c in text)


@lru_cache(maxsize=1)
def _vocab() -> dict[str, str]:
    lex = lexicon()
    vocab: dict[str, str] = {}
    for word in lex["syllables"].split():
        vocab.setdefault(fold(word), word)
    for place in list(lex.get("provinces") or []) + list(lex.get("cities") or []):
        for word in place.split():
            if word.isalpha():
                vocab.setdefault(fold(word), word.lower())
    return vocab


@lru_cache(maxsize=1)
def _ocr_words() -> dict[str, str]:
    return {k: v for k, v in (lexicon().get("ocr_words") or {}).items()}


@lru_cache(maxsize=1)
def _confusions() -> dict[str, list[str]]:
    return {str(k): [str(x) for x in v] for k, v in lexicon()["ocr_confusions"].items()}


_WORD = re.compile(r"[^\W_]+|&", re.UNICODE)
_VOWELS = "aeiouyăâêôơư"


def _prefix_fix(raw: str, key: str) -> str:
    """Digit and letter confusions that depend on the printed shape of a word."""
    chars = list(key)
    if len(raw) > 1 and raw[0] == "P" and fold_char(raw[1]) in "aeiouy":
        chars[0] = "d"                                    # "Pinh ky" -> "dinh ky"
    if len(chars) > 1 and chars[0] == "1" and chars[1].isalpha():
        chars[0] = "l"                                    # "1y" -> "ly"
    for i, c in enumerate(chars):
        if c in "60" and i > 0 and chars[i - 1].isalpha():
            chars[i] = "o"                                # "s6", "d6i" -> "so", "doi"
    return "".join(chars)


@lru_cache(maxsize=20000)
def correct_key(raw: str) -> str:
    """Folded, OCR-corrected key of one word, same length as `raw` (or `raw` folded if unsure)."""
    key = _prefix_fix(raw, fold(raw))
    if key.isdigit() or not any(c.isalpha() for c in key):
        return key
    vocab = _vocab()
    if key in vocab:
        return key
    if key in _ocr_words():
        fixed = fold(_ocr_words()[key])
        return fixed if len(fixed) == len(key) else key
    conf = _confusions()
    found = _variants(key, vocab, conf)
    return found or key


def _variants(key: str, vocab: dict[str, str], conf: dict[str, list[str]]) -> str | None:
    if len(key) < 2 or len(key) > 8:
        return None
    singles = []
    for i, c in enumerate(key):
        for r in conf.get(c, ()):
            cand = key[:i] + r + key[i + 1:]
            if cand in vocab:
                return cand
            singles.append((i, cand))
    if len(key) < 3:
        return None
    for i, cand in singles:
        for j in range(i + 1, len(cand)):
            for r in conf.get(cand[j], ()):
                cand2 = cand[:j] + r + cand[j + 1:]
                if cand2 in vocab:
                    return cand2
    return None


_TRANS = str.maketrans({"¢": "c", "€": "e", "©": "c"})


def norm(text: str) -> str:
    """Folded, OCR-corrected text with the same length as `text`."""
    text = text.translate(_TRANS)
    out = []
    last = 0
    for m in _WORD.finditer(text):
        out.append(fold(text[last:m.start()]))
        out.append(correct_key(m.group()))
        last = m.end()
    out.append(fold(text[last:]))
    return "".join(out)


def restore_word(raw: str, ocr: bool = False) -> str:
    """Best printed form of one word: known syllable with diacritics, case kept."""
    if not raw or raw.isdigit():
        return raw
    if raw.isalpha() and raw.isupper() and len(raw) > 1 and not has_diacritics(raw) \
            and fold(raw) not in _vocab():
        return raw                                        # an abbreviation such as UBND
    folded = fold(raw)
    if not ocr and has_diacritics(raw) and folded in _vocab() and _clean_accents(raw):
        return raw
    key = correct_key(raw)
    word = _ocr_words().get(_prefix_fix(raw, folded)) or _vocab().get(key)
    if word is None:
        return raw
    if raw[:1].isupper():
        if raw.isupper() and len(raw) > 1:
            return word.upper()
        return word[:1].upper() + word[1:]
    return word


_VIET_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


def _clean_accents(raw: str) -> bool:
    return all(c.isascii() or c.lower() in _VIET_LETTERS for c in raw)


def restore(text: str, ocr: bool = True) -> str:
    """Restore diacritics word by word; with `ocr`, printed accents are not trusted."""
    if not text:
        return text
    text = text.translate(_TRANS)
    return _WORD.sub(lambda m: restore_word(m.group(), ocr), text)


def looks_ocr(text: str) -> bool:
    """True when most Vietnamese words lost their diacritics."""
    words = _WORD.findall(text[:20000])
    if not words:
        return False
    marked = sum(1 for w in words if has_diacritics(w))
    return marked / len(words) < 0.25
