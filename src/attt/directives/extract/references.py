"""Cited documents: number and symbol, kind, date."""
from __future__ import annotations

import re
from functools import lru_cache

from .dates import DMY_DIGITS, DMY_WORDS, make_date
from .fold import fold, norm
from .lexicon import lexicon
from .model import Reference

_UP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠ"
_PART = rf"[{_UP}][{_UP}a-z&Đđ0-9]*"
_BREAK = r"\s*-\s*(?:\n\s*)*"          # a hyphen may end a line ("85/2016/ND-\nCP")
SYMBOL = re.compile(
    rf"(?<![\w/])(\d{{1,5}})\s?/\s?(?:((?:19|20)\d\d)\s?/\s?)?({_PART}(?:{_BREAK}{_PART})*(?:/{_PART})?)"
    rf"|(?<![\w/])(\d{{1,5}})-({_PART})/({_PART}(?:-{_PART})*)")


@lru_cache(maxsize=1)
def _parts() -> dict[str, str]:
    return {str(k).upper(): v for k, v in lexicon()["symbol_parts"].items()}


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[str, str]]:
    return sorted(((fold(k), k) for k in lexicon()["doc_kinds"]), key=lambda x: -len(x[0]))


_P_PARTS = frozenset({"CP", "VPCP", "TTCP"})   # parts really written with P


def restore_symbol(sym: str) -> str:
    """Join the pieces, drop spaces and restore Đ in known parts ("33/CD-TTg" -> "33/CĐ-TTg")."""
    sym = re.sub(r"\s+", "", sym)
    parts = _parts()

    first = re.search(r"[A-Za-zĐđ]", sym)

    def fix(m: re.Match) -> str:
        token = m.group()
        if token.upper() in parts and token.isupper():
            return parts[token.upper()]
        if token.isupper() and "P" in token:             # OCR prints Đ as P ("QP-UBND", "NP-CP")
            guess = token.replace("P", "D")
            legit = token in _P_PARTS and not (first and m.start() == first.start() and token == "CP"
                                                and sym[m.end():m.end() + 1] == "-")
            if guess in parts and not legit:
                return parts[guess]
        if "&" in token:
            return "&".join(fix(re.match(r".*", p, re.S)) if p else p for p in token.split("&"))
        return token
    return re.sub(r"[A-Za-zĐđ]+(?:&[A-Za-zĐđ]+)*", fix, sym)


def parse_symbol(m: re.Match) -> str:
    if m.group(4):
        return restore_symbol(f"{m.group(4)}-{m.group(5)}/{m.group(6)}")
    year = f"{m.group(2)}/" if m.group(2) else ""
    return restore_symbol(f"{m.group(1)}/{year}{m.group(3)}")


def _kind_before(n: str, start: int) -> str | None:
    window = n[max(0, start - 40):start]
    window = re.sub(r"\s+", " ", window).rstrip()
    window = re.sub(r"\b(?:so|s[a-z0-9]|sb|se)\s*$", "", window).rstrip()
    for key, kind in _kinds():
        if window.endswith(key):
            return kind
    fuzzy = {"cong dien": "Công điện", "van ban": "Văn bản", "chi thi": "Chỉ thị", "ke hoach": "Kế hoạch",
             "quyet dinh": "Quyết định", "nghi dinh": "Nghị định", "thong tu": "Thông tư",
             "cong van": "Công văn", "nghi quyet": "Nghị quyết", "thong bao": "Thông báo"}
    tail = " ".join(window.split()[-2:])
    for key, kind in fuzzy.items():
        a, b = key.split()
        t = tail.split()
        if len(t) == 2 and t[0][:1] == a[:1] and t[0][-1:] == a[-1:] and t[1][:1] == b[:1] and t[1][-1:] == b[-1:]:
            return kind
    return None


def _kind_from_symbol(sym: str) -> str | None:
    kinds = lexicon()["symbol_kinds"]
    m = re.match(r"\d+(?:/\d{4})?/([^-/]+)", sym) or re.match(r"\d+-([^/]+)/", sym)
    if m and m.group(1) in kinds:
        return kinds[m.group(1)]
    return None


def find_references(text: str, own_number: str | None, n: str | None = None) -> list[Reference]:
    n = n if n is not None else norm(text)
    own = fold(own_number or "").replace(" ", "")
    seen: set[str] = set()
    out: list[Reference] = []
    for m in SYMBOL.finditer(text):
        sym = parse_symbol(m)
        key = fold(sym)
        if not re.search(r"[a-z]", key.split("/", 1)[-1]) or key in seen:
            continue
        if own and key == own:
            continue
        if re.fullmatch(r"\d+/[a-z]{1,2}", key):         # "01 lần/06 tháng" never gets here; "2/Q"-like noise
            continue
        seen.add(key)
        kind = _kind_before(n, m.start()) or _kind_from_symbol(sym)
        when = None
        after = n[m.end():m.end() + 45]
        for rx in (DMY_WORDS, DMY_DIGITS):
            dm = rx.search(after)
            if dm and dm.start() <= 8:
                g = dm.groups()
                when = (make_date(int(g[3]), int(g[2]), int(g[0])) if rx is DMY_DIGITS
                        else make_date(int(g[2]), int(g[1]), int(g[0])))
                break
        out.append(Reference(sym, kind, when, (m.start(), m.end())))
    return out
