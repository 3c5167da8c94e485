"""Import and export of the organisation tree (Excel or CSV). An import with any wrong row
saves nothing and reports every wrong row."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError, RowErrors
from attt.core.tabular import Row, parse_date, read_table
from attt.core.text import fold

from . import services
from .models import Organisation

COLUMNS = ["code", "name", "short_name", "kind", "parent_code", "admin_code", "incident_phone",
           "incident_email", "address", "valid_from", "valid_to"]
HEADER_VI = ["Mã", "Tên", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Mã hành chính",
             "Điện thoại báo sự cố", "Email báo sự cố", "Địa chỉ", "Hiệu lực từ", "Hiệu lực đến"]
ALIASES = {fold(h).replace(" ", "_"): c for h, c in zip(HEADER_VI, COLUMNS)}
KIND_BY_LABEL = {}
for value, label in Organisation.Kind.choices:
    KIND_BY_LABEL[value] = value
    KIND_BY_LABEL[fold(str(label))] = value


def export_rows(queryset):
    parents = dict(Organisation.objects.filter(pk__in=queryset.values("parent_id")).values_list("pk", "code"))
    for org in queryset.iterator(chunk_size=1000):
        yield [org.code, org.name, org.short_name, org.kind, parents.get(org.parent_id, ""), org.admin_code,
               org.incident_phone, org.incident_email, org.address, org.valid_from, org.valid_to]


def _validate(rows: list[Row], actor) -> tuple[list[dict], list[tuple[int, str]]]:
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    parsed = []
    for row in rows:
        code, name = row.text("code"), row.text("name")
        kind = KIND_BY_LABEL.get(fold(row.text("kind")), "")
        problems = []
        if not code:
            problems.append(_("thiếu mã"))
        elif code in seen:
            problems.append(_("mã “%(code)s” trùng với dòng %(row)s") % {"code": code, "row": seen[code]})
        if not name:
            problems.append(_("thiếu tên"))
        if not kind:
            problems.append(_("loại “%(kind)s” không hợp lệ") % {"kind": row.text("kind")})
        dates = {}
        for key, label in (("valid_from", _("Hiệu lực từ")), ("valid_to", _("Hiệu lực đến"))):
            try:
                dates[key] = parse_date(row.values.get(key), field_label=label)
            except ValueError as exc:
                problems.append(str(exc))
        email = row.text("incident_email")
        if email and ("@" not in email or " " in email):
            problems.append(_("email “%(e)s” không hợp lệ") % {"e": email})
        if problems:
            errors.append((row.number, "; ".join(problems)))
        if code:
            seen.setdefault(code, row.number)
        parsed.append({"row": row.number, "code": code, "name": name, "kind": kind,
                       "parent_code": row.text("parent_code"), "short_name": row.text("short_name"),
                       "admin_code": row.text("admin_code"), "incident_phone": row.text("incident_phone"),
                       "incident_email": email, "address": row.text("address"), **dates})
    # Parents: an existing organisation the actor may manage, or a row of the file, without cycles.
    by_code = {p["code"]: p for p in parsed if p["code"]}
    existing = {o.code: o for o in Organisation.objects.filter(
        code__in=[p["parent_code"] for p in parsed if p["parent_code"]] + list(by_code))}
    for item in parsed:
        parent_code = item["parent_code"]
        if not parent_code:
            if item["code"] not in existing:
                errors.append((item["row"], _("thiếu mã đơn vị cấp trên")))
            continue
        if parent_code not in by_code and parent_code not in existing:
            errors.append((item["row"], _("không có đơn vị cấp trên mã “%(c)s”") % {"c": parent_code}))
            continue
        chain, cursor = {item["code"]}, parent_code
        while cursor in by_code:
            if cursor in chain:
                errors.append((item["row"], _("tạo vòng lặp trong cây tổ chức (%(c)s)") % {"c": cursor}))
                break
            chain.add(cursor)
            cursor = by_code[cursor]["parent_code"]
        parent = existing.get(parent_code)
        if parent is not None and actor is not None and not rules.can(actor, "org.manage", parent):
            errors.append((item["row"], _("bạn không có quyền quản lý “%(c)s”") % {"c": parent_code}))
        target = existing.get(item["code"])
        if target is not None and actor is not None and not rules.can(actor, "org.manage", target):
            errors.append((item["row"], _("bạn không có quyền sửa “%(c)s”") % {"c": item["code"]}))
        if target is not None and parent is not None and parent.path.startswith(target.path):
            errors.append((item["row"], _("tạo vòng lặp trong cây tổ chức (%(c)s)") % {"c": parent_code}))
    errors.sort()
    return parsed, errors


def _checked(rows: list[Row], actor) -> list[dict]:
    parsed, errors = _validate(rows, actor)
    if errors:
        raise RowErrors(_("Tệp có %(n)s dòng lỗi; chưa có gì được lưu.") % {"n": len(errors)}, errors)
    return parsed


def import_tree(*, actor, upload, progress=None) -> dict[str, int]:
    """Create or update organisations from a table. Any wrong row: nothing is saved.

    The file is read and checked before the write transaction opens, so a long parse never holds
    the database's write lock; inside the (short) transaction the rows are checked again against
    what other users may have changed meanwhile, then saved all together."""
    progress = progress or (lambda *a: None)
    if actor is not None:
        rules.require(actor, "org.manage")
    rows = read_table(upload, aliases=ALIASES)
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."))
    progress(30, _("Đang kiểm tra %(n)s dòng") % {"n": len(rows)})
    _checked(rows, actor)
    progress(50, _("Đang lưu %(n)s tổ chức") % {"n": len(rows)})
    with transaction.atomic():
        return _save(_checked(rows, actor), actor=actor, upload=upload)


def _save(parsed: list[dict], *, actor, upload) -> dict[str, int]:
    created = updated = 0
    pending = list(parsed)
    known = {o.code: o for o in Organisation.objects.filter(code__in=[p["code"] for p in parsed] +
                                                             [p["parent_code"] for p in parsed if p["parent_code"]])}
    while pending:  # parents first; validation excluded cycles, so each pass makes progress
        later = []
        for item in pending:
            if item["parent_code"] and item["parent_code"] not in known:
                later.append(item)
                continue
            fields = {k: item[k] for k in ("code", "name", "short_name", "kind", "admin_code", "incident_phone",
                                           "incident_email", "address", "valid_from", "valid_to")}
            parent = known.get(item["parent_code"]) if item["parent_code"] else None
            org = known.get(item["code"])
            if org is None:
                org = services.org_create(actor=actor, parent=parent, **fields)
                created += 1
            else:
                fields.pop("code")
                org = services.org_update(actor=actor, org=org, **fields)
                if parent is not None and org.parent_id != parent.pk:
                    org = services.org_move(actor=actor, org=org, new_parent=parent)
                updated += 1
            known[org.code] = org
        if len(later) == len(pending):  # pragma: no cover - guarded by validation
            raise DomainError(_("Không sắp xếp được cây tổ chức."))
        pending = later
    audit.record(actor=actor, action="org.import", object_type="orgs.organisation", object_id="",
                 object_repr=getattr(upload, "name", "")[:300],
                 changes={"created": [0, created], "updated": [0, updated]})
    return {"created": created, "updated": updated}
