"""Coverage arithmetic: the latest snapshot of each organisation as of a day, summed over a
subtree; the province picture per reporting unit (its submitted report, else live figures)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from attt.core import dates

from . import rulesdata
from .models import COVERAGE_NAMES, CoverageSnapshot, Report
from .periods import Period

RATIOS = [
    # key, numerator, denominator, label (format: "31/812 máy tính ...")
    ("antimalware", "computers_antimalware", "computers_total", "máy tính được cài phòng chống mã độc tập trung"),
    ("licensed_os", "computers_licensed_os", "computers_total", "máy tính dùng hệ điều hành có bản quyền"),
    ("soc", "systems_soc", "systems_total", "hệ thống được giám sát SOC"),
    ("trained", "staff_trained", "staff_security", "cán bộ ATTT đã được đào tạo"),
    ("budget", "security_budget", "it_budget_total", "kinh phí CNTT dành cho ATTT"),
]
RATIO_BY_KEY = {r[0]: r for r in RATIOS}

# Where the systems / SOC figures of a unit come from.
INVENTORY, SNAPSHOT, REPORT, MIXED = "inventory", "snapshot", "report", "mixed"
SOURCE_LABELS = {INVENTORY: _("Danh mục hệ thống"), SNAPSHOT: _("Số liệu nhập (đơn vị chưa đăng ký hệ thống)"),
                 REPORT: _("Báo cáo đã gửi"),
                 MIXED: _("Danh mục hệ thống, và số liệu nhập của đơn vị trực thuộc chưa đăng ký hệ thống")}


def apply_inventory(values: dict, inventory: dict) -> str:
    """Replace the typed systems_total / systems_soc by the inventory's operating systems and
    SOC-monitored ones when the organisation registered operating systems. Returns the source used."""
    if inventory.get("operating"):
        values["systems_total"], values["systems_soc"] = inventory["operating"], inventory["soc"]
        return INVENTORY
    return SNAPSHOT


def org_values(path_prefix: str, on: dt.date, *, user):
    """(organisation_id, path, as_of, values, source) for every organisation of the subtree that
    has a snapshot or owns operating systems: its newest snapshot as of `on`, with the number of
    systems and of SOC-monitored ones taken from the inventory when it registered operating
    systems. This is the one definition of every coverage figure: a unit, a kind of body and the
    province are sums of these rows, so the card, the table, the drill-down and the report agree."""
    from .sections.systems import inventory_by_owner

    inventory = inventory_by_owner(path_prefix, user)
    for oid, path, as_of, values in latest_snapshots(path_prefix, on):
        inv = inventory.pop(oid, None)
        yield oid, path, as_of, values, apply_inventory(values, inv or {})
    for oid, inv in inventory.items():  # systems registered, no coverage typed yet
        values = zero()
        yield oid, inv["path"], None, values, apply_inventory(values, inv)


def source_of(sources: set[str]) -> str:
    """The source label of a sum of organisations' figures."""
    if sources == {INVENTORY}:
        return str(SOURCE_LABELS[INVENTORY])
    if INVENTORY in sources:
        return str(SOURCE_LABELS[MIXED])
    return str(SOURCE_LABELS[SNAPSHOT])


def zero() -> dict:
    return {name: 0 for name in COVERAGE_NAMES}


def add(total: dict, values: dict) -> dict:
    for name in COVERAGE_NAMES:
        total[name] = total.get(name, 0) + int(values.get(name) or 0)
    return total


def latest_snapshots(path_prefix: str, on: dt.date):
    """(organisation_id, path, as_of, values) of the newest snapshot of each organisation in the
    subtree dated on or before `on`, streamed."""
    qs = (CoverageSnapshot.objects.filter(organisation__path__startswith=path_prefix, as_of__lte=on)
          .order_by("organisation_id", "-as_of")
          .values_list("organisation_id", "organisation__path", "as_of", *COVERAGE_NAMES))
    last = None
    for row in qs.iterator(chunk_size=2000):
        if row[0] == last:
            continue
        last = row[0]
        yield row[0], row[1], row[2], dict(zip(COVERAGE_NAMES, row[3:]))


def subtree_totals(org, on: dt.date) -> dict:
    total = zero()
    for _oid, _path, _as_of, values in latest_snapshots(org.path, on):
        add(total, values)
    return total


def ratio(values: dict, key: str) -> tuple[int, int, float | None]:
    _k, num, den, _label = RATIO_BY_KEY[key]
    n, d = int(values.get(num) or 0), int(values.get(den) or 0)
    return n, d, (n / d if d else None)


def budget_check(values: dict, on: dt.date) -> dict:
    regime = rulesdata.regime_on(on)
    n, d, share = ratio(values, "budget")
    return {"share": None if share is None else round(100 * share, 2), "min": regime.budget_min_share,
            "ok": None if share is None else 100 * share >= regime.budget_min_share,
            "source": regime.budget_source, "regime": regime.title}


@dataclass
class UnitFigures:
    unit: object
    values: dict
    report: Report | None = None  # the submitted report whose figures are used
    live_as_of: dt.date | None = None
    extra: dict = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return self.report is not None

    @property
    def on_time(self) -> bool:
        return bool(self.report and self.report.submitted_at
                    and dates.local_date(self.report.submitted_at) <= self.report.due_date)


def reporting_units(province):
    from attt.orgs.models import Organisation

    return (Organisation.objects.filter(parent=province, valid_to__isnull=True,
                                        kind__in=rulesdata.reporting_kinds())
            .only("id", "name", "code", "kind", "path", "parent_id").order_by("name"))


def submitted_reports(province, period: Period) -> dict[int, Report]:
    qs = (Report.objects.filter(kind=Report.Kind.UNIT, year=period.year, quarter=period.quarter,
                                status=Report.Status.SUBMITTED, organisation__parent=province)
          .defer("summary", "difficulties", "proposals", "recipients", "correction_reason"))
    return {r.organisation_id: r for r in qs}


def submitted_count(province, period: Period) -> int:
    """How many units submitted their report for the period (what `len(submitted_reports(...))`
    says, counted in SQL without loading the reports and their figures)."""
    return (Report.objects.filter(kind=Report.Kind.UNIT, year=period.year, quarter=period.quarter,
                                  status=Report.Status.SUBMITTED, organisation__parent=province)
            .values("organisation_id").distinct().count())


def province_units(province, period: Period, *, user) -> list[UnitFigures]:
    """One entry per reporting unit: the coverage of its submitted report for the period, or,
    when it has not submitted, the live figures of its subtree (systems and SOC from the
    inventory where the unit registered systems). Province total = their sum."""
    units = list(reporting_units(province))
    reports = submitted_reports(province, period)
    live: dict[int, dict] = {}
    live_dates: dict[int, dt.date] = {}
    live_sources: dict[int, set] = {}
    for _oid, path, as_of, values, source in org_values(province.path, period.end, user=user):
        unit_id = _unit_of(path, province.path)
        if unit_id is None:
            continue
        add(live.setdefault(unit_id, zero()), values)
        live_sources.setdefault(unit_id, set()).add(source)
        if as_of and (unit_id not in live_dates or as_of > live_dates[unit_id]):
            live_dates[unit_id] = as_of
    out = []
    for unit in units:
        report = reports.get(unit.pk)
        if report is not None and (report.figures.get("coverage") or {}).get("available"):
            values = {name: report.figure("coverage", name) for name in COVERAGE_NAMES}
            source = report.figure("coverage", "systems_source", str(SOURCE_LABELS[SNAPSHOT]))
            out.append(UnitFigures(unit, values, report=report, extra={"systems_source": source}))
        else:
            out.append(UnitFigures(unit, live.get(unit.pk, zero()), report=report, live_as_of=live_dates.get(unit.pk),
                                   extra={"systems_source": source_of(live_sources.get(unit.pk, set()))}))
    return out


def _unit_of(path: str, province_path: str) -> int | None:
    rest = path[len(province_path):].strip("/").split("/") if path.startswith(province_path) else []
    return int(rest[0]) if rest and rest[0] else None


def total_of(rows: list[UnitFigures]) -> dict:
    total = zero()
    for row in rows:
        add(total, row.values)
    return total


def fmt_ratio(n: int, d: int) -> str:
    if not d:
        return f"{n}/{d}"
    return f"{n}/{d} ({100 * n / d:.1f}%)".replace(".", ",")


def by_kind(province, on: dt.date, *, user) -> list[dict]:
    """Live coverage of the province by kind of organisation (e.g. the public-service centres:
    "31/812 computers have central anti-malware"), summed from the same organisation rows as the
    units' figures (`org_values`)."""
    from attt.orgs.models import Organisation

    kinds = dict(Organisation.objects.filter(path__startswith=province.path).values_list("pk", "kind"))
    totals: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for oid, _path, _as_of, values, _source in org_values(province.path, on, user=user):
        kind = kinds.get(oid, "")
        add(totals.setdefault(kind, zero()), values)
        counts[kind] = counts.get(kind, 0) + 1
    labels = dict(Organisation.Kind.choices)
    return [{"kind": kind, "label": labels.get(kind, kind), "units": counts[kind], "values": values,
             "ratios": {key: ratio(values, key) for key, *_rest in RATIOS}}
            for kind, values in sorted(totals.items(), key=lambda kv: str(labels.get(kv[0], kv[0])))]
