"""Registering and editing information systems and their products."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError

from ..models import System, SystemProduct

FIELDS = ["name", "owner", "operator", "kind", "status", "go_live", "description", "regime_code", "parent",
          "info_types", "personal_subjects", "sensitive_subjects", "users_count", "service_maturity", "hosting",
          "network_zones", "addresses", "domains", "soc_monitored", "soc_provider", "central_antimalware"]


def _may_edit_for(actor, owner, operator) -> bool:
    return rules.can(actor, "system.edit", owner) or rules.can(actor, "system.edit", operator)


def _clean(fields: dict, *, system: System | None = None) -> dict:
    fields = {k: v for k, v in fields.items() if k in FIELDS}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()[:255]
        if not fields["name"]:
            raise DomainError(_("Tên hệ thống không được để trống."), field="name")
    if "kind" in fields and fields["kind"] not in System.Kind.values:
        raise DomainError(_("Loại hệ thống không hợp lệ."), field="kind")
    if "status" in fields and fields["status"] not in System.Status.values:
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    if "hosting" in fields and fields["hosting"] not in System.Hosting.values:
        raise DomainError(_("Nơi đặt hệ thống không hợp lệ."), field="hosting")
    if "info_types" in fields:
        info = list(dict.fromkeys(fields["info_types"] or []))
        bad = [v for v in info if v not in System.Info.values]
        if bad:
            raise DomainError(_("Loại thông tin không hợp lệ: %(v)s.") % {"v": ", ".join(map(str, bad))},
                              field="info_types")
        fields["info_types"] = info
    if "service_maturity" in fields:
        value = fields["service_maturity"] or 0
        if not 0 <= int(value) <= 4:
            raise DomainError(_("Mức độ dịch vụ công trực tuyến phải từ 0 đến 4."), field="service_maturity")
    for key in ("personal_subjects", "sensitive_subjects", "users_count"):
        if key in fields:
            fields[key] = int(fields[key] or 0)
            if fields[key] < 0:
                raise DomainError(_("Số lượng không được âm."), field=key)
    parent = fields.get("parent")
    if parent is not None and system is not None:
        cursor = parent
        while cursor is not None:
            if cursor.pk == system.pk:
                raise DomainError(_("Một hệ thống không thể là thành phần của chính nó."), field="parent")
            cursor = cursor.parent
    if fields.get("status") == System.Status.OPERATING and not fields.get("go_live", True):
        pass  # a go-live date is welcome but not required for systems registered after the fact
    return fields


@transaction.atomic
def system_create(*, actor, owner, operator=None, **fields) -> System:
    operator = operator or owner
    if actor is not None and not _may_edit_for(actor, owner, operator):
        raise PermissionDenied(_("Bạn không có quyền đăng ký hệ thống cho đơn vị này."))
    data = _clean({**fields, "owner": owner, "operator": operator})
    if "name" not in data:
        raise DomainError(_("Tên hệ thống không được để trống."), field="name")
    if System.objects.filter(owner=owner, name__iexact=data["name"]).exists():
        raise DomainError(_("Đơn vị đã có hệ thống tên “%(n)s”.") % {"n": data["name"]}, field="name")
    system = System.objects.create(**data)
    audit.record(actor=actor, action="system.create", obj=system)
    return system


@transaction.atomic
def system_update(*, actor, system: System, **fields) -> System:
    if actor is not None:
        rules.require(actor, "system.edit", system)
    system = System.objects.select_for_update().select_related("owner", "operator").get(pk=system.pk)
    before = audit.snapshot(system)
    data = _clean(fields, system=system)
    owner, operator = data.get("owner", system.owner), data.get("operator", system.operator)
    if actor is not None and (owner != system.owner or operator != system.operator) \
            and not _may_edit_for(actor, owner, operator):
        raise PermissionDenied(_("Bạn không có quyền chuyển hệ thống sang đơn vị này."))
    if "name" in data and System.objects.filter(owner=owner, name__iexact=data["name"]).exclude(pk=system.pk).exists():
        raise DomainError(_("Đơn vị đã có hệ thống tên “%(n)s”.") % {"n": data["name"]}, field="name")
    for key, value in data.items():
        setattr(system, key, value)
    system.save()
    audit.record(actor=actor, action="system.update", obj=system, before=before, after=audit.snapshot(system))
    return system


@transaction.atomic
def system_set_products(*, actor, system: System, products: list[dict]) -> list[SystemProduct]:
    """Replace the products of a system ({vendor, product, version} each)."""
    if actor is not None:
        rules.require(actor, "system.edit", system)
    clean = []
    for item in products:
        product = (item.get("product") or "").strip()[:160]
        if not product:
            continue
        clean.append(SystemProduct(system=system, vendor=(item.get("vendor") or "").strip()[:120], product=product,
                                   version=(item.get("version") or "").strip()[:60]))
    before = [str(p) for p in system.products.all()]
    system.products.all().delete()
    for p in clean:
        p.save()
    audit.record(actor=actor, action="system.products", obj=system,
                 changes={"products": [before, [str(p) for p in clean]]})
    return clean
