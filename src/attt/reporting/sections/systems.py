"""Information systems of the subtree (by owner, the chủ quản, so that the province total is
the sum of its units): status, levels, approval, and SOC monitoring and central anti-malware as
recorded in the inventory (systems.models.System)."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock
from attt.systems.models import System

from .. import charts
from . import Section, SectionData, register
from ._common import pct, unit_of

COLUMNS = (_l("Tên hệ thống"), _l("Chủ quản"), _l("Đơn vị vận hành"), _l("Loại"), _l("Trạng thái"),
           _l("Cấp độ đề xuất"), _l("Cấp độ được phê duyệt"), _l("Giám sát SOC"), _l("Phòng chống mã độc tập trung"))

OPERATING = Q(status=System.Status.OPERATING)


def under_soc() -> Q:
    """The one definition of a system "under SOC", used by every figure, table, drill-down and
    report: its SOC sent an alert or a heartbeat within the window (ATTT_SOC_WINDOW_DAYS days).
    Measured, not declared: the `soc_monitored` box on the system form says which SOC should."""
    from attt.vulns.models import SocContact
    from attt.vulns.selectors import soc_window_days

    since = clock.now() - dt.timedelta(days=soc_window_days())
    return Q(Exists(SocContact.objects.filter(system_id=OuterRef("pk"), last_seen_at__gte=since)))


def systems_of(org, user):
    """The systems owned within the organisation's subtree that the user may see."""
    return System.objects.visible_to(user).filter(owner__path__startswith=org.path)


def provide(org, period, user) -> SectionData:
    qs = systems_of(org, user)
    agg = qs.aggregate(
        total=Count("pk"),
        operating=Count("pk", filter=OPERATING),
        approved=Count("pk", filter=OPERATING & Q(approved_level__isnull=False)),
        pending=Count("pk", filter=Q(approved_level__isnull=True, proposed_level__isnull=False)),
        unclassified=Count("pk", filter=Q(approved_level__isnull=True, proposed_level__isnull=True)),
        soc=Count("pk", filter=OPERATING & under_soc()),
        antimalware=Count("pk", filter=OPERATING & Q(central_antimalware=True)),
    )
    figs = [("systems_total", _("Tổng số hệ thống thông tin"), agg["total"]),
            ("systems_operating", _("Hệ thống đang vận hành"), agg["operating"]),
            ("systems_approved", _("Hệ thống đang vận hành đã được phê duyệt cấp độ"), agg["approved"]),
            ("approval_share", _("Tỉ lệ hệ thống đang vận hành đã được phê duyệt cấp độ (%)"),
             pct(agg["approved"], agg["operating"])),
            ("systems_operating_without", _("Hệ thống đang vận hành chưa được phê duyệt cấp độ"),
             agg["operating"] - agg["approved"]),
            ("systems_pending", _("Hệ thống đã đề xuất, chưa được phê duyệt"), agg["pending"]),
            ("systems_unclassified", _("Hệ thống chưa xác định cấp độ"), agg["unclassified"]),
            ("systems_soc", _("Hệ thống đang vận hành được giám sát SOC (có tín hiệu SOC gần đây)"), agg["soc"]),
            ("systems_antimalware", _("Hệ thống đang vận hành có phòng chống mã độc tập trung (danh mục hệ thống)"),
             agg["antimalware"])]
    levels = dict(qs.filter(OPERATING, approved_level__isnull=False).order_by().values_list("approved_level")
                  .annotate(n=Count("pk")))
    figs += [(f"level_{lvl}", _("Hệ thống cấp độ %(n)s") % {"n": lvl}, levels.get(lvl, 0)) for lvl in range(1, 6)]
    kinds, statuses = dict(System.Kind.choices), dict(System.Status.choices)
    yes, no = _("Có"), _("Không")

    def rows():
        soc = under_soc().children[0]  # the same Exists(...) as the figures, per row
        for s in (qs.annotate(soc_now=soc).order_by("owner__path", "name", "pk")
                  .values_list("name", "owner__name", "operator__name", "kind", "status", "proposed_level",
                               "approved_level", "soc_now", "central_antimalware").iterator(chunk_size=2000)):
            yield [s[0], s[1], s[2], str(kinds.get(s[3], s[3])), str(statuses.get(s[4], s[4])), s[5] or "",
                   s[6] or "", yes if s[7] else no, yes if s[8] else no]

    return SectionData(figures=figs, rows=rows())


def by_unit(province, period, user) -> dict[int, tuple[int, int]]:
    """{unit_id: (approved, operating)} for operating systems, by the owner's unit."""
    out: dict[int, list[int]] = {}
    rows = (systems_of(province, user).filter(OPERATING).order_by().values("owner__path")
            .annotate(n=Count("pk"), approved=Count("pk", filter=Q(approved_level__isnull=False))))
    for row in rows:
        unit = unit_of(row["owner__path"], province.path)
        if unit is None:
            continue
        counts = out.setdefault(unit, [0, 0])
        counts[0] += row["approved"]
        counts[1] += row["n"]
    return {k: (v[0], v[1]) for k, v in out.items()}


def inventory_by_owner(path_prefix: str, user) -> dict[int, dict]:
    """{owner organisation id: {"operating", "soc", "path"}} for the owners of operating systems in
    the subtree that the user may see: the inventory side of `figures.org_values`."""
    rows = (System.objects.visible_to(user).filter(OPERATING, owner__path__startswith=path_prefix).order_by()
            .values("owner_id", "owner__path").annotate(n=Count("pk"), soc=Count("pk", filter=under_soc())))
    return {r["owner_id"]: {"operating": r["n"], "soc": r["soc"], "path": r["owner__path"]} for r in rows}


def chart(section_json: dict):
    values = {k: v for k, _label, v in section_json.get("figures", [])}
    items = [(_("Cấp độ %(n)s") % {"n": lvl}, values.get(f"level_{lvl}", 0)) for lvl in range(1, 6)]
    if not any(v for _l2, v in items):
        return None
    return charts.Chart("bar", _("Hệ thống đã phê duyệt theo cấp độ"), items, unit="")


SECTION = register(Section("systems", _l("Hệ thống thông tin và cấp độ"), 40, COLUMNS, provide, by_unit=by_unit,
                           chart=chart))
