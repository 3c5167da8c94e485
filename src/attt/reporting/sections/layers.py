"""The four-layer protection model of each system of the subtree, as of the period's end."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ..models import SystemLayers
from . import Section, SectionData, register

LAYER_LABELS = [
    ("onsite_force", _l("Lớp 1: lực lượng tại chỗ")),
    ("professional_monitoring", _l("Lớp 2: giám sát, bảo vệ chuyên nghiệp (SOC)")),
    ("independent_inspection", _l("Lớp 3: kiểm tra, đánh giá độc lập")),
    ("national_connection", _l("Lớp 4: kết nối với Trung tâm giám sát quốc gia")),
]
COLUMNS = (_l("Hệ thống"), _l("Tại ngày"), *[label for _k, label in LAYER_LABELS], _l("Đơn vị giám sát"))


def latest(org, on):
    qs = (SystemLayers.objects.filter(system__owner__path__startswith=org.path, as_of__lte=on)
          .order_by("system_id", "-as_of")
          .values_list("system_id", "system__name", "as_of", *SystemLayers.LAYERS, "monitoring_provider"))
    last = None
    for row in qs.iterator(chunk_size=2000):
        if row[0] != last:
            last = row[0]
            yield row


def provide(org, period, user) -> SectionData:
    rows, counts, full = [], {k: 0 for k, _l2 in LAYER_LABELS}, 0
    for row in latest(org, period.end):
        flags = row[3:7]
        for (key, _label), flag in zip(LAYER_LABELS, flags):
            counts[key] += bool(flag)
        full += all(flags)
        rows.append([row[1], row[2].strftime("%d/%m/%Y"), *[_("Có") if f else _("Không") for f in flags], row[7]])
    figs = [("systems_assessed", _("Hệ thống đã đánh giá mô hình 4 lớp"), len(rows))]
    figs += [(key, str(label), counts[key]) for key, label in LAYER_LABELS]
    figs.append(("all_four", _("Hệ thống đủ cả 4 lớp"), full))
    note = "" if rows else _("Chưa có hệ thống nào được đánh giá theo mô hình 4 lớp.")
    return SectionData(figures=figs, rows=rows, note=note)


SECTION = register(Section("layers", _l("Mô hình bảo vệ 4 lớp"), 45, COLUMNS, provide))
