"""Shared pieces of the scan parsers: the finding record, errors, detection, dispatch."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

FORMATS = ("nessus", "openvas", "nmap", "nuclei", "csv")

# Severity scale shared by every scanner: 0 info, 1 low, 2 medium, 3 high, 4 critical.
SEVERITY_WORDS = {"info": 0, "informational": 0, "none": 0, "log": 0, "unknown": 0, "low": 1, "medium": 2,
                  "moderate": 2, "high": 3, "critical": 4}
CVE_RE = re.compile(r"CVE-\d{4}-\d{4,7}", re.I)


class ScanError(Exception):
    """A scan file that cannot be imported. `code` is one of: unknown_format, malformed, truncated,
    entities, empty, bad_line, bad_csv, too_large; `detail` adds the place (line, element)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code, self.detail = code, detail


@dataclass(slots=True)
class RawFinding:
    scanner: str
    host: str  # the address the scanner names (IP, else host name, else URL host)
    plugin_id: str
    title: str
    severity: int
    port: str = ""
    protocol: str = ""
    hostname: str = ""  # a second name for the host (FQDN, reverse DNS), used for matching too
    cves: list[str] = field(default_factory=list)
    description: str = ""
    solution: str = ""
    output: str = ""
    extra: str = ""  # what else the scanner makes stable (nuclei matcher, matched URL)

    @property
    def hash(self) -> str:
        """Stable identity of the finding for its scanner: plugin/template, host, port, protocol
        and the scanner's own stable extra; never the text, which scanners reword."""
        key = "|".join((self.scanner, self.plugin_id, self.host.lower(), self.port, self.protocol.lower(), self.extra))
        return hashlib.sha256(key.encode()).hexdigest()


def severity_from_cvss(score) -> int:
    try:
        value = float(score)
    except (TypeError, ValueError):
        return 0
    if value >= 9.0:
        return 4
    if value >= 7.0:
        return 3
    if value >= 4.0:
        return 2
    if value > 0:
        return 1
    return 0


def cves_in(*texts: str) -> list[str]:
    found: dict[str, None] = {}
    for text in texts:
        for match in CVE_RE.findall(text or ""):
            found[match.upper()] = None
    return list(found)


def detect(head: bytes) -> str:
    """The format of a scan from its first bytes (a few KB); ScanError('unknown_format') otherwise."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    low = text[:4096].lower()
    if low.startswith(b"<") or low.startswith(b"<?xml"):
        if b"<nessusclientdata_v2" in low:
            return "nessus"
        if b"<nmaprun" in low:
            return "nmap"
        if b"<report" in low and (b"<results" in low or b"openvas" in low or b"gmp" in low or b"format_id" in low
                                  or b"<report_format" in low or b"<omp" in low or b"<task" in low):
            return "openvas"
        if b"<!entity" in low:
            raise ScanError("entities")
        raise ScanError("unknown_format")
    if low.startswith(b"{") or low.startswith(b"["):
        if b'"template-id"' in low or b'"template_id"' in low or b'"templateid"' in low:
            return "nuclei"
        raise ScanError("unknown_format")
    first = low.split(b"\n", 1)[0]
    if b"host" in first and b"severity" in first and (b"," in first or b";" in first):
        return "csv"
    raise ScanError("unknown_format")


def parse(fmt: str, stream: IO[bytes]) -> Iterator[RawFinding]:
    if fmt == "nessus":
        from .nessus import parse as fn
    elif fmt == "openvas":
        from .openvas import parse as fn
    elif fmt == "nmap":
        from .nmap import parse as fn
    elif fmt == "nuclei":
        from .nuclei import parse as fn
    elif fmt == "csv":
        from .csvscan import parse as fn
    else:
        raise ScanError("unknown_format")
    return fn(stream)


# What marks one finding in the raw bytes of each format, for a quick count before the import (the
# job shows "40.000/100.000"): a byte count, no parse. Nmap (ports and vulners CVEs) has no such
# mark; a CSV counts its lines (a quoted line break would add one).
_MARKS = {"nessus": (b"<ReportItem",), "openvas": (b"<result id=",), "nuclei": (b'"template-id"', b'"templateID"'),
          "csv": (b"\n",)}


def count_hint(fmt: str, stream: IO[bytes], chunk: int = 1 << 20) -> int | None:
    """About how many findings the file holds (read once, in chunks; the caller rewinds), or None."""
    marks = _MARKS.get(fmt)
    if not marks:
        return None
    counts = dict.fromkeys(marks, 0)
    tails = dict.fromkeys(marks, b"")
    last = b""
    while True:
        data = stream.read(chunk)
        if not data:
            break
        for mark in marks:
            text = tails[mark] + data
            counts[mark] += text.count(mark)
            tails[mark] = text[-(len(mark) - 1):] if len(mark) > 1 else b""
        last = data
    total = sum(counts.values())
    if fmt == "csv":  # the header line; a last line without its line break
        total = total - 1 + (1 if last and not last.endswith(b"\n") else 0)
    return max(total, 0)
