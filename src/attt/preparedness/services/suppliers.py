"""The supplier register, contracts and their security commitments, supplier assessments."""
from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from ..models import Contract, Supplier, SupplierAssessment
from ..models.suppliers import COMMITMENTS, RiskLevel

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
MST_PATTERN = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
SUPPLIER_FIELDS = ["name", "tax_code", "services", "contacts", "certifications", "vendor_names"]


def tax_code_valid(code: str) -> bool:
    """A Vietnamese tax code (MST): 10 digits, or 10 digits, a dash and a 3-digit branch number; the
    10th digit is the check digit: 10 - (Σ digit × weight (31,29,23,19,17,13,7,5,3) mod 11)."""
    match = MST_PATTERN.match((code or "").strip())
    if not match:
        return False
    digits = [int(c) for c in match.group(1)]
    check = 10 - sum(d * w for d, w in zip(digits, MST_WEIGHTS)) % 11
    if check == 10 or digits[9] != check:
        return False
    return match.group(2) is None or match.group(2) != "000"


def _clean_supplier(data: dict) -> dict:
    out = {k: (data.get(k) or "").strip() for k in SUPPLIER_FIELDS}
    if not out["name"]:
        raise DomainError(_("Nhập tên nhà cung cấp."), field="name")
    if not tax_code_valid(out["tax_code"]):
        raise DomainError(_("Mã số thuế “%(c)s” không hợp lệ (10 chữ số, hoặc 10 chữ số - 3 chữ số, "
                            "chữ số thứ 10 là số kiểm tra).") % {"c": out["tax_code"]}, field="tax_code")
    out["name"] = out["name"][:300]
    return out


@transaction.atomic
def supplier_save(*, actor, organisation=None, supplier: Supplier | None = None, data: dict) -> Supplier:
    if supplier is None:
        probe = Supplier(organisation=organisation)
        probe.org_path = organisation.path
        rules.require(actor, "supplier.edit", probe)
        clean = _clean_supplier(data)
        if Supplier.objects.filter(organisation=organisation, tax_code=clean["tax_code"]).exists():
            raise DomainError(_("Mã số thuế %(c)s đã có trong danh sách nhà cung cấp.") % {"c": clean["tax_code"]},
                              field="tax_code")
        supplier = Supplier.objects.create(organisation=organisation, **clean)
        audit.record(actor=actor, action="supplier.create", obj=supplier)
        return supplier
    rules.require(actor, "supplier.edit", supplier)
    clean = _clean_supplier(data)
    if Supplier.objects.filter(organisation=supplier.organisation, tax_code=clean["tax_code"]).exclude(
            pk=supplier.pk).exists():
        raise DomainError(_("Mã số thuế %(c)s đã có trong danh sách nhà cung cấp.") % {"c": clean["tax_code"]},
                          field="tax_code")
    before = audit.snapshot(supplier, SUPPLIER_FIELDS)
    for key, value in clean.items():
        setattr(supplier, key, value)
    supplier.save()
    audit.record(actor=actor, action="supplier.update", obj=supplier, before=before,
                 after=audit.snapshot(supplier, SUPPLIER_FIELDS))
    return supplier


@transaction.atomic
def contract_save(*, actor, organisation, supplier: Supplier, title: str, starts_on: dt.date, ends_on: dt.date,
                  systems=(), commitments=(), notify_hours=None, data_location: str = "", number: str = "",
                  contract: Contract | None = None) -> Contract:
    probe = contract or Contract(organisation=organisation)
    probe.org_path = (contract.organisation if contract else organisation).path
    rules.require(actor, "supplier.edit", probe)
    title = (title or "").strip()[:300]
    if not title:
        raise DomainError(_("Nhập tên hợp đồng."), field="title")
    if starts_on is None or ends_on is None:
        raise DomainError(_("Nhập ngày bắt đầu và ngày kết thúc hợp đồng."), field="ends_on")
    if ends_on <= starts_on:
        raise DomainError(_("Ngày kết thúc hợp đồng phải sau ngày bắt đầu."), field="ends_on")
    keys = [k for k, _label in COMMITMENTS]
    unknown = [c for c in commitments if c not in keys]
    if unknown:
        raise DomainError(_("Cam kết “%(c)s” không có trong danh mục.") % {"c": unknown[0]}, field="commitments")
    if "incident_notification" in commitments and not notify_hours:
        raise DomainError(_("Nêu thời hạn thông báo sự cố (số giờ) đã cam kết."), field="notify_hours")
    org = contract.organisation if contract else organisation
    systems = list(systems)
    foreign = [s for s in systems if not (s.owner_path.startswith(org.path) or s.operator_path.startswith(org.path))]
    if foreign:
        raise DomainError(_("Hệ thống “%(s)s” không thuộc đơn vị ký hợp đồng.") % {"s": foreign[0].name},
                          field="systems")
    fields = dict(supplier=supplier, title=title, number=(number or "").strip()[:80], starts_on=starts_on,
                  ends_on=ends_on, commitments=[k for k in keys if k in commitments],
                  notify_hours=notify_hours or None, data_location=(data_location or "").strip()[:300])
    before = audit.snapshot(contract, ["title", "starts_on", "ends_on", "commitments"]) if contract else None
    if contract is None:
        contract = Contract(organisation=organisation, **fields)
    else:
        for key, value in fields.items():
            setattr(contract, key, value)
        contract.reminded_on = None
    contract.save()
    contract.systems.set(systems)
    audit.record(actor=actor, action="contract.save", obj=contract, before=before,
                 after={**audit.snapshot(contract, ["title", "starts_on", "ends_on", "commitments"]),
                        "systems": [s.pk for s in systems]})
    return contract


@transaction.atomic
def assessment_record(*, actor, supplier: Supplier, risk_level: str, notes: str = "",
                      assessed_on: dt.date | None = None, next_due: dt.date | None = None) -> SupplierAssessment:
    rules.require(actor, "supplier.edit", supplier)
    if risk_level not in RiskLevel.values:
        raise DomainError(_("Chọn mức rủi ro."), field="risk_level")
    assessed_on = assessed_on or clock.today()
    if assessed_on > clock.today():
        raise DomainError(_("Ngày đánh giá không được ở tương lai."), field="assessed_on")
    row = SupplierAssessment.objects.create(organisation=supplier.organisation, supplier=supplier,
                                            assessed_on=assessed_on, risk_level=risk_level,
                                            notes=(notes or "").strip()[:8000], next_due=next_due)
    before = audit.snapshot(supplier, ["risk_level", "assessed_on"])
    latest = supplier.assessments.order_by("-assessed_on", "-id").first()
    supplier.risk_level, supplier.assessed_on = latest.risk_level, latest.assessed_on
    supplier.save(update_fields=["risk_level", "assessed_on", "updated_at"])
    audit.record(actor=actor, action="supplier.assess", obj=supplier, before=before,
                 after=audit.snapshot(supplier, ["risk_level", "assessed_on"]))
    return row

