"""How an organisation appears on an official document (NĐ 30/2020/NĐ-CP Phụ lục I): its header
lines, its registered abbreviation in số/ký hiệu, the place name, and who signs for it (the head,
or the deputy signing KT.; TM. for collective bodies), never the user who clicked."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .models import Organisation

COLLECTIVE = {Organisation.Kind.PROVINCE, Organisation.Kind.COMMUNE}
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"


@dataclass
class Signer:
    lines: list[str] = field(default_factory=list)  # TM./KT./Q. line(s) and the title, upper case
    name: str = ""
    note: str = ""

    def as_context(self) -> dict:
        return {"lines": self.lines, "name": self.name, "note": self.note}


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


def province_of(org: Organisation) -> Organisation:
    ids = org.ancestor_ids()
    if ids:
        return Organisation.objects.filter(pk=ids[0]).first() or org
    return org


def place(org: Organisation) -> str:
    name = province_of(org).name
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def header(org: Organisation) -> tuple[str, str]:
    """(superior, issuer) of the left header column, upper case."""
    if org.kind in COLLECTIVE:
        return "", f"{PEOPLES_COMMITTEE} {_upper(org.name)}"
    if org.kind == Organisation.Kind.POLICE:
        return "BỘ CÔNG AN", _upper(org.name)
    parent = org.parent
    if parent is None:
        return "", _upper(org.name)
    if parent.kind in COLLECTIVE:
        return f"UBND {_upper(parent.name)}", _upper(org.name)
    return _upper(parent.name), _upper(org.name)


def abbreviation(org: Organisation) -> str:
    """The registered abbreviation; else UBND for people's committees, else the initials of the
    short name (never an internal code)."""
    if org.abbreviation.strip():
        return org.abbreviation.strip()
    if org.kind in COLLECTIVE:
        return "UBND"
    letters = []
    for word in (org.short_name or org.name).split():
        first = word[0]
        if first == "Đ" or first == "đ":
            letters.append("Đ")
        elif first.isalpha():
            base = unicodedata.normalize("NFD", first)[0]
            letters.append(base.upper())
    return "".join(letters) or "VT"


def number(org: Organisation, doc_code: str, assigned: str = "") -> str:
    """"Số: 12/QĐ-CAT"; a number not yet assigned leaves the blank the clerk fills in."""
    assigned = (assigned or "").strip()
    if assigned:
        return f"Số: {assigned}"
    return f"Số:        /{doc_code}-{abbreviation(org)}"


def signer(org: Organisation, *, title_override: str = "") -> Signer:
    """The head of `org` (or the deputy signing on the head's behalf) as a person and a title."""
    lines = [f"TM. {PEOPLES_COMMITTEE}"] if org.kind in COLLECTIVE else []
    head_title = _upper(title_override or org.head_title or ("CHỦ TỊCH" if org.kind in COLLECTIVE else "THỦ TRƯỞNG"))
    if org.head_name.strip():
        return Signer(lines=[*lines, head_title], name=org.head_name.strip())
    if org.deputy_name.strip():
        deputy = _upper(org.deputy_title or f"PHÓ {head_title}")
        return Signer(lines=[*lines, f"KT. {head_title}", deputy], name=org.deputy_name.strip())
    return Signer(lines=[*lines, head_title], name="", note="(Ký, ghi rõ họ tên, đóng dấu)")
