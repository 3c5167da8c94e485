"""Excel/CSV import and export of the supplier register and of drill records. The imports run as
background jobs (attt.core.table_jobs, registered in apps.py): an import with any wrong row saves
nothing and reports every wrong row (RowErrors); suppliers match by tax code."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import RowErrors
from attt.core.tabular import read_table
from attt.core.text import fold

from .models import Drill, Supplier

SUPPLIER_COLUMNS = ["name", "tax_code", "services", "contacts", "certifications", "risk_level"]
SUPPLIER_HEADER = ["Tên nhà cung cấp", "Mã số thuế", "Dịch vụ", "Đầu mối liên hệ", "Chứng nhận", "Mức rủi ro"]
SUPPLIER_ALIASES = {fold(h).replace(" ", "_"): c for h, c in zip(SUPPLIER_HEADER, SUPPLIER_COLUMNS)}
DRILL_HEADER = ["Tên cuộc diễn tập", "Đơn vị", "Kịch bản", "Ngày dự kiến", "Trạng thái", "Ngày thực hiện",
                "Hệ thống", "Số phát hiện", "Phát hiện chưa khắc phục"]
DRILL_IMPORT_COLUMNS = ["title", "org_code", "scenario", "planned_on", "held_on", "systems", "participants", "timeline",
                        "what_worked"]
DRILL_IMPORT_HEADER = ["Tên cuộc diễn tập", "Mã đơn vị", "Kịch bản", "Ngày dự kiến", "Ngày thực hiện",
                       "Hệ thống (cách nhau bởi ;)", "Thành phần tham gia", "Diễn biến", "Kết quả"]
DRILL_ALIASES = {fold(h).replace(" ", "_"): c for h, c in zip(DRILL_IMPORT_HEADER, DRILL_IMPORT_COLUMNS)}
DRILL_ALIASES[fold("Hệ thống").replace(" ", "_")] = "systems"
SUPPLIERS_IMPORT = "preparedness.suppliers_import"  # job kinds (attt.core.table_jobs)
DRILLS_IMPORT = "preparedness.drills_import"


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


def can_import_suppliers(actor, organisation) -> bool:
    """May `actor` fill the supplier list of `organisation`? (asked in the request and in the job)"""
    probe = Supplier(organisation=organisation)
    probe.org_path = organisation.path
    return rules.can(actor, "supplier.edit", probe)


def import_suppliers_job(*, actor, upload, organisation_id: int, progress=None) -> dict:
    """The importer of the job `SUPPLIERS_IMPORT`: the unit is fetched again with the owner's rights."""
    from django.core.exceptions import PermissionDenied

    from attt.core.errors import DomainError
    from attt.orgs.models import Organisation

    organisation = Organisation.objects.visible_to(actor).filter(pk=organisation_id).first()
    if organisation is None:
        raise DomainError(_("Đơn vị quản lý danh sách không còn hoặc bạn không còn quyền xem."))
    if not can_import_suppliers(actor, organisation):
        raise PermissionDenied(_("Bạn không có quyền cập nhật danh sách nhà cung cấp của “%(o)s”.")
                               % {"o": organisation.name})
    return import_suppliers(actor=actor, organisation=organisation, upload=upload, progress=progress)


def import_suppliers(*, actor, organisation, upload, progress=None) -> dict:
    from .services.suppliers import tax_code_valid

    progress = progress or (lambda *a: None)
    probe = Supplier(organisation=organisation)
    probe.org_path = organisation.path
    rules.require(actor, "supplier.edit", probe)
    rows = read_table(upload, aliases=SUPPLIER_ALIASES)
    progress(30, _("Đang kiểm tra %(n)s dòng") % {"n": len(rows)})
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
    progress(50, _("Đang lưu %(n)s nhà cung cấp") % {"n": len(parsed)})
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


def import_drills(*, actor, upload, progress=None) -> dict:
    """Drill records from a table: each row plans a drill of the unit (its code) covering the named
    systems; a row with a date held records it done (never in the future). Any wrong row: nothing saved."""
    from attt.core.errors import DomainError
    from attt.core.tabular import parse_date
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    from .models.plans import Scenario
    from .services import drills as drill_services

    progress = progress or (lambda *a: None)
    rows = read_table(upload, aliases=DRILL_ALIASES)
    progress(30, _("Đang kiểm tra %(n)s dòng") % {"n": len(rows)})
    scenarios = {**{v: v for v in Scenario.values}, **{fold(str(label)): v for v, label in Scenario.choices}}
    orgs = {o.code: o for o in Organisation.objects.visible_to(actor).filter(
        code__in={r.text("org_code") for r in rows})}
    errors, parsed = [], []
    for row in rows:
        problems = []
        title = row.text("title")[:300]
        if not title:
            problems.append(_("thiếu tên cuộc diễn tập"))
        org = orgs.get(row.text("org_code"))
        if org is None:
            problems.append(_("không có đơn vị mã “%(c)s”") % {"c": row.text("org_code")})
        scenario = scenarios.get(fold(row.text("scenario")))
        if scenario is None:
            problems.append(_("kịch bản “%(v)s” không hợp lệ") % {"v": row.text("scenario")})
        dates = {}
        for key, label in (("planned_on", _("Ngày dự kiến")), ("held_on", _("Ngày thực hiện"))):
            try:
                dates[key] = parse_date(row.values.get(key), field_label=label)
            except ValueError as exc:
                problems.append(str(exc))
                dates[key] = None
        if row.text("planned_on") == "":
            problems.append(_("thiếu ngày dự kiến"))
        if dates["held_on"] and dates["held_on"] > clock.today():
            problems.append(_("ngày thực hiện %(d)s ở tương lai") % {"d": dates["held_on"].strftime("%d/%m/%Y")})
        names = [n.strip() for n in row.text("systems").split(";") if n.strip()]
        systems = []
        if org is not None:
            found = {s.name: s for s in System.objects.visible_to(actor).filter(name__in=names)}
            for name in names:
                if name not in found:
                    problems.append(_("không có hệ thống “%(n)s”") % {"n": name})
                else:
                    systems.append(found[name])
        if problems:
            errors.append((row.number, "; ".join(str(p) for p in problems)))
            continue
        parsed.append((row, title, org, scenario, dates, systems))
    if errors:
        raise RowErrors(_("Tệp có %(n)s dòng sai; chưa lưu dòng nào.") % {"n": len(errors)}, errors)
    planned = done = 0
    progress(50, _("Đang lưu %(n)s cuộc diễn tập") % {"n": len(parsed)})
    with transaction.atomic():
        for row, title, org, scenario, dates, systems in parsed:
            try:
                drill = drill_services.drill_plan(actor=actor, organisation=org, title=title, scenario=scenario,
                                                  planned_on=dates["planned_on"], systems=systems,
                                                  participants=row.text("participants"))
                if dates["held_on"]:
                    drill_services.drill_record(actor=actor, drill=drill, held_on=dates["held_on"],
                                                timeline=row.text("timeline"), what_worked=row.text("what_worked"))
                    done += 1
            except DomainError as exc:
                transaction.set_rollback(True)
                raise RowErrors(_("Tệp có 1 dòng sai; chưa lưu dòng nào."), [(row.number, exc.message)]) from exc
            planned += 1
    return {"drills": planned, "done": done}


__all__ = ["DRILL_HEADER", "SUPPLIER_HEADER", "drill_rows", "import_drills", "import_suppliers",
           "import_suppliers_job", "supplier_rows", "Drill"]
