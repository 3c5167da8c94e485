"""Coverage figures of a unit's subtree: the newest snapshot of each organisation as of the
period's end, summed; the budget share checked against the regime's minimum. The number of
systems and of SOC-monitored systems come from the systems inventory when the subtree has
registered operating systems; the typed snapshot figures are only the fallback, and the
section says which source it used."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from .. import charts, figures
from ..models import COVERAGE_FIELDS
from . import UNIT, Section, SectionData, register

COLUMNS = (_l("Đơn vị"), _l("Số liệu tại ngày"), *[label for _f, label, _d in COVERAGE_FIELDS])


def provide(org, period, user) -> SectionData:
    from attt.orgs.models import Organisation

    total = figures.zero()
    snapshots = list(figures.org_values(org.path, period.end, user=user))
    names = dict(Organisation.objects.filter(pk__in=[s[0] for s in snapshots]).values_list("pk", "name"))
    rows, sources = [], set()
    for oid, _path, as_of, values, source in snapshots:
        figures.add(total, values)
        sources.add(source)
        rows.append([names.get(oid, ""), as_of.strftime("%d/%m/%Y") if as_of else "",
                     *[int(values[f]) for f, _l2, _d in COVERAGE_FIELDS]])
    check = figures.budget_check(total, period.end)
    figs = [(name, label, total[name]) for name, label, _d in COVERAGE_FIELDS]
    figs.append(("systems_source", _("Nguồn số hệ thống, số được giám sát SOC"), figures.source_of(sources)))
    figs.append(("budget_share", _("Tỉ lệ kinh phí ATTT trên kinh phí CNTT (%)"), check["share"]))
    figs.append(("budget_min_share", _("Tỉ lệ tối thiểu theo quy định (%)"), check["min"]))
    note = "" if snapshots else _("Đơn vị chưa nhập số liệu bao phủ nào đến ngày %(d)s.") % {
        "d": period.end.strftime("%d/%m/%Y")}
    if check["ok"] is False:
        note = _("Kinh phí ATTT (%(s)s%%) thấp hơn mức tối thiểu %(m)s%% (%(src)s).") % {
            "s": check["share"], "m": check["min"], "src": check["source"]}
    return SectionData(figures=figs, rows=rows, note=note)


def chart(section_json: dict):
    values = {k: v for k, _label, v in section_json.get("figures", [])}
    return charts.coverage_chart(values, title=_("Tỉ lệ bao phủ (%)"))


SECTION = register(Section("coverage", _l("Số liệu bao phủ: máy tính, hệ thống, nhân lực, kinh phí"), 30, COLUMNS,
                           provide, scopes=(UNIT,), chart=chart))
