"""The province's table of its reporting units: each unit's coverage from its submitted report
(or live figures when it has not submitted), whether and when it submitted. Totals are the sum."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import dates

from .. import charts, figures
from ..models import COVERAGE_FIELDS
from . import PROVINCE, Section, SectionData, register

COLUMNS = (_l("Đơn vị"), _l("Đã gửi báo cáo"), _l("Nguồn số liệu"),
           *[label for _f, label, _d in COVERAGE_FIELDS], _l("Nguồn số hệ thống, SOC"))


def provide(org, period, user) -> SectionData:
    rows = figures.province_units(org, period, user=user)
    total = figures.total_of(rows)
    submitted = sum(1 for r in rows if r.submitted)
    on_time = sum(1 for r in rows if r.on_time)
    check = figures.budget_check(total, period.end)
    figs = [("units_expected", _("Đơn vị phải báo cáo"), len(rows)),
            ("units_submitted", _("Đơn vị đã gửi báo cáo"), submitted),
            ("units_on_time", _("Đơn vị gửi đúng hạn"), on_time),
            ("units_missing", _("Đơn vị chưa gửi báo cáo"), len(rows) - submitted)]
    figs += [(name, label, total[name]) for name, label, _d in COVERAGE_FIELDS]
    figs.append(("budget_share", _("Tỉ lệ kinh phí ATTT trên kinh phí CNTT (%)"), check["share"]))
    figs.append(("budget_min_share", _("Tỉ lệ tối thiểu theo quy định (%)"), check["min"]))

    def lines():
        for r in rows:
            if r.report is not None:
                sent = _("Có (lần %(v)s, %(d)s)") % {"v": r.report.version,
                                                     "d": dates.day(r.report.submitted_at)}
            else:
                sent = _("Chưa gửi")
            source = _("Báo cáo đã gửi") if r.report is not None and r.live_as_of is None and r.submitted else (
                _("Số liệu trực tiếp đến %(d)s") % {"d": dates.day(r.live_as_of)} if r.live_as_of
                else _("Chưa có số liệu"))
            yield [r.unit.name, sent, source, *[int(r.values[f]) for f, _l2, _d in COVERAGE_FIELDS],
                   r.extra.get("systems_source", "")]
        yield [_("Tổng cộng"), f"{submitted}/{len(rows)}", "", *[int(total[f]) for f, _l2, _d in COVERAGE_FIELDS], ""]

    return SectionData(figures=figs, rows=lines())


def chart(section_json: dict):
    values = {k: v for k, _label, v in section_json.get("figures", [])}
    return charts.coverage_chart(values, title=_("Tỉ lệ bao phủ toàn tỉnh (%)"))


SECTION = register(Section("province_units", _l("Tổng hợp theo đơn vị"), 20, COLUMNS, provide,
                           scopes=(PROVINCE,), chart=chart))
