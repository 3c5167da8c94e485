"""The API of preparedness: the supplier register (list, detail, create, exposed systems), drill
records (list, detail with findings, plan, record), open drill findings, response plans (read)."""
from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from attt.core import clock, rules
from attt.core.errors import DomainError
from attt.core.schemas import JsonDate, StrictIn
from attt.orgs.models import Organisation

from . import selectors, services

router = Router(tags=["preparedness"])


class SupplierOut(Schema):
    id: int
    organisation_id: int
    name: str
    tax_code: str
    services: str
    contacts: str
    certifications: str
    risk_level: str
    assessed_on: dt.date | None


class SupplierIn(StrictIn):
    organisation_id: int
    name: str
    tax_code: str
    services: str = ""
    contacts: str = ""
    certifications: str = ""


class SystemRef(Schema):
    id: int
    name: str
    owner_id: int


class DrillFindingOut(Schema):
    id: int
    drill_id: int
    description: str
    organisation_id: int
    deadline: dt.date
    status: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue_on(clock.today())


class DrillOut(Schema):
    id: int
    organisation_id: int
    title: str
    scenario: str
    state: str
    planned_on: dt.date
    held_on: dt.date | None
    participants: str
    system_ids: list[int]

    @staticmethod
    def resolve_system_ids(obj):
        return sorted(s.pk for s in obj.systems.all())


class DrillDetailOut(DrillOut):
    timeline: str
    what_worked: str
    findings: list[DrillFindingOut]

    @staticmethod
    def resolve_findings(obj):
        return list(obj.findings.order_by("deadline", "id"))


class DrillIn(StrictIn):
    organisation_id: int
    title: str
    scenario: str
    planned_on: JsonDate
    system_ids: list[int] = []
    participants: str = ""


class FindingIn(StrictIn):
    description: str
    organisation_id: int
    deadline: JsonDate


class DrillRecordIn(StrictIn):
    held_on: JsonDate
    timeline: str = ""
    what_worked: str = ""
    findings: list[FindingIn] = []


class PlanOut(Schema):
    id: int
    organisation_id: int
    title: str
    approved_version: int | None
    approved_on: dt.date | None
    review_due: dt.date | None

    @staticmethod
    def resolve_approved_version(obj):
        return obj.approved_version.number if obj.approved_version_id else None


def _org(request, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.auth), pk=pk)


def _systems(request, ids):
    from attt.systems.models import System

    found = list(System.objects.visible_to(request.auth).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        from django.http import Http404

        raise Http404
    return found


@router.get("/preparedness/suppliers", response=list[SupplierOut], summary="Danh sách nhà cung cấp",
            url_name="preparedness_supplier_list")
@paginate
def supplier_list(request, q: str = ""):
    rules.require(request.auth, "preparedness.view")
    return selectors.suppliers_visible(user=request.auth, query=q[:200])


@router.post("/preparedness/suppliers", response={201: SupplierOut}, summary="Thêm nhà cung cấp",
             url_name="preparedness_supplier_create")
def supplier_create(request, payload: SupplierIn):
    data = payload.dict()
    org = _org(request, data.pop("organisation_id"))
    return Status(201, services.supplier_save(actor=request.auth, organisation=org, data=data))


@router.get("/preparedness/suppliers/{supplier_id}", response=SupplierOut, summary="Chi tiết nhà cung cấp",
            url_name="preparedness_supplier_detail")
def supplier_detail(request, supplier_id: int):
    return selectors.supplier_get(user=request.auth, pk=supplier_id)


@router.get("/preparedness/suppliers/{supplier_id}/exposed-systems", response=list[SystemRef],
            summary="Hệ thống phụ thuộc nhà cung cấp (hợp đồng còn hiệu lực)",
            url_name="preparedness_supplier_exposed")
def supplier_exposed(request, supplier_id: int):
    supplier = selectors.supplier_get(user=request.auth, pk=supplier_id)
    return list(selectors.exposed_systems(user=request.auth, supplier=supplier))


@router.get("/preparedness/drills", response=list[DrillOut], summary="Các cuộc diễn tập",
            url_name="preparedness_drill_list")
@paginate
def drill_list(request, year: int | None = None, q: str = ""):
    rules.require(request.auth, "preparedness.view")
    if year is not None and not 1900 <= year <= 2200:
        raise DomainError(_("Năm không hợp lệ."), field="year")
    return selectors.drills_visible(user=request.auth, year=year, query=q[:200]).prefetch_related("systems")


@router.get("/preparedness/drills/{drill_id}", response=DrillDetailOut, summary="Chi tiết cuộc diễn tập",
            url_name="preparedness_drill_detail")
def drill_detail(request, drill_id: int):
    return selectors.drill_get(user=request.auth, pk=drill_id)


@router.post("/preparedness/drills", response={201: DrillOut}, summary="Lên kế hoạch diễn tập",
             url_name="preparedness_drill_create")
def drill_create(request, payload: DrillIn):
    org = _org(request, payload.organisation_id)
    return Status(201, services.drill_plan(actor=request.auth, organisation=org, title=payload.title,
                                           scenario=payload.scenario, planned_on=payload.planned_on,
                                           systems=_systems(request, payload.system_ids),
                                           participants=payload.participants))


@router.post("/preparedness/drills/{drill_id}/record", response=DrillDetailOut,
             summary="Ghi nhận kết quả diễn tập (phát hiện thành nhiệm vụ khắc phục)",
             url_name="preparedness_drill_record")
def drill_record(request, drill_id: int, payload: DrillRecordIn):
    drill = selectors.drill_get(user=request.auth, pk=drill_id)
    findings = [{"description": f.description, "organisation": _org(request, f.organisation_id),
                 "deadline": f.deadline} for f in payload.findings]
    services.drill_record(actor=request.auth, drill=drill, held_on=payload.held_on, timeline=payload.timeline,
                          what_worked=payload.what_worked, findings=findings)
    return selectors.drill_get(user=request.auth, pk=drill_id)


@router.get("/preparedness/findings", response=list[DrillFindingOut], summary="Phát hiện chưa khắc phục",
            url_name="preparedness_finding_list")
@paginate
def finding_list(request):
    rules.require(request.auth, "preparedness.view")
    return selectors.findings_open(user=request.auth)


@router.get("/preparedness/plans", response=list[PlanOut], summary="Phương án ứng phó sự cố",
            url_name="preparedness_plan_list")
@paginate
def plan_list(request, q: str = ""):
    rules.require(request.auth, "preparedness.view")
    return selectors.plans_visible(user=request.auth, query=q[:200])
