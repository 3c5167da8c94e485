"""Streaming XML with entity protection: defusedxml's iterparse (no external entities, no
entity declarations at all, so no entity bomb), errors turned into ScanError codes."""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .base import ScanError


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def events(stream: IO[bytes], tags: set[str]) -> Iterator:
    """Yield (element, root) at the end of each element whose local name is in `tags`. The caller
    reads the element; it is cleared afterwards and dropped from its parent, so memory stays flat."""
    root = None
    stack = []
    try:
        for event, elem in iterparse(stream, events=("start", "end"), forbid_dtd=False, forbid_entities=True,
                                     forbid_external=True):
            if event == "start":
                if root is None:
                    root = elem
                stack.append(elem)
                continue
            stack.pop()
            if local(elem.tag) in tags:
                yield elem, root
                elem.clear()
                if stack:
                    try:
                        stack[-1].remove(elem)
                    except ValueError:
                        pass
    except DefusedXmlException as exc:
        raise ScanError("entities", type(exc).__name__) from None
    except ParseError as exc:
        code, (line, _col) = getattr(exc, "code", 0), getattr(exc, "position", (0, 0))
        # expat code 3: no element found / unclosed token at the end of input: a cut file.
        raise ScanError("truncated" if code in (3, 5) else "malformed", str(line)) from None
    if root is None:
        raise ScanError("malformed", "0")


def text(elem, name: str) -> str:
    child = elem.find(name)
    if child is None:
        for c in elem:
            if local(c.tag) == name:
                child = c
                break
    return (child.text or "").strip() if child is not None else ""
