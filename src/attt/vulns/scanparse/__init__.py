"""Scan file parsers: a pure package (no Django). Bytes in, `RawFinding`s out, streaming.

`detect(head)` names the format from the first bytes of the content (never the file name);
`parse(fmt, stream)` yields findings one at a time, so memory stays bounded whatever the file
size. XML goes through defusedxml's iterparse (no external entities, no entity expansion);
every problem is a `ScanError` with a `code` the service turns into a message for people.
"""
from __future__ import annotations

from .base import FORMATS, RawFinding, ScanError, count_hint, detect, parse, severity_from_cvss  # noqa: F401
