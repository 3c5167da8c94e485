"""Who a task is assigned to: headings, subjects of task sentences, "Giao X chủ trì"."""
from __future__ import annotations

import re
from functools import lru_cache

from .fold import fold, norm, restore
from .lexicon import lexicon


def _tolerant(phrase: str) -> str:
    """Regex for a folded phrase that tolerates OCR vowel confusions."""
    out = []
    for word in fold(phrase).split():
        out.append("".join("[aeiouy0-9dbw]" if c in "aeiouy" else re.escape(c) for c in word))
    tail = r"\b" if fold(phrase)[-1:].isalnum() else ""
    return r"\b" + r"\s+".join(out) + tail


@lru_cache(maxsize=1)
def _heads() -> tuple[re.Pattern, re.Pattern]:
    lex = lexicon()
    heads = sorted((fold(h) for h in lex["assignee_heads"]), key=len, reverse=True)
    nots = sorted((fold(h) for h in lex["assignee_not_heads"]), key=len, reverse=True)
    alts = [_tolerant(h)[2:] if " " in h else (r"s[o6e0&](?=\s)" if h == "so" else re.escape(h) + r"\b")
            for h in heads]
    return (re.compile(r"^(?:" + "|".join(alts) + ")"),
            re.compile(r"^(?:" + "|".join(re.escape(h) + r"\b" for h in nots) + ")"))


@lru_cache(maxsize=1)
def _verbs() -> re.Pattern:
    verbs = sorted(lexicon()["assignee_verbs"], key=len, reverse=True)
    return re.compile("|".join(_tolerant(v) for v in verbs))


@lru_cache(maxsize=1)
def _prefixes() -> re.Pattern:
    pre = sorted((fold(p) for p in lexicon()["assignee_prefixes"]), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(p) for p in pre) + r")\s+")


@lru_cache(maxsize=1)
def _tails() -> re.Pattern:
    tails = sorted((fold(t) for t in lexicon()["assignee_tails"]), key=len, reverse=True)
    return re.compile(r"[\s,;]*(?:" + "|".join(re.escape(t) for t in tails) + r")[\s,;:.]*$")


def starts_with_head(n: str) -> bool:
    heads, nots = _heads()
    n = n.lstrip(" -+")
    n = _prefixes().sub("", n)
    return bool(heads.match(n)) and not nots.match(n)


def subject_end(n: str, raw: str | None = None) -> int | None:
    """Where the doer named at the start of a task sentence ends (start of its verb).

    With the printed text, a verb written with a capital is part of a name ("Bộ Xây dựng")."""
    if not starts_with_head(n):
        return None
    for m in _verbs().finditer(n, 0, 220):
        if m.start() > 2 and not _after_giao(n, m.start()):
            if raw is not None and raw[m.start():m.start() + 1].isupper():
                continue
            return m.start()
    return None


def _after_giao(n: str, pos: int) -> bool:
    """"được giao chủ trì" names the units (those given the lead), it is not their verb."""
    return n[max(0, pos - 6):pos].rstrip().endswith("giao")


_LEAD_END = re.compile(r"[\s,]+(?:chu tri|phoi hop voi|la co quan|la don vi)\b")


def _lead_end(n: str) -> int | None:
    """Where "Sở X chủ trì, phối hợp với Y" stops naming the lead unit."""
    for m in _LEAD_END.finditer(n):
        if m.start() > 2 and not _after_giao(n, m.start()):
            return m.start()
    return None


def subject_units(text: str, ocr: bool) -> list[str]:
    """The doer named at the start of a task sentence ("Công an tỉnh chủ trì ...")."""
    end = subject_end(norm(text), text)
    return split_units(text[:end], ocr) if end is not None else []


def split_units(raw: str, ocr: bool) -> list[str]:
    """"Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh" -> two units, restored and cleaned."""
    n = norm(raw)
    m = _prefixes().match(n)
    if m:
        raw, n = raw[m.end():], n[m.end():]
    t = _tails().search(n)
    if t and t.start() > 0:
        raw, n = raw[:t.start()], n[:t.start()]
    e = _lead_end(n)
    if e is not None:
        raw, n = raw[:e], n[:e]
    cuts = [0]
    heads, nots = _heads()
    for sep in re.finditer(r";\s*|\s+(?:va|và)\s+|,\s*", n):
        after = n[sep.end():]
        rest_raw = raw[sep.end():]
        if sep.group().strip().startswith(";"):
            cuts.append(sep.end())
            continue
        if not heads.match(after) or nots.match(after):
            continue
        first = rest_raw[:1]
        if "," in sep.group() and not (first.isupper() or after.startswith("cac ")):
            continue
        if after.startswith("cac ") and not heads.match(after[4:]):
            continue
        cuts.append(sep.end())
    units = []
    for a, b in zip(cuts, cuts[1:] + [len(raw)]):
        seg = raw[a:b]
        seg = re.sub(r"^\s*(?:và|va)\s+", "", seg)
        seg = re.sub(r"\s+(?:và|va)\s*$", "", seg.strip(" ,;:.-")).strip(" ,;:.-")
        if seg:
            units.append(tidy_unit(seg, ocr))
    return [u for u in units if u]


def tidy_unit(seg: str, ocr: bool) -> str:
    seg = " ".join(seg.split())
    seg = re.sub(r"(?<=[a-zà-ỹđ])\d{1,2}$", "", seg)
    if ocr:
        seg = restore(seg, ocr=True)
        words = seg.split()
        if words and re.fullmatch(r"[Ss][^\s]{0,2}", words[0]) and len(words) > 1 and words[1][:1].isupper():
            words[0] = "Sở"
        if len(words) > 1 and fold(words[1]) == "truong" and fold(words[0]).startswith("th"):
            words[0] = "Thủ"
        seg = " ".join(words)
    return seg[:1].upper() + seg[1:]


_LIST_BEFORE_COLON = re.compile(r"\bcac\s+(?:tinh|thanh pho|bo|dia phuong|xa|phuong|don vi|co quan)\s*$")


def heading_units(content: str, ocr: bool) -> tuple[list[str], str] | None:
    """If a paragraph is an assignee heading, its units and the task text after it."""
    n = norm(content)
    if not starts_with_head(n):
        return None
    colon = content.find(":")
    verb = subject_end(n)
    if 0 < colon < 220 and verb is not None and colon < verb < colon + 100 \
            and _LIST_BEFORE_COLON.search(n[:colon]) and not re.search(r"[.;]", n[colon:verb]):
        return None                      # "Chủ tịch UBND các tỉnh: A, B và C tiếp tục ...": one sentence
    if 0 < colon < 220:
        return split_units(content[:colon], ocr), content[colon + 1:].strip()
    if len(content) < 160 and not content.rstrip().endswith((".", ";")):
        return split_units(content, ocr), ""
    return None


GIAO = re.compile(r"\bgiao\s+(.{3,160}?)\s+(?:chu tri|thuc hien|theo doi|lam dau moi|la co quan|la don vi)")


_GIVE = re.compile(r"\b(?:giao|de nghi|yeu cau)\s+")


def giao_units(text: str, ocr: bool, anywhere: bool = True) -> list[str]:
    """"Giao Sở X chủ trì ...", "Đề nghị Ủy ban nhân dân tỉnh Y khẩn trương ...": X, Y.

    Without `anywhere`, "Đề nghị/Yêu cầu X ..." counts only at the start of the text (under a
    heading that already names the lead, a request to others later in the item is not the lead)."""
    n = norm(text)
    m = GIAO.search(n)
    if m and starts_with_head(m.group(1)):
        return split_units(text[m.start(1):m.end(1)], ocr)
    for g in _GIVE.finditer(n):
        if not anywhere and g.start() > 0:
            break
        if g.start() and n[g.start() - 2:g.start()].strip() not in ("", ".", ";", ":", ","):
            continue                                   # "được giao", "theo yêu cầu": not a lead-in
        rest = n[g.end():]
        if not starts_with_head(rest):
            continue
        end = subject_end(rest, text[g.end():])
        if end is not None:
            return split_units(text[g.end():g.end() + end], ocr)
    return []
