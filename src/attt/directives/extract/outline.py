"""Body layout: footnotes and page breaks removed, lines joined into paragraphs, outline tree."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fold import norm

FOOTNOTE = re.compile(r"^\s?(?:\d{1,2}|!)\s+[A-ZĐÀ-ỸÂĂÊÔƠƯ]")
DIEU = re.compile(r"^d\w{1,3}u\s+(\d{1,3})\s*[.:]\s*")            # "Điều 3." (on normalised text)
ROMAN = re.compile(r"^([IVX]{1,5})\s*[.)]\s+")
NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:\.|\))\s*(?=[^\W\d_]|[“\"(\[])")
LETTER = re.compile(r"^([a-zđ])\s*\)\s*")
PAREN = re.compile(r"^\((\d{1,2})\)\s+(?=[^\W\d_])")
DASH = re.compile(r"^[-–•]\s*")
PLUS = re.compile(r"^\+\s*")
_BARE = re.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5})\.")
TERMINAL = (".", ";", ":", "!", "?", "./.", ".”", '."')


@dataclass
class Para:
    text: str
    offsets: list[int]                 # source offset of every character of text
    marker: str | None = None          # "roman" | "num1".."num4" | "letter" | "paren" | "dash" | "plus"
    label: str = ""
    body_start: int = 0                # index in text where the content after the marker starts

    @property
    def content(self) -> str:
        return self.text[self.body_start:]


@dataclass
class Node:
    para: Para | None
    kind: str
    label: str
    ref: str
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)        # unmarked paragraphs before the first child
    closing: list[Para] = field(default_factory=list)     # unmarked paragraphs after a child


def _footnote_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Indexes of lines that are footnotes inserted at a page break (and the blanks before them)."""
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        _, line = lines[i]
        prev_blank = i == 0 or not lines[i - 1][1].strip()
        if prev_blank and FOOTNOTE.match(line) and not NUMBER.match(line.strip()):
            j = i + 1
            end = None
            while j < len(lines) and j - i <= 15:
                t = lines[j][1]
                if t[:1] == " " and t[1:2].strip():               # page continuation
                    end = j
                    break
                j += 1
            if end is not None:
                k = i - 1
                while k >= 0 and not lines[k][1].strip():
                    drop.add(k)
                    k -= 1
                drop.update(range(i, end))
                i = end
                continue
        i += 1
    return drop


def _marker(text: str) -> tuple[str | None, str, int]:
    n = norm(text[:12])
    m = DIEU.match(n)
    if m and text[:1].isupper():
        return "dieu", m.group(1), m.end()
    m = ROMAN.match(text)
    if m:
        return "roman", m.group(1), m.end()
    m = NUMBER.match(text)
    if m and not re.match(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b", text):
        label = m.group(1)
        return f"num{label.count('.') + 1}", label, m.end()
    m = LETTER.match(n)
    if m:
        return "letter", text[0] if text[0].lower() in "abcdđeghiklmnopqrstuvxy" else m.group(1), m.end()
    m = PAREN.match(text)
    if m:
        return "paren", m.group(1), m.end()
    m = DASH.match(text)
    if m and not text.startswith("--"):
        return "dash", "", m.end()
    m = PLUS.match(text)
    if m:
        return "plus", "", m.end()
    return None, "", 0


def paragraphs(text: str, start: int, end: int) -> list[Para]:
    raw_lines = []
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        raw_lines.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    drop = _footnote_lines(raw_lines)
    lengths = sorted(len(l.strip()) for _, l in raw_lines if l.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    long_lines = width > 160
    out: list[Para] = []
    blank = False
    prev_len = 0
    for idx, (off, line) in enumerate(raw_lines):
        if idx in drop:
            continue
        stripped = line.strip()
        if not stripped or set(stripped) <= {"_", "-", " "} and len(stripped) > 5:
            blank = True
            continue
        lead = len(line) - len(line.lstrip())
        kind, label, body = _marker(stripped)
        cur = out[-1] if out else None
        offs = list(range(off + lead, off + lead + len(stripped)))
        if cur is not None and cur.marker is None and kind is None and _BARE.fullmatch(cur.text):
            cur.text += " " + stripped                    # "1." alone on its line, its heading below
            cur.offsets += [off + lead - 1] + offs
            cur.marker, cur.label, cur.body_start = _marker(cur.text)
            blank = False
            prev_len = len(stripped)
            continue
        new = cur is None or kind is not None or bool(_BARE.fullmatch(stripped))
        if not new and cur is not None:
            ends = cur.text.rstrip().endswith(TERMINAL)
            if ends and (blank or long_lines or prev_len < 0.75 * width):
                new = True
            elif not ends and cur.marker not in (None, "dash", "plus") and len(cur.content.split()) == 1:
                new = False                               # "6. Ban" + "Quản lý khu Kinh tế"
            elif not ends and _open_end(cur.text):
                new = False                               # "1. Giao Sở" + "Nông nghiệp và Môi trường ..."
            elif _caps(cur.content) and _caps(stripped) and not ends:
                new = False                               # "II. THỜI" + "GIAN VÀ PHẠM VI": one heading
            elif (long_lines or prev_len < 0.6 * width) and stripped[:1].isupper() \
                    and not cur.text.rstrip().endswith((",", "-")):
                new = True
        if new:
            out.append(Para(stripped, offs, kind, label, body))
        else:
            cur.text += " " + stripped
            cur.offsets += [off + lead - 1] + offs
        blank = False
        prev_len = len(stripped)
    return out


# words that never end a heading or a sentence: a line ending in one continues on the next
_OPEN_WORDS = frozenset("giao so cac va cua voi cho tai ve theo de la nhung bo uy".split())


def _open_end(text: str) -> bool:
    words = text.split()
    return bool(words) and norm(words[-1]) in _OPEN_WORDS


def _caps(text: str) -> bool:
    """A heading printed in capitals (at least two letters, no lower case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


_RANK = {"dieu": -1, "roman": 0, "num1": 1, "num2": 2, "num3": 3, "num4": 4, "letter": 5, "paren": 6, "dash": 7,
         "plus": 8}


def build_tree(paras: list[Para]) -> Node:
    root = Node(None, "root", "", "")
    stack: list[Node] = [root]
    counters: dict[int, dict[str, int]] = {}
    for p in paras:
        if p.marker is None:
            top = stack[-1]
            if top.children:
                top.closing.append(p)
            elif top is not root and top.parent is not None and top.parent.children and top.parent.children[-1] is top \
                    and top.para is not None and not top.body and _closes(top, p):
                top.parent.closing.append(p)
            else:
                top.body.append(p)
            continue
        kinds = [n.kind for n in stack]
        if p.marker in kinds:
            while stack[-1].kind != p.marker:
                stack.pop()
            stack.pop()
        else:
            # a deeper numbered level under a shallower one, or a new kind: becomes a child
            while len(stack) > 1 and _RANK.get(stack[-1].kind, 9) > _RANK[p.marker] and \
                    stack[-1].kind not in ("dash", "plus", "letter", "paren"):
                stack.pop()
        parent = stack[-1]
        key = id(parent)
        c = counters.setdefault(key, {})
        c[p.marker] = c.get(p.marker, 0) + 1
        if p.marker == "dash":
            part = f"-{c[p.marker]}"
        elif p.marker == "plus":
            part = f"+{c[p.marker]}"
        elif p.marker == "paren":
            part = f"({p.label})"
        elif p.marker == "dieu":
            part = f"Điều {p.label}"
        else:
            part = p.label
        if p.marker.startswith("num") and p.marker != "num1":
            prefix_node = parent
            while prefix_node.kind.startswith("num"):
                prefix_node = prefix_node.parent
            ref = f"{prefix_node.ref}.{part}" if prefix_node.ref else part
        else:
            ref = f"{parent.ref}.{part}" if parent.ref else part
        node = Node(p, p.marker, p.label, ref, parent)
        parent.children.append(node)
        stack.append(node)
    return root


_CLOSING = re.compile(r"^(?:hoan thanh|thoi gian|thoi han|bao cao ket qua|gui (?:bao cao|ket qua))")
_GIAO = re.compile(r"^giao\s+")


def assigns(n: str) -> bool:
    """An unmarked sentence that gives work to a named unit ("Giao Sở X ...")."""
    from .assignees import starts_with_head
    m = _GIAO.match(n)
    return bool(m) and starts_with_head(n[m.end():])


def _closes(item: Node, p: Para) -> bool:
    """An unmarked paragraph after a finished item that closes the whole section."""
    from .dates import find_deadlines
    if not item.para or not item.para.text.rstrip().endswith((".", "./.")):
        return False
    n = norm(p.text)
    if assigns(n):
        return True
    return bool(_CLOSING.match(n)) and any(f.kind == "date" for f in find_deadlines(n, None))
