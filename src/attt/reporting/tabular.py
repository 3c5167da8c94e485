"""Import of coverage snapshots from Excel or CSV: one row per unit and date. Any wrong row:
nothing is saved, and every wrong row is reported."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError, RowErrors
from attt.core.tabular import Row, parse_date, read_table
from attt.core.text import fold

from . import services
from .models import COVERAGE_FIELDS, CoverageSnapshot

COLUMNS = ["unit_code", "as_of", *[f for f, _l, _d in COVERAGE_FIELDS], "note"]
HEADER_VI = ["Mã đơn vị", "Số liệu tại ngày", *[str(label) for _f, label, _d in COVERAGE_FIELDS], "Ghi chú"]
ALIASES = {fold(h).replace(" ", "_"): c for h, c in zip(HEADER_VI, COLUMNS)}


def export_rows(queryset):
    for snap in queryset.select_related("organisation").iterator(chunk_size=1000):
        yield [snap.organisation.code, snap.as_of, *[int(getattr(snap, f)) for f, _l, _d in COVERAGE_FIELDS], snap.note]


IMPORT = "reporting.coverage_import"  # the job kind (attt.core.table_jobs), registered in apps.py


def import_snapshots(*, actor, upload, progress=None) -> dict[str, int]:
    """Save the snapshots of a table (the importer of the job `IMPORT`). Any wrong row: nothing
    is saved, and every wrong row is listed (RowErrors).

    Reading and checking the file happen before the write transaction, which stays short (the
    rows are checked once more inside it, against snapshots others saved meanwhile)."""
    progress = progress or (lambda *a: None)
    rows = read_table(upload, aliases=ALIASES)
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."))
    progress(30, _("Đang kiểm tra %(n)s dòng") % {"n": len(rows)})
    _checked(rows, actor)
    progress(50, _("Đang lưu %(n)s bản số liệu") % {"n": len(rows)})
    with transaction.atomic():
        parsed = _checked(rows, actor)
        for index, (org, as_of, values, note) in enumerate(parsed):
            if index % 100 == 0:
                progress(50 + 45 * index / len(parsed),
                         _("Đang lưu %(i)s/%(n)s bản số liệu") % {"i": index, "n": len(parsed)})
            services.snapshot_create(actor=actor, organisation=org, as_of=as_of, values=values, note=note,
                                     source=CoverageSnapshot.Source.IMPORT)
        audit.record(actor=actor, action="coverage.import", object_type="reporting.coveragesnapshot", object_id="",
                     object_repr=getattr(upload, "name", "")[:300], changes={"created": [0, len(parsed)]})
    return {"created": len(parsed)}


def _checked(rows: list[Row], actor) -> list[tuple]:
    from attt.orgs.models import Organisation

    codes = {row.text("unit_code") for row in rows}
    orgs = {o.code: o for o in Organisation.objects.visible_to(actor).filter(code__in=codes)}
    existing = set(CoverageSnapshot.objects.filter(organisation__in=orgs.values())
                   .values_list("organisation__code", "as_of"))
    errors, parsed, seen = [], [], {}
    for row in rows:
        problems = []
        code = row.text("unit_code")
        org = orgs.get(code)
        if not code:
            problems.append(_("thiếu mã đơn vị"))
        elif org is None:
            problems.append(_("không có đơn vị mã “%(c)s” trong phạm vi của bạn") % {"c": code})
        elif not rules.can(actor, "coverage.enter", org):
            problems.append(_("bạn không có quyền nhập số liệu cho “%(c)s”") % {"c": code})
        try:
            as_of = parse_date(row.values.get("as_of"), field_label=_("Số liệu tại ngày"))
        except ValueError as exc:
            problems.append(str(exc))
            as_of = None
        if as_of is None and not any("ngày" in p for p in problems):
            problems.append(_("thiếu ngày số liệu"))
        values, value_problems = services.clean_values({f: row.values.get(f) for f, _l, _d in COVERAGE_FIELDS})
        problems += value_problems
        if org is not None and as_of is not None:
            problems += services._check_snapshot_target(org, as_of)
            key = (code, as_of)
            if key in existing:
                problems.append(_("đơn vị đã có số liệu ngày %(d)s") % {"d": as_of.strftime("%d/%m/%Y")})
            elif key in seen:
                problems.append(_("trùng với dòng %(n)s") % {"n": seen[key]})
            seen.setdefault(key, row.number)
        if problems:
            errors.append((row.number, "; ".join(problems)))
        else:
            parsed.append((org, as_of, values, row.text("note")))
    if errors:
        raise RowErrors(_("Tệp có %(n)s dòng lỗi; chưa có gì được lưu.") % {"n": len(errors)}, errors)
    return parsed
