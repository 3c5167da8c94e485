"""Builders for incident tests and access-matrix cases, over the `world` fixture."""
from __future__ import annotations

import datetime as dt
import io

from attt.core import clock


class Upload(io.BytesIO):
    """An uploaded file for services (name, size, read)."""

    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name, self.size = name, len(content)


def make_system(world, key: str, name: str, products=(), level: int = 2):
    from attt.systems.models import System, SystemProduct

    org = world.orgs[key]
    system = System.objects.create(name=name, owner=org, operator=org, approved_level=level)
    for vendor, product, version in products:
        SystemProduct.objects.create(system=system, vendor=vendor, product=product, version=version)
    return system


def make_incident(world, unit_key: str = "commune_a", *, systems=(), hours_ago: float = 2, files=(), **fields):
    from attt.incidents import services

    actor = world.users["unit_officer"] if unit_key == "commune_a" else world.users["specialist"]
    data = {"title": "Trang web bị tấn công", "description": "Giao diện bị thay đổi", "reporter_name": "Cán bộ",
            "detected_at": clock.now() - dt.timedelta(hours=hours_ago), "kind": "defacement", "severity": "high"}
    data.update(fields)
    return services.incident_report(actor=actor, unit=world.orgs[unit_key], fields=data, systems=systems, files=files)


def handling_incident(world, **kw):
    from attt.incidents import services

    incident = make_incident(world, **kw)
    return services.incident_start_handling(actor=world.users["specialist"], incident=incident)


def closed_incident(world, **kw):
    from attt.incidents import services

    incident = handling_incident(world, **kw)
    return services.incident_close(actor=world.users["specialist"], incident=incident,
                                   closing_summary="Đã khôi phục", lessons_learned="Cập nhật phần mềm")


def make_warning(world, *, deadline_days: int = 7, manual=("commune_a",), products: str = ""):
    from attt.incidents import services

    return services.warning_publish(
        actor=world.users["specialist"], issuer=world.orgs["police"], title="Lỗ hổng nghiêm trọng", severity="high",
        cves_text="CVE-2024-3400", products_text=products, description="Mô tả", recommended_actions="Cập nhật",
        deadline=clock.today() + dt.timedelta(days=deadline_days), manual_units=[world.orgs[k] for k in manual])


def fixed_target(world):
    from attt.incidents import services

    warning = make_warning(world)
    target = warning.targets.get(unit=world.orgs["commune_a"])
    return services.warning_confirm_fix(actor=world.users["unit_officer"], target=target, note="Đã vá",
                                        upload=Upload("bao-cao.txt", "Đã cập nhật bản vá".encode()))
