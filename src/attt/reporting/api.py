"""JSON API of the reporting module: coverage snapshots, periodic reports, dashboard figures."""
from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from attt.core.schemas import JsonDate, StrictIn
from attt.core import rules
from attt.core.errors import DomainError

from . import periods, selectors, services
from .models import COVERAGE_NAMES, CoverageSnapshot, Report

router = Router(tags=["reporting"])


class SnapshotOut(Schema):
    id: int
    organisation_id: int
    as_of: dt.date
    computers_total: int
    computers_antimalware: int
    computers_licensed_os: int
    systems_total: int
    systems_soc: int
    staff_security: int
    staff_trained: int
    trainings_held: int
    drills_held: int
    it_plans: int
    it_budget_total: int
    security_budget: int
    source: str
    note: str


class SnapshotIn(StrictIn):
    organisation_id: int
    as_of: JsonDate
    computers_total: int = 0
    computers_antimalware: int = 0
    computers_licensed_os: int = 0
    systems_total: int = 0
    systems_soc: int = 0
    staff_security: int = 0
    staff_trained: int = 0
    trainings_held: int = 0
    drills_held: int = 0
    it_plans: int = 0
    it_budget_total: int = 0
    security_budget: int = 0
    note: str = ""


class ReportOut(Schema):
    id: int
    organisation_id: int
    kind: str
    period: str
    version: int
    status: str
    due_date: dt.date
    submitted_at: dt.datetime | None
    generated_at: dt.datetime | None
    previous_id: int | None

    @staticmethod
    def resolve_period(obj):
        return obj.period.code


class ReportDetailOut(ReportOut):
    summary: str
    difficulties: str
    proposals: str
    figures: dict


class ReportIn(StrictIn):
    organisation_id: int
    period: str
    kind: str = "unit"


class RatioOut(Schema):
    key: str
    label: str
    numerator: int
    denominator: int
    percent: float | None


class UnitScoreOut(Schema):
    organisation_id: int
    name: str
    rank: int
    score: float | None
    submitted: bool


class DashboardOut(Schema):
    province_id: int
    period: str
    ratios: list[RatioOut]
    units_expected: int
    units_submitted: int
    units_on_time: int
    totals: dict
    scorecard: list[UnitScoreOut]


def _period(text: str) -> periods.Period:
    try:
        return periods.parse(text)
    except periods.PeriodError as exc:
        raise DomainError(str(exc), field="period") from None


@router.get("/reports/coverage", response=list[SnapshotOut], summary="Số liệu bao phủ")
@paginate
def coverage_list(request, organisation_id: int | None = None):
    rules.require(request.auth, "coverage.view")
    org = None
    if organisation_id is not None:
        from attt.orgs.selectors import org_get

        org = org_get(user=request.auth, pk=organisation_id)
    return selectors.snapshot_list(user=request.auth, org=org)


@router.post("/reports/coverage", response={201: SnapshotOut}, summary="Nhập một bản số liệu bao phủ")
def coverage_create(request, payload: SnapshotIn):
    from attt.orgs.selectors import org_get

    org = org_get(user=request.auth, pk=payload.organisation_id)
    snap = services.snapshot_create(actor=request.auth, organisation=org, as_of=payload.as_of,
                                    values={n: getattr(payload, n) for n in COVERAGE_NAMES}, note=payload.note,
                                    source=CoverageSnapshot.Source.API)
    return Status(201, snap)


@router.get("/reports/coverage/{snapshot_id}", response=SnapshotOut, summary="Chi tiết số liệu bao phủ")
def coverage_detail(request, snapshot_id: int):
    return selectors.snapshot_get(user=request.auth, pk=snapshot_id)


@router.get("/reports/dashboard", response=DashboardOut, summary="Số liệu bảng điều khiển của tỉnh")
def dashboard_figures(request, period: str):
    board = selectors.dashboard(user=request.auth, period=_period(period))
    ratios = [{"key": r.key, "label": r.label, "numerator": r.n, "denominator": r.d, "percent": r.pct}
              for r in [*board.ratios, board.approval]]
    return {"province_id": board.province.pk, "period": board.period.code, "ratios": ratios,
            "units_expected": board.submissions["expected"], "units_submitted": board.submissions["submitted"],
            "units_on_time": board.submissions["on_time"], "totals": board.total,
            "scorecard": [{"organisation_id": r["unit"].pk, "name": r["unit"].name, "rank": r["rank"],
                           "score": r["score"], "submitted": r["uf"].submitted} for r in board.scorecard]}


@router.get("/reports", response=list[ReportOut], summary="Báo cáo định kỳ")
@paginate
def report_list(request, period: str = "", kind: str = ""):
    rules.require(request.auth, "report.view")
    return selectors.report_list(user=request.auth, period=_period(period) if period else None,
                                 kind=kind if kind in Report.Kind.values else "")


@router.post("/reports", response={201: ReportDetailOut}, summary="Lập (hoặc mở) dự thảo báo cáo, điền sẵn số liệu")
def report_create(request, payload: ReportIn):
    from attt.orgs.selectors import org_get

    org = org_get(user=request.auth, pk=payload.organisation_id)
    kind = Report.Kind.PROVINCE if payload.kind == "province" else Report.Kind.UNIT
    report = services.report_create(actor=request.auth, organisation=org, period=_period(payload.period), kind=kind)
    return Status(201, report)


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="Chi tiết báo cáo")
def report_detail(request, report_id: int):
    return selectors.report_get(user=request.auth, pk=report_id)


@router.post("/reports/{report_id}/submit", response=ReportOut, summary="Gửi báo cáo")
def report_submit(request, report_id: int):
    report = selectors.report_get(user=request.auth, pk=report_id)
    return services.report_submit(actor=request.auth, report=report)


@router.post("/reports/{report_id}/regenerate", response=ReportDetailOut, summary="Lấy lại số liệu (tổng hợp lại)")
def report_regenerate(request, report_id: int):
    report = get_object_or_404(Report.objects.visible_to(request.auth), pk=report_id)
    return services.report_generate(actor=request.auth, report=report)
