"""Excel/CSV import and export of the supplier register and of drill records. An import with any
wrong row saves nothing and reports every wrong row (RowErrors); suppliers match by tax code."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import RowErrors
from attt.core.tabular import read_table
from attt.core.text import fold

from .models import Drill, Supplier

SUPPLIER_COLUMNS = ["name", "tax_code", "services", "contacts", "certifications", "risk_level"]
SUPPLIER_HEADER = ["Tên nhà cung cấp", "Mã số thuế", "Dịch vụ", "Đầu mối liên hệ", "Chứng nhận", "Mức rủi ro"]
SUPPLIER_ALIASES = {fold(h).replace(" ", "_"): c for h, c in zip(SUPPLIER_HEADER, SUPPLIER_COLUMNS)}
DRILL_HEADER = ["Tên cuộc diễn tập", "Đơn vị", "Kịch bản", "Ngày dự kiến", "Trạng thái", "Ngày thực hiện",
                "Hệ thống", "Số phát hiện", "Phát hiện chưa khắc phục"]


def supplier_rows(queryset):
    for s in queryset.order_by("name", "id"):
        yield [s.name, s.tax_code, s.services, s.contacts, s.certifications, s.get_risk_level_display()]


def drill_rows(queryset):
    from django.db.models import Count, Q

    qs = (queryset.select_related("organisation")
          .annotate(n_findings=Count("findings", distinct=True),
                    n_open=Count("findings", filter=Q(findings__status="open"), distinct=True))
          .prefetch_related("systems").order_by("-planned_on", "-id"))
    for d in qs:
        yield [d.title, d.organisation.name, d.get_scenario_display(), d.planned_on, d.get_state_display(),
               d.held_on, "; ".join(s.name for s in d.systems.all()), d.n_findings, d.n_open]


def import_suppliers(*, actor, organisation, upload) -> dict:
    from .services.suppliers import tax_code_valid

    probe = Supplier(organisation=organisation)
    probe.org_path = organisation.path
    rules.require(actor, "supplier.edit", probe)
    rows = read_table(upload, aliases=SUPPLIER_ALIASES)
    existing = {s.tax_code: s for s in Supplier.objects.filter(organisation=organisation)}
    errors, parsed, seen = [], [], {}
    for row in rows:
        problems = []
        name, code = row.text("name")[:300], row.text("tax_code")
        if not name:
            problems.append(_("thiếu tên nhà cung cấp"))
        if not tax_code_valid(code):
            problems.append(_("mã số thuế “%(c)s” không hợp lệ") % {"c": code})
        elif code in seen:
            problems.append(_("mã số thuế %(c)s trùng dòng %(n)s") % {"c": code, "n": seen[code]})
        seen.setdefault(code, row.number)
        if problems:
            errors.append((row.number, "; ".join(str(p) for p in problems)))
            continue
        parsed.append({"name": name, "tax_code": code, "services": row.text("services"),
                       "contacts": row.text("contacts"), "certifications": row.text("certifications")})
    if errors:
        raise RowErrors(_("Tệp có %(n)s dòng sai; chưa lưu dòng nào.") % {"n": len(errors)}, errors)
    created = updated = 0
    with transaction.atomic():
        for item in parsed:
            supplier = existing.get(item["tax_code"])
            if supplier is None:
                supplier = Supplier.objects.create(organisation=organisation, **item)
                created += 1
            else:
                for key, value in item.items():
                    setattr(supplier, key, value)
                supplier.save()
                updated += 1
        audit.record(actor=actor, action="supplier.import", obj=organisation,
                     changes={"created": created, "updated": updated})
    return {"created": created, "updated": updated}


__all__ = ["DRILL_HEADER", "SUPPLIER_HEADER", "drill_rows", "import_suppliers", "supplier_rows", "Drill"]
