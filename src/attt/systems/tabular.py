"""Import and export of the inventory (Excel or CSV). An import with any wrong row saves
nothing and reports every wrong row; rows are matched to existing systems by owner and name."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError, RowErrors
from attt.core.tabular import Row, parse_date, read_table
from attt.core.text import fold
from attt.orgs.models import Organisation

from . import services
from .models import System, SystemProduct

COLUMNS = ["name", "owner_code", "operator_code", "kind", "status", "go_live", "info_types", "personal_subjects",
           "sensitive_subjects", "users_count", "service_maturity", "hosting", "soc_monitored", "soc_provider",
           "central_antimalware", "domains", "addresses", "network_zones", "products", "proposed_level",
           "approved_level", "compliance"]
HEADER_VI = ["Tên hệ thống", "Mã chủ quản", "Mã đơn vị vận hành", "Loại hệ thống", "Trạng thái",
             "Ngày vận hành", "Loại thông tin", "Số chủ thể dữ liệu cá nhân", "Số chủ thể dữ liệu nhạy cảm",
             "Số người sử dụng", "Mức độ dịch vụ công", "Nơi đặt", "Giám sát SOC", "Đơn vị giám sát",
             "Phòng chống mã độc tập trung", "Tên miền", "Địa chỉ IP", "Vùng mạng", "Sản phẩm",
             "Cấp độ đề xuất", "Cấp độ được phê duyệt", "Mức đáp ứng (%)"]
READ_ONLY = {"proposed_level", "approved_level", "compliance"}
ALIASES = {fold(h).replace(" ", "_"): c for h, c in zip(HEADER_VI, COLUMNS)}


def _choices(enum) -> dict[str, str]:
    out = {}
    for value, label in enum.choices:
        out[value] = value
        out[fold(str(label))] = value
    return out


KINDS, STATUSES, HOSTINGS, INFOS = (_choices(System.Kind), _choices(System.Status), _choices(System.Hosting),
                                    _choices(System.Info))
YES = {"co", "x", "yes", "true", "1", "c"}
NO = {"khong", "no", "false", "0", "k", ""}


def export_rows(queryset):
    labels = (dict(System.Kind.choices), dict(System.Status.choices), dict(System.Hosting.choices))
    products: dict[int, list[str]] = {}
    qs = queryset.select_related("owner", "operator")
    for start in range(0, 10**9, 2000):
        chunk = list(qs[start:start + 2000])
        if not chunk:
            break
        products = {}
        for p in SystemProduct.objects.filter(system__in=[s.pk for s in chunk]):
            products.setdefault(p.system_id, []).append(" | ".join((p.vendor, p.product, p.version)))
        for s in chunk:
            yield [s.name, s.owner.code, s.operator.code, str(labels[0].get(s.kind, s.kind)),
                   str(labels[1].get(s.status, s.status)), s.go_live, ", ".join(s.info_labels()),
                   s.personal_subjects, s.sensitive_subjects, s.users_count, s.service_maturity,
                   str(labels[2].get(s.hosting, s.hosting)), "có" if s.soc_monitored else "không", s.soc_provider,
                   "có" if s.central_antimalware else "không", s.domains, s.addresses, s.network_zones,
                   "; ".join(products.get(s.pk, [])), s.proposed_level, s.approved_level,
                   float(s.compliance) if s.compliance is not None else None]


def _int(row: Row, key: str, problems: list, label: str, lo=0, hi=None) -> int:
    text = row.text(key)
    if not text:
        return 0
    try:
        value = int(float(text.replace(".", "").replace(",", ""))) if key != "service_maturity" else int(float(text))
    except ValueError:
        problems.append(_("%(f)s “%(v)s” không phải số") % {"f": label, "v": text})
        return 0
    if value < lo or (hi is not None and value > hi):
        problems.append(_("%(f)s phải từ %(lo)s đến %(hi)s") % {"f": label, "lo": lo, "hi": hi if hi is not None else "…"})
    return value


def _bool(row: Row, key: str, problems: list, label: str) -> bool:
    value = fold(row.text(key))
    if value in YES:
        return True
    if value in NO:
        return False
    problems.append(_("%(f)s “%(v)s” phải là “có” hoặc “không”") % {"f": label, "v": row.text(key)})
    return False


def _validate(rows: list[Row], actor):
    codes = {row.text(k) for row in rows for k in ("owner_code", "operator_code") if row.text(k)}
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    parsed, errors, seen = [], [], {}
    for row in rows:
        problems: list[str] = []
        name = row.text("name")[:255]
        if not name:
            problems.append(_("thiếu tên hệ thống"))
        owner = orgs.get(row.text("owner_code"))
        if owner is None:
            problems.append(_("không có chủ quản mã “%(c)s”") % {"c": row.text("owner_code")})
        operator = orgs.get(row.text("operator_code")) if row.text("operator_code") else owner
        if row.text("operator_code") and operator is None:
            problems.append(_("không có đơn vị vận hành mã “%(c)s”") % {"c": row.text("operator_code")})
        if owner is not None and operator is not None and actor is not None and not (
                rules.can(actor, "system.edit", owner) or rules.can(actor, "system.edit", operator)):
            problems.append(_("bạn không có quyền đăng ký hệ thống cho “%(c)s”") % {"c": owner.code})
        kind = KINDS.get(fold(row.text("kind")) or "internal")
        if kind is None:
            problems.append(_("loại hệ thống “%(v)s” không hợp lệ") % {"v": row.text("kind")})
        status = STATUSES.get(fold(row.text("status")) or "operating")
        if status is None:
            problems.append(_("trạng thái “%(v)s” không hợp lệ") % {"v": row.text("status")})
        hosting = HOSTINGS.get(fold(row.text("hosting")) or "own_dc")
        if hosting is None:
            problems.append(_("nơi đặt “%(v)s” không hợp lệ") % {"v": row.text("hosting")})
        info = []
        for part in [p.strip() for p in row.text("info_types").replace(";", ",").split(",") if p.strip()]:
            value = INFOS.get(fold(part))
            if value is None:
                problems.append(_("loại thông tin “%(v)s” không hợp lệ") % {"v": part})
            else:
                info.append(value)
        try:
            go_live = parse_date(row.values.get("go_live"), field_label=_("Ngày vận hành"))
        except ValueError as exc:
            problems.append(str(exc))
            go_live = None
        item = dict(
            name=name, owner=owner, operator=operator, kind=kind, status=status, hosting=hosting, info_types=info,
            go_live=go_live,
            personal_subjects=_int(row, "personal_subjects", problems, _("Số chủ thể dữ liệu cá nhân")),
            sensitive_subjects=_int(row, "sensitive_subjects", problems, _("Số chủ thể dữ liệu nhạy cảm")),
            users_count=_int(row, "users_count", problems, _("Số người sử dụng")),
            service_maturity=_int(row, "service_maturity", problems, _("Mức độ dịch vụ công"), 0, 4),
            soc_monitored=_bool(row, "soc_monitored", problems, _("Giám sát SOC")),
            central_antimalware=_bool(row, "central_antimalware", problems, _("Phòng chống mã độc tập trung")),
            soc_provider=row.text("soc_provider")[:200], domains=row.text("domains"),
            addresses=row.text("addresses"), network_zones=row.text("network_zones"),
        )
        products = []
        for chunk in [c.strip() for c in row.text("products").split(";") if c.strip()]:
            bits = [b.strip() for b in chunk.split("|")]
            bits = (["", bits[0], ""] if len(bits) == 1 else bits + [""] * (3 - len(bits)))[:3]
            products.append({"vendor": bits[0], "product": bits[1], "version": bits[2]})
        key = (getattr(owner, "pk", None), fold(name))
        if name and key in seen:
            problems.append(_("trùng với dòng %(r)s") % {"r": seen[key]})
        seen.setdefault(key, row.number)
        if problems:
            errors.append((row.number, "; ".join(problems)))
        parsed.append((row.number, item, products))
    return parsed, errors


def _checked(rows: list[Row], actor) -> list:
    parsed, errors = _validate(rows, actor)
    if errors:
        raise RowErrors(_("Tệp có %(n)s dòng lỗi; chưa có gì được lưu.") % {"n": len(errors)}, errors)
    return parsed


def import_systems(*, actor, upload, progress=None) -> dict[str, int]:
    """Create or update systems from a table. Any wrong row: nothing is saved.

    Reading and checking the file happen before the write transaction, which stays short (the
    rows are checked once more inside it, against what others changed meanwhile)."""
    progress = progress or (lambda *a: None)
    if actor is not None:
        rules.require(actor, "system.import")
    rows = read_table(upload, aliases=ALIASES)
    if not rows:
        raise DomainError(_("Tệp không có dòng dữ liệu nào."))
    progress(30, _("Đang kiểm tra %(n)s dòng") % {"n": len(rows)})
    _checked(rows, actor)
    progress(50, _("Đang lưu %(n)s hệ thống") % {"n": len(rows)})
    with transaction.atomic():
        return _save(_checked(rows, actor), actor=actor, upload=upload, progress=progress)


def _save(parsed: list, *, actor, upload, progress) -> dict[str, int]:
    created = updated = 0
    for index, (_number, item, products) in enumerate(parsed):
        if index % 100 == 0:
            progress(50 + 45 * index / len(parsed), _("Đang lưu %(i)s/%(n)s hệ thống") % {"i": index, "n": len(parsed)})
        existing = System.objects.filter(owner=item["owner"], name__iexact=item["name"]).first()
        if existing is None:
            system = services.system_create(actor=actor, **item)
            created += 1
        else:
            system = services.system_update(actor=actor, system=existing, **item)
            updated += 1
        if products:
            services.system_set_products(actor=actor, system=system, products=products)
    audit.record(actor=actor, action="system.import", object_type="systems.system", object_id="",
                 object_repr=getattr(upload, "name", "")[:300],
                 changes={"created": [0, created], "updated": [0, updated]})
    return {"created": created, "updated": updated}
