"""From document text to an Extraction."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from itertools import pairwise

from . import assignees as who
from .annex import annex_rows, annex_start
from .dates import Found, find_deadlines
from .fold import fold, looks_ocr, norm, restore
from .header import (
    NOI_NHAN,
    find_date_place,
    find_doc_type,
    find_issuer,
    find_number,
    find_recipients,
    find_subject,
)
from .lexicon import lexicon
from .model import Deadline, Extraction, Task
from .outline import Node, Para, assigns, build_tree, paragraphs
from .references import find_references
from .units import UnitLexicon, apply_units

_SENT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-ỸÂĂÊÔƠƯ])")


def extract_text(text: str, *, units: Iterable[str] | UnitLexicon | None = None) -> Extraction:
    """The extraction of one document's text.

    `units`: the province's own organisation names (or a prepared `UnitLexicon`); assignee and
    recipient phrases that match one surely are written as the lexicon writes them, unsure
    matches are noted on the task (`Task.unsure`) for the reviewer.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    n = norm(text)
    ocr = looks_ocr(text)
    ex = Extraction()
    ex.number = find_number(text, n)
    ex.issued_on, ex.place, year, date_end = find_date_place(text, n)
    ex.issuer = find_issuer(text, n, ex.number, ex.place)
    ex.doc_type = find_doc_type(text, n, ex.number)
    ex.subject, subject_end = find_subject(text, n, ex.doc_type)
    if ex.subject and ocr:
        ex.subject = restore(ex.subject, ocr=True)
    ex.recipients, rec_end = find_recipients(text, n)
    ex.references = find_references(text, ex.number, n)
    start = max(rec_end, subject_end, date_end)
    stop = NOI_NHAN.search(n, start)
    annex = annex_start(text, start, n)
    end = min(stop.start() if stop else len(text), annex if annex is not None else len(text))
    doc_year = year or _guess_year(n)
    ex.tasks = _tasks(text, start, end, doc_year, ocr)
    plan = _attached_plan(text, n, start, end) if stop else None
    if plan is not None:
        p_start, p_end = plan
        annex = annex_start(text, p_start, n)
        if annex is not None and annex < p_end:
            p_end = annex
        ex.tasks += _tasks(text, p_start, p_end, doc_year, ocr)
    if annex is not None:
        ex.tasks += _annex_tasks(text, annex, doc_year, ocr, n)
    if units is not None:
        apply_units(ex, units if isinstance(units, UnitLexicon) else UnitLexicon(units))
    return ex


_PROMULGATES = re.compile(r"\bban h\w{1,2}nh\s+k\w{1,2}m\s+theo\b|"
                          r"\bk\w{1,2}m\s+theo\s+quy\w{0,2}t d\w{1,2}nh\s+n\w{1,2}y\b")
_PLAN_TITLE = re.compile(r"(?m)^[ \t]*(?:k\w{1,2} ho\w{1,2}ch|ch\w{1,3}ng tr\w{1,2}nh|\w{1,2}\w? \w{1,2}n|quy ch\w{1,2}|"
                         r"quy \w{1,2}nh|ph\w{1,3}ng \w{1,2}n)[ \t]*$")
_NEXT_STOP = re.compile(r"(?m)^\s*n[o0]i\s+nh\w{1,2}n\s*:?|^[ \t]*ph\w{1,2}\s+l\w{1,2}c\b")


def _attached_plan(text: str, n: str, start: int, end: int) -> tuple[int, int] | None:
    """A quyết định that promulgates an attached plan: (start, end) of the plan's body.

    The plan follows the signature under its own title line ("KẾ HOẠCH", "CHƯƠNG TRÌNH",
    "ĐỀ ÁN", "QUY CHẾ"...); its sections I–VI hold the tasks.
    """
    if not _PROMULGATES.search(n, start, end):
        return None
    for m in _PLAN_TITLE.finditer(n, end):
        raw = text[m.start():m.end()].strip()
        if not raw.isupper() or not fold(raw).startswith(("ke hoach", "chuong trinh", "de an", "quy che",
                                                           "quy dinh", "phuong an")):
            continue
        nxt = _NEXT_STOP.search(n, m.end())
        return m.end(), nxt.start() if nxt else len(text)
    return None


def _annex_tasks(text: str, start: int, doc_year: int | None, ocr: bool, n: str) -> list[Task]:
    """Rows of an annex task table: content, lead units ("chủ trì") and the time column."""
    out = []
    for row in annex_rows(text, start, n):
        content = row.cells.get("content")
        if content is None or len(fold(content.text).split()) < 2:
            continue
        lead = row.cells.get("lead")
        units = who.split_units(lead.text, ocr) if lead else []
        when = row.cells.get("time")
        found = [(f, when.text) for f in find_deadlines(norm(when.text), doc_year, uncued=True)] if when else []
        if when and not any(f.kind in ("date", "recurring") for f, _ in found):
            years = _YEARS.fullmatch(norm(when.text))
            if years:                                   # "2026", "2025 - 2035": the last year's end
                y = int(years.group(2) or years.group(1))
                found.append((Found(0, len(when.text), "date", date=date(y, 12, 31), period=True), when.text))
        if not any(f.kind in ("date", "recurring") for f, _ in found):
            found += [(f, content.text) for f in find_deadlines(norm(content.text), doc_year)]
        deadlines = [_row_deadline(f, source) for f, source in found]
        spans = content.spans
        task = Task(f"annex.{row.ref}", units, content.text, deadlines, (spans[0][0], spans[-1][1]), spans)
        if not units:
            task.unsure.append({"kind": "no_lead", "text": content.text[:80]})
        for f, source in found:
            if f.kind == "date" and f.period:
                task.unsure.append({"kind": "period", "text": source[f.start:f.end].strip(), "date": str(f.date)})
        out.append(task)
    return out


_YEARS = re.compile(r"\s*(?:(?:trong\s+)?n\w{1,3}m\s+|giai do\w{1,2}n\s+)?((?:19|20)\d\d)"
                    r"(?:\s*(?:-|den)\s*((?:19|20)\d\d))?\s*\.?\s*")


def _row_deadline(f: Found, text: str) -> Deadline:
    if f.kind == "event":
        return Deadline("event", text=text[f.start:f.end].strip(" ,;"))
    return Deadline(f.kind, f.date, f.every_months, f.due_day, f.due_month_of_period, f.due_month)


def _guess_year(n: str) -> int | None:
    m = re.search(r"n\w{1,3}m\s*((?:19|20)\d\d)", n[:3000])
    return int(m.group(1)) if m else None


class _Builder:
    def __init__(self, doc_year: int | None, ocr: bool):
        self.year = doc_year
        self.ocr = ocr
        self.tasks: list[Task] = []
        lex = lexicon()
        self.boiler = tuple(fold(b) for b in lex["boilerplate"])
        self.covering = tuple(fold(c) for c in lex["covering_leadins"])
        self.skip_sections = tuple(fold(s) for s in lex["non_task_sections"])
        self.execution = tuple(fold(s) for s in lex["execution_clauses"])
        self.period = None                  # last day of the period a group of items sits under

    # -- pieces of text with their source offsets -------------------------------------------
    def emit(self, ref: str, units: list[str], pieces: list[tuple[str, list[int]]]) -> None:
        text = ""
        offs: list[int] = []
        for t, o in pieces:
            t2 = t.strip()
            if not t2:
                continue
            lead = len(t) - len(t.lstrip())
            if text:
                text += " "
                offs.append(offs[-1] if offs else 0)
            text += t2
            offs += o[lead:lead + len(t2)]
        if text.endswith("./."):
            text, offs = text[:-2], offs[:-2]
        elif text.endswith("/."):
            text, offs = text[:-2] + ".", offs[:-1]
        text = text.rstrip()
        if len(fold(text).split()) < 3:
            return
        nt = norm(text)
        if nt.startswith(self.boiler):
            return
        found = find_deadlines(nt, self.year)
        deadlines = [self._deadline(f, text, offs) for f in found]
        unsure = [{"kind": "period", "text": text[f.start:f.end].strip(), "date": str(f.date)}
                  for f in found if f.kind == "date" and f.period]
        if self.period is not None and not any(d.kind == "date" for d in deadlines):
            deadlines.append(Deadline("date", self.period[0]))   # an item under "1. Giai đoạn 2026 - 2030"
            unsure.append({"kind": "period", "text": self.period[1], "date": str(self.period[0])})
        own = who.giao_units(text, self.ocr, anywhere=not units) or \
            ([] if units else who.subject_units(text, self.ocr))
        if not own and not units:                 # "3. Về kiến nghị ...:" + "Bộ X khẩn trương ..."
            for t, _ in pieces[1:]:
                own = who.subject_units(t.strip(), self.ocr)
                if own:
                    break
        spans = _runs(offs)
        span = (offs[0], offs[-1] + 1) if offs else None
        task = Task(ref, own or list(units), text, deadlines, span, spans, unsure)
        if self.ocr:
            task.restored = restore(text, ocr=True)          # readable text for the units
        self.tasks.append(task)

    def _deadline(self, f: Found, text: str, offs: list[int]) -> Deadline:
        span = (offs[f.start], offs[max(f.start, f.end - 1)] + 1) if offs else None
        if f.kind == "event":
            return Deadline("event", text=text[f.start:f.end].strip(" ,;"), span=span)
        return Deadline(f.kind, f.date, f.every_months, f.due_day, f.due_month_of_period, f.due_month,
                        span=span)

    # -- the outline walk ------------------------------------------------------------------
    def walk(self, node: Node, units: list[str]) -> None:
        if node.para is not None:
            units, own_pieces, skip = self._head(node, units)
            if skip:
                return
        else:
            own_pieces = []
        body = []
        for p in node.body:
            if not self._closing(p):
                body.append((p.text, p.offsets))
            elif p is node.body[-1] and not node.children:
                self._closing_duty(node, p)
        pieces = own_pieces + body
        if node.children:
            lead = self._lead_in(pieces)
            if lead:
                self.emit(node.ref, units, lead)
            outer = self.period
            heading = _period_heading(node.para.content) if node.para is not None else None
            if heading is not None:
                self.period = (heading, node.para.content.strip())
            for child in node.children:
                self.walk(child, units)
            self.period = outer
        elif node.para is not None:
            self.emit(node.ref, units, pieces)
        for p in node.closing:
            if self._closing(p):
                self._closing_duty(node, p)
                continue
            nt = norm(p.text)
            if assigns(nt) or any(f.kind == "date" for f in find_deadlines(nt, self.year)):
                self.emit(f"{node.ref}.-end" if node.ref else "end", units, [(p.text, p.offsets)])

    def _head(self, node: Node, units: list[str]) -> tuple[list[str], list[tuple[str, list[int]]], bool]:
        p = node.para
        content = p.content
        coffs = p.offsets[p.body_start:]
        n = norm(content)
        if node.children and _is_member(node.children[0].para):
            node.children = [c for c in node.children if not _is_member(c.para)]
            if not node.children and content.rstrip().endswith(":"):
                return units, [], True                   # "gồm các ông (bà) có tên sau:" and the list
        if n.startswith(self.boiler):
            return units, [], False
        if node.kind in ("dieu", "roman", "num1", "num2") and _is_title(content):
            if any(k in n[:60] for k in self.skip_sections) and not who.starts_with_head(n):
                return units, [], True
            return units, [], False
        h = who.heading_units(content, self.ocr)
        if h is not None:
            new_units, rest = h
            pos = len(content) - len(rest) if rest else len(content)
            pieces = [(content[pos:], coffs[pos:])] if rest else []
            return (new_units or units), pieces, False
        if (node.children or node.body) and _short_heading(content) and n.startswith(self.skip_sections):
            return units, [], True
        if node.children and len(content) < 300 and not content.rstrip().endswith((".", ";", ":")) \
                and who.starts_with_head(n) and who.subject_end(n) is None:
            named = who.split_units(content, self.ocr)       # "1. Giao Thủ trưởng ...; Chủ tịch ..." + items
            if named:
                return named, [], False
        if node.children and content.rstrip().endswith(":"):
            given = who.giao_units(content, self.ocr)
            if given:                                   # "Giao Sở X chủ trì ..., thực hiện các nhiệm vụ sau:"
                return given, [(content, coffs)], False
        if node.children and _short_heading(content):
            if n.startswith(self.skip_sections):
                return units, [], True
            return units, [], False
        end = who.subject_end(n)
        if end is not None and node.kind in ("num1", "num2", "num3", "roman", "letter"):
            subj = who.split_units(content[:end], self.ocr)
            if subj:
                return subj, [(content, coffs)], False
        return units, [(content, coffs)], False

    def _lead_in(self, pieces: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
        """What a paragraph before a list of items assigns itself (nothing if it only leads in)."""
        if not pieces:
            return []
        text = " ".join(t for t, _ in pieces)
        if not text.rstrip().endswith(":"):
            return pieces
        # keep the sentences before the lead-in sentence, unless the lead-in says the items cover them
        out: list[tuple[str, list[int]]] = []
        for t, o in pieces:
            cuts = [m.start() for m in _SENT.finditer(t)]
            if not t.rstrip().endswith(":"):
                out.append((t, o))
                continue
            if not cuts:
                break
            last = cuts[-1]
            lead = norm(t[last:]).strip()
            if lead.startswith(self.covering):
                return []
            out.append((t[:last], o[:last]))
        return out

    def _closing_duty(self, node: Node, p: Para) -> None:
        """A dated or recurring duty inside the closing paragraph ("Trên đây là Kế hoạch ... Đề nghị
        các cơ quan, đơn vị nghiêm túc thực hiện. Định kỳ hằng năm (trước ngày 30/11) báo cáo ...")."""
        while node.parent is not None and node.parent.kind != "root":
            node = node.parent                      # the duty closes the whole section
        cuts = [0] + [m.end() for m in _SENT.finditer(p.text)] + [len(p.text)]
        sentences = [(a, z) for a, z in pairwise(cuts) if z > a]
        named = who.giao_units(p.text, self.ocr)
        for a, z in sentences:
            nt = norm(p.text[a:z])
            if nt.lstrip().startswith(self.boiler):
                continue
            if any(f.kind in ("date", "recurring") for f in find_deadlines(nt, self.year)):
                ref = f"{node.ref}.-end" if node.ref else "end"
                self.emit(ref, named, [(p.text[a:z], p.offsets[a:z])])

    def _closing(self, p: Para) -> bool:
        t = p.text.rstrip()
        nt = norm(t)
        if nt.startswith(self.boiler):
            return True
        if t.endswith(("./.", "/.")) and p.marker is None:
            return not self._executes(nt)
        return False

    def _executes(self, nt: str) -> bool:
        """A "./."-closed sentence that names the units who must carry out the document."""
        return any(c in nt for c in self.execution) and who.subject_end(nt) is not None


_PERIOD_HEAD = re.compile(r"^(?:gi\w{1,2}i\s+do\w{1,2}n|n\w{1,3}m|qu\w{1,2}|th\w{1,3}ng|t\w{1,2} n\w{1,3}m)\b")


def _period_heading(content: str):
    """"Giai đoạn 2025 - 2030", "Năm 2026", "Quý I/2026": a heading that only names a period."""
    c = content.strip().rstrip(":.")
    if not c or len(c) > 40:
        return None
    n = norm(c)
    if not _PERIOD_HEAD.match(n):
        return None
    found = [f for f in find_deadlines(n, None, uncued=True) if f.kind == "date"]
    return found[-1].date if found else None


def _short_heading(content: str) -> bool:
    """"Đánh giá chung", "Nhiệm vụ trong thời gian tới": a section name, not a sentence."""
    c = content.strip()
    return 0 < len(c) < 90 and not c.endswith((".", ";", ":", ",")) and c[:1].isupper()


def _is_member(p: Para | None) -> bool:
    """"Ông Trần Văn A, Phó Giám đốc Sở ...": a member of a team being set up, not a task."""
    if p is None:
        return False
    words = p.content.split()
    lead = {fold(w) for w in lexicon()["member_titles"]}
    return len(words) > 2 and fold(words[0]) in lead and words[1][:1].isupper()


def _is_title(content: str) -> bool:
    letters = [c for c in content if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7 and len(content) < 200


def _runs(offs: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for o in offs:
        if runs and runs[-1][1] >= o - 2 and o >= runs[-1][1] - 1:
            runs[-1] = (runs[-1][0], max(runs[-1][1], o + 1))
        else:
            runs.append((o, o + 1))
    return runs


def _sentence_tasks(b: _Builder, paras: list[Para]) -> list[Task]:
    """A body without an outline: sentences that name a unit and give it a dated deadline."""
    for p in paras:
        cuts = [0] + [m.end() for m in _SENT.finditer(p.text)] + [len(p.text)]
        for a, z in pairwise(cuts):
            sent = p.text[a:z]
            nt = norm(sent)
            if nt.startswith(b.boiler) or not (who.starts_with_head(nt) or who.giao_units(sent, b.ocr)):
                continue
            if assigns(nt) or any(f.kind in ("date", "recurring") for f in find_deadlines(nt, b.year)):
                b.emit("end", [], [(sent, p.offsets[a:z])])
    return b.tasks


def _tasks(text: str, start: int, end: int, doc_year: int | None, ocr: bool) -> list[Task]:
    paras = paragraphs(text, start, end)
    first = next((i for i, p in enumerate(paras) if p.marker in ("dieu", "roman", "num1")), None)
    if first is None:
        first = next((i for i, p in enumerate(paras) if p.marker == "dash"), None)
    b = _Builder(doc_year, ocr)
    if first is None:
        return _sentence_tasks(b, paras)
    root = build_tree(paras[first:])
    for child in root.children:
        b.walk(child, [])
    return b.tasks
