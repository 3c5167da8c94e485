"""Nessus v2 (.nessus): <ReportHost name=...><HostProperties><tag name="host-ip">..</tag>
<ReportItem port svc_name protocol severity pluginID pluginName>..</ReportItem></ReportHost>."""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from .base import SEVERITY_WORDS, RawFinding, cves_in
from .xmlstream import events, local


def parse(stream: IO[bytes]) -> Iterator[RawFinding]:
    for host_el, _root in events(stream, {"ReportHost"}):
        props = {}
        for child in host_el:
            if local(child.tag) == "HostProperties":
                props = {t.get("name"): (t.text or "").strip() for t in child}
        name = (host_el.get("name") or "").strip()
        host = props.get("host-ip") or name
        hostname = props.get("host-fqdn") or props.get("netbios-name") or (name if name != host else "")
        for item in host_el:
            if local(item.tag) != "ReportItem":
                continue
            fields: dict[str, str] = {}
            cves = []
            for c in item:
                tag = local(c.tag)
                value = (c.text or "").strip()
                if tag == "cve":
                    cves.append(value.upper())
                elif tag not in fields:
                    fields[tag] = value
            try:
                severity = int(item.get("severity") or 0)
            except ValueError:
                severity = SEVERITY_WORDS.get(fields.get("risk_factor", "").lower(), 0)
            yield RawFinding(
                scanner="nessus", host=host, hostname=hostname, plugin_id=item.get("pluginID") or "",
                title=item.get("pluginName") or fields.get("plugin_name", ""), severity=max(0, min(4, severity)),
                port=item.get("port") or "", protocol=item.get("protocol") or "",
                cves=cves or cves_in(fields.get("plugin_name", "")), description=fields.get("description", ""),
                solution=fields.get("solution", ""), output=fields.get("plugin_output", "")[:4000])
