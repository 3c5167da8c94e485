"""Information systems of the subtree (owned or operated): status, proposed and approved levels."""
from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from .. import charts
from . import Section, SectionData, register
from ._lazy import guarded, guarded_hook, model, subtree, unit_of

COLUMNS = (_l("Tên hệ thống"), _l("Chủ quản"), _l("Đơn vị vận hành"), _l("Loại"), _l("Trạng thái"),
           _l("Cấp độ đề xuất"), _l("Cấp độ được phê duyệt"))


def _systems(org):
    System = model("systems", "System")
    if System is None:
        raise LookupError("systems")
    return System, System.objects.filter(subtree(System, org))


@guarded("Hệ thống thông tin")
def provide(org, period) -> SectionData:
    System, qs = _systems(org)
    operating = qs.filter(status=System.Status.OPERATING)
    agg = qs.aggregate(
        total=Count("pk"),
        operating=Count("pk", filter=Q(status=System.Status.OPERATING)),
        approved=Count("pk", filter=Q(status=System.Status.OPERATING, approved_level__isnull=False)),
        pending=Count("pk", filter=Q(approved_level__isnull=True, proposed_level__isnull=False)),
        unclassified=Count("pk", filter=Q(approved_level__isnull=True, proposed_level__isnull=True)),
    )
    share = round(100 * agg["approved"] / agg["operating"], 1) if agg["operating"] else None
    figs = [("systems_total", _("Tổng số hệ thống thông tin"), agg["total"]),
            ("systems_operating", _("Hệ thống đang vận hành"), agg["operating"]),
            ("systems_approved", _("Hệ thống đang vận hành đã được phê duyệt cấp độ"), agg["approved"]),
            ("approval_share", _("Tỉ lệ hệ thống đang vận hành đã được phê duyệt cấp độ (%)"), share),
            ("systems_pending", _("Hệ thống đã đề xuất, chưa được phê duyệt"), agg["pending"]),
            ("systems_unclassified", _("Hệ thống chưa xác định cấp độ"), agg["unclassified"])]
    levels = dict(operating.filter(approved_level__isnull=False).order_by().values_list("approved_level")
                  .annotate(n=Count("pk")))
    figs += [(f"level_{lvl}", _("Hệ thống cấp độ %(n)s") % {"n": lvl}, levels.get(lvl, 0)) for lvl in range(1, 6)]
    kinds, statuses = dict(System.Kind.choices), dict(System.Status.choices)

    def rows():
        for s in (qs.order_by("owner__path", "name")
                  .values_list("name", "owner__name", "operator__name", "kind", "status", "proposed_level",
                               "approved_level").iterator(chunk_size=2000)):
            yield [s[0], s[1], s[2], str(kinds.get(s[3], s[3])), str(statuses.get(s[4], s[4])), s[5] or "", s[6] or ""]

    return SectionData(figures=figs, rows=rows())


@guarded_hook
def by_unit(province, period) -> dict[int, tuple[int, int]]:
    """{unit_id: (approved, operating)} for operating systems, by the owner's unit."""
    System, qs = _systems(province)
    out: dict[int, list[int]] = {}
    for path, approved in qs.filter(status=System.Status.OPERATING).values_list(
            "owner__path", "approved_level").iterator(chunk_size=5000):
        unit = unit_of(path, province.path)
        if unit is None:
            continue
        counts = out.setdefault(unit, [0, 0])
        counts[1] += 1
        counts[0] += approved is not None
    return {k: (v[0], v[1]) for k, v in out.items()}


def chart(section_json: dict):
    values = {k: v for k, _label, v in section_json.get("figures", [])}
    items = [(_("Cấp độ %(n)s") % {"n": lvl}, values.get(f"level_{lvl}", 0)) for lvl in range(1, 6)]
    if not any(v for _l2, v in items):
        return None
    return charts.Chart("bar", _("Hệ thống đã phê duyệt theo cấp độ"), items, unit="")


SECTION = register(Section("systems", _l("Hệ thống thông tin và cấp độ"), 40, COLUMNS, provide, by_unit=by_unit,
                           chart=chart))
