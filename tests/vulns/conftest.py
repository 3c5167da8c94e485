"""Vulnerability fixtures: commune A runs a portal (10.10.1.10, congdichvu.anbinh.gov.vn) and a
database server range (10.10.1.16/28); commune B runs a site at 172.16.9.9 (out of A's scope)."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from attt.core import clock

DATA = Path(__file__).parent / "data"


@pytest.fixture
def on_day():
    clock.travel_to(dt.datetime(2026, 3, 2, 9, 30))  # Monday 02/03/2026 09:30 local
    return dt.date(2026, 3, 2)


@pytest.fixture
def estate(world, on_day):
    from attt.systems.models import System
    from attt.vulns import services

    officer = world.users["unit_officer"]

    def make(name, operator, level):
        s = System(name=name, owner=world.org(operator), operator=world.org(operator), approved_level=level,
                   status=System.Status.OPERATING)
        s.save()
        return s

    portal = make("Cổng dịch vụ công xã An Bình", "commune_a", 3)
    db = make("Máy chủ cơ sở dữ liệu xã An Bình", "commune_a", 2)
    other = make("Trang tin phường Bình Minh", "commune_b", 1)
    services.address_add(actor=officer, system=portal, kind="ip", value="10.10.1.10")
    services.address_add(actor=officer, system=portal, kind="hostname", value="congdichvu.anbinh.gov.vn")
    services.address_add(actor=officer, system=db, kind="cidr", value="10.10.1.16/28")
    services.address_add(actor=world.users["officer_b"], system=other, kind="ip", value="172.16.9.9")
    return {"portal": portal, "db": db, "other": other}


def sample(name: str) -> io.BytesIO:
    return io.BytesIO((DATA / name).read_bytes())


def nessus(findings: int, *, hosts: int = 50, prefix: str = "10.10.1.") -> bytes:
    """A generated Nessus file with `findings` items spread over `hosts` hosts, every severity."""
    out = ['<?xml version="1.0" ?>\n<NessusClientData_v2><Report name="gen">']
    per = max(1, findings // hosts)
    n = 0
    for h in range(hosts):
        out.append(f'<ReportHost name="{prefix}{16 + h % 14}"><HostProperties><tag name="host-ip">{prefix}{16 + h % 14}'
                   f'</tag></HostProperties>')
        for i in range(per if h < hosts - 1 else findings - n):
            out.append(f'<ReportItem port="{1000 + h}" svc_name="x" protocol="tcp" severity="{i % 5}" '
                       f'pluginID="{100000 + i}" pluginName="Plugin {i}"><cve>CVE-2024-{10000 + i}</cve>'
                       f'<description>d</description><solution>s</solution></ReportItem>')
        n += per
        out.append("</ReportHost>")
    out.append("</Report></NessusClientData_v2>")
    return "".join(out).encode()
