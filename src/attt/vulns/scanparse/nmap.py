"""Nmap XML (-oX): every open port is an informational finding naming its service and version;
the `vulners` NSE script output adds one finding per CVE with its CVSS score."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from .base import RawFinding, severity_from_cvss
from .xmlstream import events, local

VULNERS_LINE = re.compile(r"^\s*(CVE-\d{4}-\d{4,7})\s+(\d+(?:\.\d+)?)", re.I | re.M)


def parse(stream: IO[bytes]) -> Iterator[RawFinding]:
    for host_el, _root in events(stream, {"host"}):
        host, hostname = "", ""
        ports = None
        for c in host_el:
            tag = local(c.tag)
            if tag == "address" and c.get("addrtype") in ("ipv4", "ipv6") and not host:
                host = c.get("addr") or ""
            elif tag == "hostnames":
                names = [h.get("name") for h in c if h.get("name")]
                hostname = names[0] if names else ""
            elif tag == "ports":
                ports = c
        if not host or ports is None:
            continue
        for port in ports:
            if local(port.tag) != "port":
                continue
            state = next((c for c in port if local(c.tag) == "state"), None)
            if state is None or state.get("state") != "open":
                continue
            portid, proto = port.get("portid") or "", port.get("protocol") or ""
            service = next((c for c in port if local(c.tag) == "service"), None)
            svc = " ".join(filter(None, (service.get("name"), service.get("product"), service.get("version"))
                                  )) if service is not None else ""
            yield RawFinding(scanner="nmap", host=host, hostname=hostname, plugin_id="open-port",
                             title=f"Cổng mở {portid}/{proto} {svc}".strip(), severity=0, port=portid,
                             protocol=proto, description=svc)
            for script in port:
                if local(script.tag) != "script" or script.get("id") != "vulners":
                    continue
                seen = set()
                for cve, score in VULNERS_LINE.findall(script.get("output") or ""):
                    cve = cve.upper()
                    if cve in seen:
                        continue
                    seen.add(cve)
                    yield RawFinding(scanner="nmap", host=host, hostname=hostname, plugin_id=cve,
                                     title=f"{cve} ({svc})".strip(), severity=severity_from_cvss(score), port=portid,
                                     protocol=proto, cves=[cve], description=f"vulners: CVSS {score}")
