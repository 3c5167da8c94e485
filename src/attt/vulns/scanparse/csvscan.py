"""The documented CSV for any other scanner (docs/vulnerabilities.md): a header row naming at least
`host`, `title` and `severity`; optional `port`, `protocol`, `id`, `cve` (separated by spaces,
commas or semicolons), `description`, `solution`, `hostname`. Comma or semicolon separated, UTF-8."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO

from .base import SEVERITY_WORDS, RawFinding, ScanError, cves_in, severity_from_cvss

REQUIRED = {"host", "title", "severity"}


def parse(stream: IO[bytes]) -> Iterator[RawFinding]:
    reader = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        header = reader.readline()
        delimiter = ";" if header.count(";") > header.count(",") else ","
        names = [h.strip().lower() for h in next(csv.reader([header], delimiter=delimiter))]
        if not REQUIRED <= set(names):
            raise ScanError("bad_csv", ", ".join(sorted(REQUIRED - set(names))))
        for lineno, row in enumerate(csv.reader(reader, delimiter=delimiter), 2):
            if not any(cell.strip() for cell in row):
                continue
            rec = {k: (row[i].strip() if i < len(row) else "") for i, k in enumerate(names)}
            if not rec["host"] or not rec["title"]:
                raise ScanError("bad_line", str(lineno))
            sev = rec["severity"].lower()
            severity = SEVERITY_WORDS.get(sev)
            if severity is None:
                if sev.isdigit() and int(sev) <= 4:
                    severity = int(sev)
                else:
                    try:
                        severity = severity_from_cvss(float(sev))
                    except ValueError:
                        raise ScanError("bad_line", str(lineno)) from None
            yield RawFinding(scanner="csv", host=rec["host"], hostname=rec.get("hostname", ""),
                             plugin_id=rec.get("id") or rec["title"][:200], title=rec["title"], severity=severity,
                             port=rec.get("port", ""), protocol=rec.get("protocol", ""),
                             cves=cves_in(rec.get("cve", "")), description=rec.get("description", ""),
                             solution=rec.get("solution", ""))
    except UnicodeDecodeError:
        raise ScanError("malformed", "utf-8") from None
    except csv.Error as exc:
        raise ScanError("bad_csv", str(exc)) from None
