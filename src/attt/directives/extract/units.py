"""The province's own organisation names as a lexicon for assignee phrases.

`UnitLexicon(names)` matches a phrase printed in a document ("Văn phòng Ủy ban nhân dân tỉnh",
an OCR-damaged "Bảo Kon Tum") to one of the names the caller passes in (its Organisation rows).
Short forms are equivalent ("Ủy ban nhân dân" ~ "UBND", "Khoa học và Công nghệ" ~ "KH&CN").
A match is *sure* when the names are the same after folding and short forms, or when a close
fuzzy match leaves no rival; a weaker or ambiguous match is *unsure*: the phrase stays as printed
and the candidate is reported for the reviewer instead of being substituted silently.
Pure Python, no Django.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .fold import correct_key, fold

# long form -> usual short forms (folded)
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "uy ban nhan dan": ("ubnd",),
    "hoi dong nhan dan": ("hdnd",),
    "khoa hoc va cong nghe": ("kh&cn", "khcn", "kh cn"),
    "thong tin va truyen thong": ("tt&tt", "tttt", "tt tt"),
    "nong nghiep va moi truong": ("nn&mt", "nnmt", "nn mt"),
    "nong nghiep va phat trien nong thon": ("nn&ptnt", "nnptnt"),
    "tai nguyen va moi truong": ("tn&mt", "tnmt"),
    "lao dong thuong binh va xa hoi": ("ldtb&xh", "ldtbxh"),
    "van hoa the thao va du lich": ("vhtt&dl", "vhttdl"),
    "giao duc va dao tao": ("gd&dt", "gddt"),
    "ke hoach va dau tu": ("kh&dt", "khdt"),
    "cac xa phuong": ("cac xa, phuong",),
}
SURE = 0.90          # fuzzy ratio at or above which a match without a rival is taken
UNSURE = 0.75        # ratio at or above which a candidate is reported as unsure
RIVAL_GAP = 0.04     # a second candidate this close makes the match unsure


@lru_cache(maxsize=1)
def _short_rx() -> list[tuple[re.Pattern, str]]:
    out = []
    for long, shorts in SHORT_FORMS.items():
        for s in shorts:
            out.append((re.compile(r"(?<![\w&])" + re.escape(s) + r"(?![\w&])"), long))
    return out


def unit_key(name: str) -> str:
    """Folded, OCR-corrected, short forms expanded, punctuation and spacing normalised."""
    words = re.findall(r"[^\W_]+|&", name)
    key = " ".join(correct_key(w) for w in words)
    key = re.sub(r"\s*&\s*", "&", key)
    for rx, long in _short_rx():
        key = rx.sub(long, key)
    key = key.replace("&", " va ")
    return " ".join(key.split())


@dataclass
class Match:
    name: str            # the lexicon's name
    sure: bool
    score: float


class UnitLexicon:
    def __init__(self, names):
        self.names: list[str] = []
        self.keys: list[str] = []
        by_key: dict[str, str] = {}
        for n in names or ():
            n = " ".join(str(n).split())
            k = unit_key(n)
            if n and k and k not in by_key:
                by_key[k] = n
                self.names.append(n)
                self.keys.append(k)
        self.by_key = by_key
        self._cache: dict[str, Match | None] = {}

    def __bool__(self) -> bool:
        return bool(self.names)

    def match(self, phrase: str) -> Match | None:
        if phrase in self._cache:
            return self._cache[phrase]
        found = self._match(phrase)
        self._cache[phrase] = found
        return found

    def _match(self, phrase: str) -> Match | None:
        key = unit_key(phrase)
        if not key:
            return None
        if key in self.by_key:
            return Match(self.by_key[key], True, 1.0)
        scored = []
        for name, k in zip(self.names, self.keys):
            sm = SequenceMatcher(None, key, k, autojunk=False)
            if sm.real_quick_ratio() < UNSURE or sm.quick_ratio() < UNSURE:
                continue
            r = sm.ratio()
            if r >= UNSURE:
                scored.append((r, name))
        if not scored:
            return None
        scored.sort(reverse=True)
        best, name = scored[0]
        rival = scored[1][0] if len(scored) > 1 else 0.0
        other = unit_key(name)
        sure = (best >= SURE and best - rival >= RIVAL_GAP and _same_head(key, other)
                and _levels(key) == _levels(other))
        return Match(name, sure, round(best, 3))


LEVEL_WORDS = frozenset({"tinh", "xa", "phuong", "huyen"})


def _levels(key: str) -> frozenset[str]:
    """The administrative-level words of a name: a province's centre is never a commune's centre,
    however close the rest of the two names is."""
    return frozenset(w for w in key.split() if w in LEVEL_WORDS)


def _same_head(a: str, b: str) -> bool:
    """"So ..." never stands for "Ban ...": the first word must agree for a sure fuzzy match."""
    return a.split()[:1] == b.split()[:1] or fold(a)[:2] == fold(b)[:2]


def apply_units(ex, lexicon: UnitLexicon) -> None:
    """Put the lexicon's names on assignees and recipients; note unsure matches on each task."""
    if not lexicon:
        return
    for task in ex.tasks:
        names = []
        for a in task.assignees:
            m = lexicon.match(a)
            if m and m.sure:
                names.append(m.name)
                if task.restored and a in task.restored:
                    task.restored = task.restored.replace(a, m.name)   # the unit's own spelling
            else:
                names.append(a)
                if m:
                    task.unsure.append({"kind": "assignee", "text": a, "candidate": m.name, "score": m.score})
                elif not _generic(a):
                    task.unsure.append({"kind": "assignee", "text": a, "candidate": None, "score": 0.0})
        task.assignees = list(dict.fromkeys(names))
    recipients = []
    for r in ex.recipients:
        m = lexicon.match(r)
        if m and m.sure:
            recipients.append(m.name)
            continue
        parts = [p.strip() for p in r.split(";") if p.strip()]
        found = [lexicon.match(p) for p in parts]
        if len(parts) > 1 and all(f and f.sure for f in found):
            recipients.extend(f.name for f in found)        # two units printed on one line
        else:
            recipients.append(r)
    ex.recipients = list(dict.fromkeys(recipients))


def _generic(phrase: str) -> bool:
    """"Các sở, ban, ngành", "Thủ trưởng các cơ quan": a class of units, not one to match."""
    return bool(re.search(r"\bcac\b", fold(phrase)))
