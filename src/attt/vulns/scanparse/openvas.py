"""OpenVAS / Greenbone XML report (GMP get_reports): <report><results><result><host>IP
<hostname>..</hostname></host><port>443/tcp</port><nvt oid><name/><refs><ref type="cve" id/></refs>
</nvt><threat>High</threat><severity>7.5</severity><description/></result>."""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from .base import SEVERITY_WORDS, RawFinding, cves_in, severity_from_cvss
from .xmlstream import events, local, text


def _port(value: str) -> tuple[str, str]:
    value = (value or "").strip()
    if "/" in value:
        port, proto = value.split("/", 1)
        return (port if port.isdigit() else ""), proto
    return (value if value.isdigit() else ""), ""


def parse(stream: IO[bytes]) -> Iterator[RawFinding]:
    for res, _root in events(stream, {"result"}):
        host_el = next((c for c in res if local(c.tag) == "host"), None)
        if host_el is None:
            continue  # a <result> inside something else (e.g. a task summary)
        host = (host_el.text or "").strip()
        hostname = text(host_el, "hostname")
        nvt = next((c for c in res if local(c.tag) == "nvt"), None)
        oid, name, cves, solution = "", text(res, "name"), [], ""
        if nvt is not None:
            oid = nvt.get("oid") or ""
            name = text(nvt, "name") or name
            refs = next((c for c in nvt if local(c.tag) == "refs"), None)
            if refs is not None:
                cves = [(r.get("id") or "").upper() for r in refs if (r.get("type") or "").lower() == "cve"]
            cves = cves or cves_in(text(nvt, "cve"))
            solution = text(nvt, "solution")
        threat = text(res, "threat").lower()
        score = text(res, "severity")
        severity = severity_from_cvss(score) if score else SEVERITY_WORDS.get(threat, 0)
        if threat in ("log", "debug", "false positive") and not score:
            severity = 0
        port, proto = _port(text(res, "port"))
        yield RawFinding(scanner="openvas", host=host, hostname=hostname, plugin_id=oid, title=name,
                         severity=severity, port=port, protocol=proto, cves=[c for c in cves if c],
                         description=text(res, "description")[:8000], solution=solution)
