"""Host -> system matching, in memory, within one unit's scope: the addresses of the systems the
unit owns or operates (its subtree), plus the hosts it assigned by hand."""
from __future__ import annotations

import bisect
import ipaddress
from urllib.parse import urlsplit

from django.db.models import Q

from ..models import HostAssignment, SystemAddress, ip_key


def systems_in_unit(organisation):
    from attt.systems.models import System

    return System.objects.filter(Q(owner_path__startswith=organisation.path) |
                                 Q(operator_path__startswith=organisation.path))


def _name_of(value: str) -> str:
    value = value.strip().lower()
    if "://" in value:
        return (urlsplit(value).hostname or "").lower()
    return value.rstrip(".")


class HostMatcher:
    def __init__(self, organisation, *, only_system=None):
        self.only_system = only_system
        self.cache: dict[tuple[str, str], int | None] = {}
        self.ips: dict[str, int] = {}
        self.names: dict[str, int] = {}
        self.ranges: list[tuple[str, str, int]] = []
        self.assigned: dict[str, int | None] = {}
        if only_system is not None:
            return
        systems = systems_in_unit(organisation).values("pk")
        rows = SystemAddress.objects.filter(system__in=systems).order_by("system_id", "id").values_list(
            "system_id", "kind", "ip_start", "ip_end", "name")
        for system_id, kind, start, end, name in rows:
            if kind == SystemAddress.Kind.IP:
                self.ips.setdefault(start, system_id)
            elif kind in (SystemAddress.Kind.CIDR, SystemAddress.Kind.RANGE):
                self.ranges.append((start, end, system_id))
            elif name:
                self.names.setdefault(name, system_id)
        self.ranges.sort()
        self.starts = [r[0] for r in self.ranges]
        for host, system_id in HostAssignment.objects.filter(organisation=organisation).values_list("host", "system_id"):
            self.assigned[host] = system_id

    def _one(self, value: str) -> int | None:
        if not value:
            return None
        if self.assigned.get(value):
            return self.assigned[value]
        try:
            key = ip_key(value)
        except ValueError:
            key = None
        if key is not None:
            if key in self.ips:
                return self.ips[key]
            i = bisect.bisect_right(self.starts, key)
            for start, end, system_id in reversed(self.ranges[:i]):  # the narrowest is not guaranteed;
                if start <= key <= end:                                  # the latest-starting is the best guess
                    return system_id
            return None
        return self.names.get(_name_of(value))

    def match(self, host: str, hostname: str = "") -> int | None:
        if self.only_system is not None:
            return self.only_system.pk
        k = (host, hostname)
        if k not in self.cache:
            self.cache[k] = self._one(host) or self._one(hostname)
        return self.cache[k]


def normalise(kind: str, value: str) -> tuple[str, str, str, str]:
    """(value, ip_start, ip_end, name) for an address; ValueError with nothing said when invalid."""
    value = value.strip()
    if kind == SystemAddress.Kind.IP:
        ipaddress.ip_address(value)
        key = ip_key(value)
        return value, key, key, ""
    if kind == SystemAddress.Kind.CIDR:
        net = ipaddress.ip_network(value, strict=False)
        return str(net), ip_key(str(net.network_address)), ip_key(str(net.broadcast_address)), ""
    if kind == SystemAddress.Kind.RANGE:
        first, _sep, last = value.replace(" ", "").partition("-")
        a, b = ip_key(first), ip_key(last)
        if a > b or not last:
            raise ValueError(value)
        return f"{first}-{last}", a, b, ""
    if kind == SystemAddress.Kind.URL:
        name = _name_of(value)
        if "://" not in value or not name:
            raise ValueError(value)
        return value, "", "", name
    name = _name_of(value)
    if not name or " " in name or "/" in name:
        raise ValueError(value)
    return name, "", "", name
