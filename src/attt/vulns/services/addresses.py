"""System addresses and the assignment of unmatched scan hosts."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attt.core import audit, rules
from attt.core.errors import DomainError

from ..models import HostAssignment, SystemAddress
from .matching import normalise, systems_in_unit
from .pending import land_pending

MESSAGES = {
    "ip": gettext_lazy("Địa chỉ IP không hợp lệ (ví dụ 10.1.2.3)."),
    "cidr": gettext_lazy("Dải mạng không hợp lệ (ví dụ 10.1.2.0/24)."),
    "range": gettext_lazy("Khoảng địa chỉ không hợp lệ (ví dụ 10.1.2.10-10.1.2.50)."),
    "hostname": gettext_lazy("Tên máy không hợp lệ (ví dụ congdichvu.tinh.gov.vn)."),
    "url": gettext_lazy("Địa chỉ URL không hợp lệ (ví dụ https://congdichvu.tinh.gov.vn/)."),
}


@transaction.atomic
def address_add(*, actor, system, kind: str, value: str) -> SystemAddress:
    rules.require(actor, "address.edit", system)
    if kind not in SystemAddress.Kind.values:
        raise DomainError(_("Loại địa chỉ không hợp lệ."), field="kind")
    try:
        value, start, end, name = normalise(kind, value or "")
    except ValueError:
        raise DomainError(MESSAGES[kind], field="value") from None
    if SystemAddress.objects.filter(system=system, kind=kind, value=value).exists():
        raise DomainError(_("Hệ thống đã có địa chỉ này."), field="value")
    address = SystemAddress(system=system, kind=kind, value=value, ip_start=start, ip_end=end, name=name)
    address.save()
    audit.record(actor=actor, action="system.address_add", obj=system, changes={"address": [None, value]})
    return address


@transaction.atomic
def address_remove(*, actor, address: SystemAddress) -> None:
    rules.require(actor, "address.edit", address.system)
    system, value = address.system, address.value
    address.delete()
    audit.record(actor=actor, action="system.address_remove", obj=system, changes={"address": [value, None]})


@transaction.atomic
def host_assign(*, actor, assignment: HostAssignment, system) -> HostAssignment:
    """A unit says which of its systems an unmatched scan host belongs to: the host's pending
    findings land on that system now (as an import would put them: services/pending.py), and later
    imports remember the host. `assignment.landed` holds the counts (new / known / reopened)."""
    rules.require(actor, "scan.import", assignment.organisation)
    if system is not None:
        if not systems_in_unit(assignment.organisation).filter(pk=system.pk).exists():
            raise DomainError(_("Hệ thống không thuộc phạm vi của đơn vị nhập bản quét."), field="system")
        rules.require(actor, "address.edit", system)
    assignment = HostAssignment.objects.select_for_update().get(pk=assignment.pk)
    before = {"system": assignment.system_id}
    assignment.system = system
    landed = land_pending(assignment=assignment, system=system) if system is not None else {}
    if system is not None and assignment.last_scan_id:
        # the scan that saw the host covered the system: it fulfils the system's scan duty, as an
        # import that had matched the host would have
        from .imports import _fulfil_scan_duty

        duties = _fulfil_scan_duty(actor=actor, scan=assignment.last_scan, system_ids=[system.pk])
    else:
        duties = 0
    assignment.findings_pending = assignment.pending.count()
    assignment.save(update_fields=["system", "findings_pending", "updated_at"])
    after = {"system": getattr(system, "pk", None)}
    if landed:
        after["findings"] = {k: landed.get(k, 0) for k in ("new", "known", "reopened")}
    if duties:
        after["duties_fulfilled"] = duties
    audit.record(actor=actor, action="scan.host_assign", obj=assignment, organisation=assignment.organisation,
                 before=before, after=after, object_repr=assignment.host)
    assignment.landed = dict(after.get("findings") or {})
    assignment.duties_fulfilled = duties
    return assignment
