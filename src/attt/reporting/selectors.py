"""Reads of the reporting module: scoped lists, the province dashboard and its drill-downs."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from attt.core import cached, clock, rules
from attt.core.text import fold

from . import charts, figures, sections
from .models import CoverageSnapshot, Report, SystemLayers
from .periods import Period


def snapshot_list(*, user, org=None) -> QuerySet[CoverageSnapshot]:
    qs = CoverageSnapshot.objects.visible_to(user).select_related("organisation")
    if org is not None:
        qs = qs.filter(organisation__path__startswith=org.path)
    return qs.order_by("organisation__path", "-as_of")


def snapshot_get(*, user, pk: int) -> CoverageSnapshot:
    return get_object_or_404(CoverageSnapshot.objects.visible_to(user).select_related("organisation"), pk=pk)


def layers_list(*, user) -> QuerySet[SystemLayers]:
    return SystemLayers.objects.visible_to(user).select_related("system", "system__owner").order_by("system__name", "-as_of")


def report_list(*, user, period: Period | None = None, kind: str = "") -> QuerySet[Report]:
    qs = (Report.objects.visible_to(user).select_related("organisation", "submitted_by")
          .defer("figures", "summary", "difficulties", "proposals", "recipients"))
    if period is not None:
        qs = qs.filter(year=period.year, quarter=period.quarter)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "-quarter", "organisation__path", "-version")


def report_get(*, user, pk: int) -> Report:
    return get_object_or_404(Report.objects.visible_to(user).select_related("organisation", "submitted_by", "previous"),
                             pk=pk)


def report_history(report: Report) -> list[Report]:
    return list(Report.objects.filter(organisation=report.organisation, kind=report.kind, year=report.year,
                                      quarter=report.quarter).defer("figures").order_by("-version"))


def user_province(user):
    """The province whose dashboard the user may read, or 404."""
    from attt.orgs.models import Organisation

    if user.is_superuser:
        province = Organisation.objects.filter(kind=Organisation.Kind.PROVINCE, valid_to__isnull=True).order_by("pk").first()
    else:
        paths = user.scope_paths(roles=rules.roles_for("dashboard.view"))
        ids = [int(p.strip("/").split("/")[0]) for p in paths if p.strip("/")]
        province = Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.PROVINCE).order_by("pk").first()
    if province is None:
        raise Http404
    return province


def reporting_unit_of(user):
    """The user's own reporting unit (a direct child of its province), for the 'my report' button."""
    membership = user.primary_membership()
    if membership is None:
        return None
    org = membership.organisation
    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    if len(ids) < 2:
        return None
    from attt.orgs.models import Organisation

    return Organisation.objects.filter(pk=ids[1]).first()


@dataclass
class Ratio:
    key: str
    label: str
    n: int
    d: int

    @property
    def pct(self):
        return round(100 * self.n / self.d, 1) if self.d else None

    @property
    def text(self) -> str:
        return f"{self.n}/{self.d} {self.label}"


@dataclass
class Dashboard:
    province: object
    period: Period
    units: list
    total: dict
    ratios: list[Ratio]
    submissions: dict
    approval: Ratio | None
    controls: object
    overdue_duties: dict | None
    overdue_tasks: dict | None
    incidents: list | None
    open_warnings: dict | None
    scorecard: list
    budget: dict
    kinds: list = field(default_factory=list)
    soc_sources: dict = field(default_factory=dict)
    vulns: dict = field(default_factory=dict)   # the vulnerabilities section's figures, by key
    drills: dict = field(default_factory=dict)  # the preparedness section's figures, by key
    user: object = None
    charts: dict = field(default_factory=dict)


def _soc_sources(units) -> dict:
    """How many units' systems / SOC figures come from the inventory, from typed snapshots, or
    from their submitted report."""
    out: dict[str, int] = {}
    for uf in units:
        label = uf.extra.get("systems_source", "")
        out[label] = out.get(label, 0) + 1
    return out


def _score(uf, approval, today, due) -> tuple[float | None, dict]:
    parts = {}
    for key in ("antimalware", "licensed_os", "soc", "trained"):
        n, d, share = figures.ratio(uf.values, key)
        if share is not None:
            parts[key] = share
    if approval and approval[1]:
        parts["approval"] = approval[0] / approval[1]
    if uf.report is not None:
        parts["report"] = 1.0 if uf.on_time else 0.5
    elif today > due:
        parts["report"] = 0.0
    score = round(100 * sum(parts.values()) / len(parts), 1) if parts else None
    return score, parts


# The dashboard's figures, computed once and kept in the shared cache until the data changes
# (attt.core.cached: the key holds the head of the audit chain).
def _dashboard_key(user, province, period: Period) -> str:
    scope = "*" if user.is_superuser else ",".join(user.scope_paths(roles=rules.roles_for("dashboard.view")))
    return cached.key("dashboard", province.pk, period.code, scope)


@dataclass(frozen=True)
class DashboardKey:
    province: object
    text: str


def dashboard_key(*, user, period: Period) -> DashboardKey:
    """The province whose dashboard `user` reads and the key its figures are kept under; refuses
    a user who may not read a dashboard."""
    rules.require(user, "dashboard.view")
    province = user_province(user)
    return DashboardKey(province, _dashboard_key(user, province, period))


def dashboard(*, user, period: Period) -> Dashboard:
    """The province dashboard for `user`, from the shared cache when nothing changed since."""
    rules.require(user, "dashboard.view")
    province = user_province(user)
    key = _dashboard_key(user, province, period)
    board = cache.get(key)
    if board is None:
        board = _dashboard(user=user, province=province, period=period)
        board.user = None  # not cached: the copy is pickled here
        cache.set(key, board, cached.TTL)
    board.user = user
    return board


SCORECARD_PAGE = 50


def scorecard_rows(board: Dashboard, *, query: str = "", order: str = "") -> list[dict]:
    """The scorecard rows to show: lowest scores first (units without a score first of all) unless
    `order` is "best", filtered by a folded unit-name search. The page shows `SCORECARD_PAGE` of them."""
    rows = board.scorecard
    terms = fold(query or "").split()
    if terms:
        rows = [r for r in rows if all(t in fold(r["unit"].name) for t in terms)]
    if order != "best":
        rows = sorted(rows, key=lambda r: (r["score"] is not None, r["score"] or 0, r["unit"].name))
    return rows


def _dashboard(*, user, province, period: Period) -> Dashboard:
    today = clock.today()
    due = period.unit_due(province)
    units = figures.province_units(province, period, user=user)
    total = figures.total_of(units)
    ratios = [Ratio(key, label, *figures.ratio(total, key)[:2]) for key, _n, _d, label in figures.RATIOS]
    submitted = [u for u in units if u.submitted]
    missing = [u for u in units if not u.submitted]
    submissions = {"expected": len(units), "submitted": len(submitted), "on_time": sum(1 for u in units if u.on_time),
                   "missing": missing, "due": due, "overdue": today > due}
    by_unit_approval = sections.get("systems").by_unit(province, period, user)
    approved = sum(a for a, _o in by_unit_approval.values())
    operating = sum(o for _a, o in by_unit_approval.values())
    approval = Ratio("approval", _("hệ thống đang vận hành đã được phê duyệt cấp độ"), approved, operating)
    # Its lazy rows (the report's table) are not shown here, and the board is cached (pickled).
    controls = dataclasses.replace(sections.get("controls").provide(province, period, user), rows=None)
    compliance = sections.get("controls").by_unit(province, period, user)
    scorecard = []
    for uf in units:
        score, parts = _score(uf, by_unit_approval.get(uf.unit.pk), today, due)
        scorecard.append({"unit": uf.unit, "score": score, "parts": parts, "uf": uf})
    scorecard.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), row["unit"].name))
    overdue_duties = sections.get("duties").by_unit(province, period, user)
    overdue_tasks = sections.get("tasks").by_unit(province, period, user)
    open_warnings = sections.get("warnings").by_unit(province, period, user)
    overdue_findings = sections.get("vulnerabilities").by_unit(province, period, user)
    for rank, row in enumerate(scorecard, start=1):
        row["rank"] = rank
        row["duties"] = overdue_duties.get(row["unit"].pk, 0)
        row["tasks"] = overdue_tasks.get(row["unit"].pk, 0)
        row["warnings"] = open_warnings.get(row["unit"].pk, 0)
        row["findings"] = overdue_findings.get(row["unit"].pk, 0)
        row["compliance"] = compliance.get(row["unit"].pk)
        row["systems_source"] = row["uf"].extra.get("systems_source", "")
    board = Dashboard(
        province=province, period=period, units=units, total=total, ratios=ratios, submissions=submissions,
        approval=approval, controls=controls,
        overdue_duties=overdue_duties, overdue_tasks=overdue_tasks,
        incidents=sections.get("incidents").series(province, period, user), open_warnings=open_warnings,
        scorecard=scorecard, budget=figures.budget_check(total, period.end),
        kinds=figures.by_kind(province, min(period.end, today), user=user), user=user)
    board.soc_sources = _soc_sources(units)
    # The same figures as the periodic reports' sections (one definition each).
    for name, code in (("vulns", "vulnerabilities"), ("drills", "preparedness")):
        section = sections.get(code)
        setattr(board, name, {k: v for k, _label, v in (section.dashboard or section.provide)(province, period, user).figures})
    board.charts["coverage"] = charts.coverage_chart(total, title=_("Tỉ lệ bao phủ toàn tỉnh (%)"))
    trend = []
    quarter = period if not period.is_annual else Period(period.year, 4)
    quarters = [quarter]
    while len(quarters) < 4:
        quarters.append(quarters[-1].previous())
    for q in reversed(quarters):
        t = figures.subtree_totals(province, min(q.end, today))
        n, d, share = figures.ratio(t, "antimalware")
        trend.append((f"Q{q.quarter}/{q.year}", round(100 * share, 1) if share is not None else 0))
    board.charts["trend"] = charts.Chart("line", _("Máy tính có phòng chống mã độc tập trung qua các quý (%)"),
                                         trend, unit="%", max_value=100)
    if board.incidents:
        board.charts["incidents"] = charts.Chart("line", _("Sự cố theo tháng"), board.incidents, unit="")
    ranked = [r for r in scorecard if r["score"] is not None]
    if ranked:
        shown = ranked[:10]
        board.charts["scorecard"] = charts.Chart("bar", _("Điểm của các đơn vị dẫn đầu"),
                                                 [(r["unit"].name, r["score"]) for r in shown], unit="",
                                                 max_value=100)
    return board


def kind_figure_rows(*, board: Dashboard, key: str, kind: str) -> tuple[str, list[dict]]:
    """The organisations of one kind behind a cell of the table by kind of body: the same rows
    (`figures.org_values`) the table sums, so the drill-down adds up to the cell."""
    from attt.orgs.models import Organisation

    if key not in figures.RATIO_BY_KEY:
        raise Http404
    _k, _num, _den, label = figures.RATIO_BY_KEY[key]
    on = min(board.period.end, clock.today())
    values = {oid: (as_of, v, source) for oid, _path, as_of, v, source
              in figures.org_values(board.province.path, on, user=board.user)}
    orgs = Organisation.objects.filter(pk__in=values, kind=kind).only("id", "name", "kind", "path")
    rows = []
    for org in orgs:
        as_of, v, source = values[org.pk]
        n, d, share = figures.ratio(v, key)
        rows.append({"unit": org, "n": n, "d": d, "pct": round(100 * share, 1) if share is not None else None,
                     "uf": None, "as_of": as_of, "source": str(figures.SOURCE_LABELS[source])})
    kind_label = dict(Organisation.Kind.choices).get(kind, kind)
    return f"{label} · {kind_label}", rows


def figure_rows(*, board: Dashboard, key: str) -> tuple[str, list[dict]]:
    """The units behind one dashboard figure: numerator, denominator, share, and where the
    figure came from."""
    if key in figures.RATIO_BY_KEY:
        _k, num, den, label = figures.RATIO_BY_KEY[key]
        rows = []
        for uf in board.units:
            n, d, share = figures.ratio(uf.values, key)
            rows.append({"unit": uf.unit, "n": n, "d": d, "pct": round(100 * share, 1) if share is not None else None,
                         "uf": uf})
        return label, rows
    if key == "approval":
        by_unit = sections.get("systems").by_unit(board.province, board.period, board.user)
        rows = []
        for uf in board.units:
            a, o = by_unit.get(uf.unit.pk, (0, 0))
            rows.append({"unit": uf.unit, "n": a, "d": o, "pct": round(100 * a / o, 1) if o else None, "uf": uf})
        return str(board.approval.label), rows
    if key == "submissions":
        rows = [{"unit": uf.unit, "n": int(uf.submitted), "d": 1, "pct": 100.0 if uf.submitted else 0.0, "uf": uf}
                for uf in board.units]
        return _("đơn vị đã gửi báo cáo"), rows
    raise Http404
