"""The systems API: inventory, dossiers (with their workflow actions) and controls."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from attt.core.schemas import JsonDate, StrictIn
from attt.core import rules

from . import selectors, services
from .models import Control

router = Router(tags=["systems"])


class ProductOut(Schema):
    vendor: str
    product: str
    version: str


class SystemOut(Schema):
    id: int
    name: str
    owner_id: int
    owner_name: str
    operator_id: int
    operator_name: str
    kind: str
    status: str
    go_live: dt.date | None
    regime_code: str
    parent_id: int | None
    info_types: list[str]
    personal_subjects: int
    sensitive_subjects: int
    users_count: int
    service_maturity: int
    hosting: str
    domains: str
    soc_monitored: bool
    soc_provider: str
    central_antimalware: bool
    proposed_level: int | None
    approved_level: int | None
    compliance: Decimal | None
    plan_complete: bool

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_operator_name(obj):
        return obj.operator.name


class SystemDetailOut(SystemOut):
    products: list[ProductOut]

    @staticmethod
    def resolve_products(obj):
        return list(obj.products.all())


class StepOut(Schema):
    state: str
    started_on: dt.date
    due_on: dt.date | None
    finished_on: dt.date | None
    clock_label: str
    overdue: bool


class DossierOut(Schema):
    id: int
    system_id: int
    system_name: str
    regime_code: str
    regime_version: int
    state: str
    level: int
    criteria_level: int
    deciding_criteria: list[str]
    explanation: str
    step_started: dt.date | None
    step_due: dt.date | None
    overdue: bool
    decision_number: str
    decision_date: dt.date | None

    @staticmethod
    def resolve_system_name(obj):
        return obj.system.name


class DossierDetailOut(DossierOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class ControlOut(Schema):
    id: int
    system_id: int
    requirement_id: str
    level: int
    group: str
    category: str
    title: str
    clause: str
    status: str
    responsible: str
    notes: str
    na_reason: str


class ControlIn(StrictIn):
    status: str
    responsible: str = ""
    notes: str = ""
    na_reason: str = ""


class ReturnIn(StrictIn):
    comments: dict[str, str]


class NoteIn(StrictIn):
    note: str = ""


class ApproveIn(StrictIn):
    decision_number: str
    decision_date: JsonDate | None = None
    approver_title: str = ""


class RejectIn(StrictIn):
    reason: str


@router.get("/systems", response=list[SystemOut], summary="Danh sách hệ thống thông tin")
@paginate
def system_list(request, q: str = "", level: str = "", status: str = "", approval: str = ""):
    rules.require(request.auth, "system.view")
    return selectors.system_list(user=request.auth, query=q[:200], level=level[:1], status=status, approval=approval)


@router.get("/systems/{system_id}", response=SystemDetailOut, summary="Chi tiết hệ thống")
def system_detail(request, system_id: int):
    return selectors.system_get(user=request.auth, pk=system_id)


@router.get("/systems/{system_id}/controls", response=list[ControlOut], summary="Danh mục yêu cầu của hệ thống")
def system_controls(request, system_id: int):
    system = selectors.system_get(user=request.auth, pk=system_id)
    return list(system.controls.filter(active=True).order_by("position", "id"))


@router.patch("/controls/{control_id}", response=ControlOut, summary="Cập nhật tình trạng một yêu cầu")
def control_update(request, control_id: int, payload: ControlIn):
    control = selectors.control_get(user=request.auth, pk=control_id)
    return services.control_update(actor=request.auth, control=control, **payload.dict())


@router.get("/dossiers", response=list[DossierOut], summary="Hồ sơ đề xuất cấp độ")
@paginate
def dossier_list(request, state: str = "", overdue: bool = False):
    rules.require(request.auth, "dossier.view")
    return selectors.dossier_list(user=request.auth, state=state, overdue=overdue)


@router.get("/dossiers/{dossier_id}", response=DossierDetailOut, summary="Chi tiết hồ sơ")
def dossier_detail(request, dossier_id: int):
    return selectors.dossier_get(user=request.auth, pk=dossier_id)


@router.post("/dossiers/{dossier_id}/submit", response=DossierOut, summary="Nộp hồ sơ")
def dossier_submit(request, dossier_id: int):
    dossier = selectors.dossier_get(user=request.auth, pk=dossier_id)
    return services.dossier_submit(actor=request.auth, dossier=dossier)


@router.post("/dossiers/{dossier_id}/receive", response=DossierOut, summary="Tiếp nhận hồ sơ")
def dossier_receive(request, dossier_id: int, payload: NoteIn | None = None):
    dossier = selectors.dossier_get(user=request.auth, pk=dossier_id)
    return services.dossier_receive(actor=request.auth, dossier=dossier, note=payload.note if payload else "")


@router.post("/dossiers/{dossier_id}/return", response=DossierOut, summary="Trả lại hồ sơ kèm nhận xét")
def dossier_return(request, dossier_id: int, payload: ReturnIn):
    dossier = selectors.dossier_get(user=request.auth, pk=dossier_id)
    return services.dossier_return(actor=request.auth, dossier=dossier, comments=payload.comments)


@router.post("/dossiers/{dossier_id}/appraise", response=DossierOut, summary="Ghi kết quả thẩm định")
def dossier_appraise(request, dossier_id: int, payload: NoteIn | None = None):
    dossier = selectors.dossier_get(user=request.auth, pk=dossier_id)
    return services.dossier_appraise(actor=request.auth, dossier=dossier, note=payload.note if payload else "")


@router.post("/dossiers/{dossier_id}/approve", response=DossierOut, summary="Phê duyệt cấp độ")
def dossier_approve(request, dossier_id: int, payload: ApproveIn):
    dossier = selectors.dossier_get(user=request.auth, pk=dossier_id)
    return services.dossier_approve(actor=request.auth, dossier=dossier, **payload.dict())


@router.post("/dossiers/{dossier_id}/reject", response=DossierOut, summary="Không phê duyệt")
def dossier_reject(request, dossier_id: int, payload: RejectIn):
    dossier = selectors.dossier_get(user=request.auth, pk=dossier_id)
    return services.dossier_reject(actor=request.auth, dossier=dossier, reason=payload.reason)


class LevelRow(Schema):
    level: int
    approved: int
    proposed: int


class UnitRow(Schema):
    organisation_id: int | None
    organisation_name: str
    total: int
    operating: int
    operating_approved: int
    operating_without: int
    approved_pct: float | None
    plan_pct: float | None
    compliance: float | None
    overdue: int


class OverviewOut(Schema):
    total: int
    operating: int
    operating_approved: int
    operating_without: int
    approved_pct: float | None
    plan_pct: float | None
    compliance: float | None
    overdue_steps: int
    levels: list[LevelRow]
    units: list[UnitRow]


@router.get("/systems-overview", response=OverviewOut, summary="Toàn cảnh cấp độ và mức đáp ứng")
def systems_overview(request, organisation_id: int | None = None):
    rules.require(request.auth, "systems.overview")
    root = None
    if organisation_id is not None:
        from attt.orgs.models import Organisation

        root = get_object_or_404(Organisation.objects.visible_to(request.auth), pk=organisation_id)
    data = selectors.province_overview(user=request.auth, root=root)
    f = data["figures"]
    units = [{"organisation_id": u["org"].pk if u["org"] else None,
              "organisation_name": u["org"].name if u["org"] else "", **{k: u[k] for k in (
                  "total", "operating", "operating_approved", "operating_without", "approved_pct", "plan_pct",
                  "compliance", "overdue")}} for u in data["units"]]
    return {**{k: f[k] for k in ("total", "operating", "operating_approved", "operating_without", "approved_pct",
                                 "plan_pct", "compliance", "overdue_steps")},
            "levels": data["levels"], "units": units}


__all__ = ["Control"]
