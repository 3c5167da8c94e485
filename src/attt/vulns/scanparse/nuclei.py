"""Nuclei JSON export (`-json-export`, an array) or JSONL (`-jsonl`, one result a line)."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO
from urllib.parse import urlsplit

from .base import SEVERITY_WORDS, RawFinding, ScanError

MAX_LINE = 4 * 1024 * 1024


def _finding(obj, where: str) -> RawFinding:
    if not isinstance(obj, dict) or not (obj.get("template-id") or obj.get("templateID")):
        raise ScanError("bad_line", where)
    info = obj.get("info") or {}
    classification = info.get("classification") or {}
    cves = classification.get("cve-id") or []
    if isinstance(cves, str):
        cves = [cves]
    matched = str(obj.get("matched-at") or obj.get("matched") or obj.get("host") or "")
    url_host = urlsplit(matched if "://" in matched else f"//{matched}").hostname or ""
    host = str(obj.get("ip") or url_host or obj.get("host") or "")
    port = str(obj.get("port") or (urlsplit(matched).port if "://" in matched else "") or "")
    return RawFinding(
        scanner="nuclei", host=host, hostname=url_host if url_host != host else "",
        plugin_id=str(obj.get("template-id") or obj.get("templateID")), title=str(info.get("name") or ""),
        severity=SEVERITY_WORDS.get(str(info.get("severity") or "").lower(), 0), port=port,
        protocol=str(obj.get("type") or ""), cves=[str(c).upper() for c in cves if c],
        description=str(info.get("description") or "")[:8000], solution=str(info.get("remediation") or ""),
        output=matched[:1000], extra=f"{matched}|{obj.get('matcher-name') or ''}")


def parse(stream: IO[bytes]) -> Iterator[RawFinding]:
    reader = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict")
    try:
        first = reader.read(1)
        while first and first.isspace():
            first = reader.read(1)
        if first == "[":  # a JSON array: a whole export (bounded by the upload size)
            try:
                data = json.loads("[" + reader.read())
            except json.JSONDecodeError as exc:
                raise ScanError("truncated" if "Expecting" in exc.msg and exc.pos >= exc.doc.__len__() - 2
                                else "malformed", str(exc.lineno)) from None
            for i, obj in enumerate(data, 1):
                yield _finding(obj, str(i))
            return
        for lineno, line in enumerate(reader, 1):
            if lineno == 1:
                line = first + line
            if not line.strip():
                continue
            if len(line) > MAX_LINE:
                raise ScanError("bad_line", str(lineno))
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                raise ScanError("bad_line", str(lineno)) from None
            yield _finding(obj, str(lineno))
    except UnicodeDecodeError:
        raise ScanError("malformed", "utf-8") from None
