"""The extraction result. `to_dict()` gives exactly the contract JSON (attt.directive/1)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SCHEMA = "attt.directive/1"
Span = tuple[int, int]


@dataclass
class Deadline:
    kind: str                                   # "date" | "recurring" | "event"
    date: date | None = None
    every_months: int | None = None
    due_day: int | None = None
    due_month_of_period: str | None = None      # "first" | "last" | None
    due_month: int | None = None
    text: str | None = None
    span: Span | None = None                    # the phrase in the source text

    def to_dict(self, with_spans: bool = False) -> dict[str, Any]:
        if self.kind == "date":
            out: dict[str, Any] = {"kind": "date", "date": self.date.isoformat() if self.date else None}
        elif self.kind == "recurring":
            out = {"kind": "recurring", "every_months": self.every_months, "due_day": self.due_day,
                   "due_month_of_period": self.due_month_of_period, "due_month": self.due_month}
        else:
            out = {"kind": "event", "text": self.text or ""}
        if with_spans:
            out["span"] = list(self.span) if self.span else None
        return out


@dataclass
class Reference:
    symbol: str
    kind: str | None = None
    date: date | None = None
    span: Span | None = None

    def to_dict(self, with_spans: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"symbol": self.symbol, "kind": self.kind,
                               "date": self.date.isoformat() if self.date else None}
        if with_spans:
            out["span"] = list(self.span) if self.span else None
        return out


@dataclass
class Task:
    ref: str
    assignees: list[str]
    text: str
    deadlines: list[Deadline] = field(default_factory=list)
    span: Span | None = None                    # first to last character of the task's text
    spans: list[Span] = field(default_factory=list)   # the pieces, when a page break split it
    # what the extractor was not sure of, for the reviewer (not part of the contract JSON):
    # {"kind": "assignee" | "period" | "no_lead", "text": ..., "candidate": ..., "score": ...}
    unsure: list[dict[str, Any]] = field(default_factory=list)
    restored: str | None = None                 # OCR text: the sentence with its letters restored

    def to_dict(self, with_spans: bool = False, with_review: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"ref": self.ref, "assignees": list(self.assignees), "text": self.text,
                               "deadlines": [d.to_dict(with_spans) for d in self.deadlines]}
        if with_spans:
            out["span"] = list(self.span) if self.span else None
            out["spans"] = [list(s) for s in self.spans]
        if with_review:                         # for the review page: not part of the contract JSON
            if self.unsure:
                out["unsure"] = [dict(u) for u in self.unsure]
            if self.restored and self.restored != self.text:
                out["text_restored"] = self.restored
        return out


@dataclass
class Extraction:
    number: str | None = None
    issued_on: date | None = None
    issuer: str | None = None
    place: str | None = None
    doc_type: str = "other"
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def to_dict(self, with_spans: bool = False, with_review: bool = False) -> dict[str, Any]:
        """The contract JSON; `with_spans` adds character spans, `with_review` adds what the
        extractor was unsure of (`unsure`) and the restored text of OCR tasks (`text_restored`)."""
        return {
            "schema": SCHEMA,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer,
            "place": self.place,
            "doc_type": self.doc_type,
            "subject": self.subject,
            "recipients": list(self.recipients),
            "references": [r.to_dict(with_spans) for r in self.references],
            "tasks": [t.to_dict(with_spans, with_review) for t in self.tasks],
        }
