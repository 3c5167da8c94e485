"""What a user must never read on a page: internal codes, English decimals in Vietnamese,
numbers of five digits or more without grouping. Used by the crawl test (test_ui_text.py)."""
from __future__ import annotations

import html
import re

INTERNAL = [
    ("regime code", re.compile(r"\b(?:new|legacy)-nd\d+\b")),
    ("catalogue ref", re.compile(r"\b(?:mgmt|tech|law)\.[a-z_]+")),
    ("management · code", re.compile(r"\b(?:management|technical)\s·")),
    ("docs reference", re.compile(r"DOMAIN\.md|ARCHITECTURE\.md|§\d")),
    ("seed number", re.compile(r"\bseed \d{3}\b")),
    ("English note", re.compile(r"Not defined in")),
    ("action code", re.compile(r"\b(?:report|incident|system|dossier|directive|duty|warning|assignment|org|user|"
                               r"membership|requirement|evidence|job|regime|occurrence|audit|task|token)\."
                               r"[a-z]+(?:_[a-z]+)*\b(?!\.)")),
]
ENGLISH_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+\s?%")  # "12.0%"; section refs like "mục 4.1" are fine
UNGROUPED = re.compile(r"(?<![\w.,:\-#=])[1-9]\d{4,}(?![\w.,:\-])")  # codes with a leading 0 are codes

_DROP = re.compile(r"<(script|style|svg|textarea|select|code|pre)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page_html: str) -> str:
    body = page_html.split("<body", 1)[-1]
    body = _DROP.sub(" ", body)
    return html.unescape(_TAG.sub("\n", body))


def problems(page_html: str, *, vietnamese: bool = True) -> list[tuple[str, str]]:
    text = visible_text(page_html)
    found = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        for name, pattern in INTERNAL:
            if pattern.search(line):
                found.append((name, line[:120]))
        if vietnamese and ENGLISH_DECIMAL.search(line):
            found.append(("English decimal", line[:120]))
        if UNGROUPED.search(line):
            found.append(("ungrouped number", line[:120]))
    return found
