"""The header of a document: number, date and place, issuer, type, subject, recipients."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .dates import _NAM, _NGAY, _THANG, make_date
from .fold import fold, norm, restore
from .lexicon import lexicon
from .references import restore_symbol

NUMBER = re.compile(r"(?m)(?:^|\s)s[o0-9a-z]{0,2}\s*:\s*(\d*)\s*(?:/\s*)?((?:\d{4}\s*/\s*)?[a-z0-9đ&]+(?:\s*[-/]\s*[a-z0-9đ&]+)*)")
DATE_LINE = re.compile(r",\s*" + _NGAY + r"\s*(\d{0,2})\s*" + _THANG + r"\s*(\d{0,2})\s*" + _NAM + r"\s*(\d{4})?")
KINH_GUI = re.compile(r"(?m)k\w{2,3}\s+g\w{1,3}i\s*:")
DIEN = re.compile(r"(?m)^[^\n]{0,80}\bd\w{1,2}n\s*:[ \t]*$")          # công điện: "CHỦ TỊCH UBND TỈNH điện:"
SUBJECT = re.compile(r"(?m)(?:^|\s)v\s?/\s?v\b\.?\s*")
HEADER_STOP = re.compile(r"(?:cong hoa|doc lap|doc 1ap|kinh g|so\s*:)")
NOI_NHAN = re.compile(r"(?m)^\s*n[o0]i\s+nh\w{1,2}n\s*:?")


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str]]:
    lex = lexicon()
    out = {fold(p): (p, "tỉnh") for p in lex["provinces"]}
    out.update({fold(c): (c, "thành phố") for c in lex["cities"]})
    return out


def restore_place(raw: str) -> str:
    key = " ".join(fold(raw).split())
    if key in _places():
        return _places()[key][0]
    return " ".join(w[:1].upper() + w[1:] for w in restore(raw).split())


def find_number(text: str, n: str) -> str | None:
    m = NUMBER.search(n[:3000])
    if not m:
        return None
    raw = text[m.start(2):m.end(2)]
    sym = restore_symbol(re.sub(r"\s+", "", raw))
    sym = re.sub(r"(?<=[A-Z])P(?=[A-Z]*$)", "Đ", sym) if "&" in sym and "P" in sym.split("&")[-1] else sym
    return f"{m.group(1)}/{sym}" if m.group(1) or "/" not in sym[:1] else sym


def find_date_place(text: str, n: str) -> tuple[date | None, str | None, int | None, int]:
    """(issued_on, place, year, end offset of the line) from "<place>, ngày … tháng … năm …"."""
    for m in DATE_LINE.finditer(n[:4000]):
        line_start = n.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        words = re.findall(r"[^\W\d_][^\W_]*", before)
        place_words: list[str] = []
        for w in reversed(words):
            if w[:1].isupper() and not (w.isupper() and len(w) > 1 and not fold(w) in _places()):
                place_words.insert(0, w)
                if len(place_words) == 4:
                    break
            else:
                break
        place = restore_place(" ".join(place_words)) if place_words else None
        year = int(m.group(3)) if m.group(3) else None
        issued = None
        if m.group(1) and m.group(2) and year:
            issued = make_date(year, int(m.group(2)), int(m.group(1)))
        return issued, place, year, m.end()
    return None, None, None, 0


def _title_case_body(name: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG" -> "Ủy ban nhân dân tỉnh Kiên Giang"."""
    low = name.lower()
    for key, (place, _level) in _places().items():
        i = fold(low).find(key)
        if i >= 0 and (i == 0 or low[i - 1] == " "):
            low = low[:i] + place + low[i + len(place):]
    return low[:1].upper() + low[1:]


def find_issuer(text: str, n: str, number: str | None, place: str | None) -> str | None:
    head = n[:1500]
    lines = text[:1500].replace("|", " ").splitlines()      # a header laid out as a table
    nlines = head.replace("|", " ").splitlines()
    body: list[str] = []
    for raw, low in zip(lines, nlines):
        low = low.strip()
        if not low:
            continue
        cut = min([i for i in (low.find("cong hoa"), low.find("doc lap")) if i >= 0] or [-1])
        if cut > 0:
            raw, low = raw[:len(raw) - len(raw.lstrip()) + cut].strip(), low[:cut].strip()
        elif cut == 0 or low.startswith(("doc lap", "poc", "doc 1ap")) or "tu do" in low:
            continue
        if low.startswith(("so:", "so :")) or re.match(r"s\w{0,2}\s*:", low) or low.startswith("v/v") \
                or "kinh g" in low:
            break
        letters = [c for c in raw if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(raw) < 80:
            body.append(raw.strip())
        elif body:
            break
    if body:
        name = " ".join(restore(" ".join(body), ocr=True).split())
        name = re.sub(r"(?i)\bUBND\b", "Ủy ban nhân dân", name)
        for t in ("CHỈ THỊ", "KẾ HOẠCH", "CÔNG ĐIỆN", "QUYẾT ĐỊNH", "THÔNG BÁO", "BÁO CÁO"):
            name = name.split(t)[0]
        if len(name.split()) >= 2:
            return _title_case_body(name.strip()).strip()
    if number and place:
        abbrevs = lexicon()["issuer_abbreviations"]
        parts = re.split(r"[-/]", number)
        for p in parts[1:]:
            if p in abbrevs and p in ("UBND", "HĐND"):
                level = _places().get(fold(place), (place, "tỉnh"))[1]
                return f"{abbrevs[p]} {level} {place}"
    return None


def find_doc_type(text: str, n: str, number: str | None) -> str:
    head = n[:2500]
    types = {fold(k): v for k, v in lexicon()["doc_types"].items()}
    for line, raw in zip(head.splitlines(), text[:2500].splitlines()):
        key = " ".join(line.split())
        if key in types and raw.strip().isupper():
            return types[key]
    if number:
        sym = lexicon()["symbol_doc_types"]
        m = re.match(r"[^/]*/(?:\d{4}/)?([^-/]+)", number) or re.match(r"\d+-([^/]+)/", number)
        if m and m.group(1) in sym:
            return sym[m.group(1)]
    if SUBJECT.search(head) or KINH_GUI.search(head):
        return "cong_van"
    return "other"


_SUBJECT_END = re.compile(r"\s*(?:can cu\b|d\w{1,3}u\s+\d|kinh gui\b|[ivx]{1,4}\.\s|\d{1,2}\.\s|[-–]\s)"
                          r"|.*\b(?:dien|yeu cau|quyet dinh)\s*:\s*$")


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def find_subject(text: str, n: str, doc_type: str) -> tuple[str | None, int]:
    m = SUBJECT.search(n[:3000])
    if m:
        start = m.end()
    else:
        start = -1
        if doc_type in ("chi_thi", "ke_hoach", "quyet_dinh", "thong_bao", "cong_dien", "bao_cao"):
            titles = {fold(k) for k in lexicon()["doc_types"]}
            pos = 0
            for line in n[:3000].splitlines(keepends=True):
                if " ".join(line.split()) in titles:
                    start = pos + len(line)
                    break
                pos += len(line)
        if start < 0:
            return None, 0
    out: list[str] = []
    pos = start
    for line in text[start:start + 800].splitlines(keepends=True):
        low = n[pos:pos + len(line)]
        pos += len(line)
        if not line.strip():
            if out:
                break
            continue
        if out and (_SUBJECT_END.match(low) or _caps(line) != _caps(out[0])):
            break                                  # the subject ran into the body (no blank line after it)
        if HEADER_STOP.search(low) or DATE_LINE.search(low) or re.match(r"\s*s\w{0,2}\s*:", low):
            cut = min([x.start() for x in (HEADER_STOP.search(low), DATE_LINE.search(low)) if x] or [0])
            if cut > 0 and not out:
                out.append(line[:cut])
            break
        out.append(line)
    subject = " ".join(" ".join(out).split()).strip(" .;:")
    subject = re.sub(r"(?i)^(?:về việc|ve viec|v/v)\s*", "", subject)
    if not subject:
        return None, pos
    return subject, pos


def clean_entry(s: str) -> str:
    s = s.strip().lstrip("-–•+*").strip()
    s = re.sub(r"(?<=[a-zà-ỹđ])\d{1,2}(?=[\s.,;:]*$)", "", s)      # glued footnote mark
    return s.strip(" ;,.").strip()


def find_recipients(text: str, n: str) -> tuple[list[str], int]:
    m = KINH_GUI.search(n[:5000])
    if not m:
        m = DIEN.search(n[:5000])
        if not m or not re.search(r"\bdien\s*:", m.group()):
            return [], 0
    entries: list[str] = []
    same_line = text[m.end():text.find("\n", m.end()) if "\n" in text[m.end():] else len(text)]
    if same_line.strip():
        entries.append(same_line.strip())
    pos = m.end() + len(same_line)
    blank = False
    for line in text[pos:pos + 3000].splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            blank = True
            pos += len(line)
            continue
        if stripped[:1] in "-–•+":
            entries.append(stripped)
        elif entries and not blank and not stripped[:1].isupper() or (entries and not blank and stripped[:1].isupper() and not entries[-1].rstrip().endswith((";", ".", ":"))):
            entries[-1] += " " + stripped
        else:
            break
        blank = False
        pos += len(line)
    out = []
    for e in entries:
        parts = [p for p in re.split(r";\s*-\s*", e) if p.strip()]
        for p in parts:
            c = clean_entry(p)
            if c:
                out.append(restore(c, ocr=True) if not _has_marks(c) else c)
    return out, pos


def _has_marks(s: str) -> bool:
    from .fold import has_diacritics
    words = s.split()
    return bool(words) and sum(has_diacritics(w) for w in words) / len(words) > 0.3
