"""API of the incidents module: incidents (list, detail, report, figures) and warnings (list,
detail, acknowledge)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from attt.core.schemas import JsonDateTime, QueryDate, StrictIn
from attt.core import clock, rules
from attt.core.errors import DomainError

from . import selectors, services
from .models import Incident, WarningTarget

router = Router(tags=["incidents"])


class ClockOut(Schema):
    id: str
    title: str
    due: dt.datetime | None
    met_at: dt.datetime | None
    state: str


class IncidentOut(Schema):
    id: int
    title: str
    kind: str
    severity: str
    status: str
    phase: str
    source: str
    regime_code: str
    unit_id: int
    unit_name: str
    detected_at: dt.datetime
    received_at: dt.datetime
    serious: bool | None
    notified_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class AffectedOut(Schema):
    system_id: int
    system_name: str
    level: int | None


class IncidentDetailOut(IncidentOut):
    reporter_name: str
    reporter_phone: str
    reporter_email: str
    description: str
    detection_method: str
    addresses: str
    measures_taken: str
    help_requested: str
    serious_facts: list[str]
    systems: list[AffectedOut]
    clocks: list[ClockOut]

    @staticmethod
    def resolve_systems(obj):
        return [{"system_id": a.system_id, "system_name": a.system.name, "level": a.level}
                for a in obj.affected.select_related("system")]

    @staticmethod
    def resolve_clocks(obj):
        return [{"id": c.id, "title": c.title, "due": c.due, "met_at": c.met_at, "state": c.state}
                for c in selectors.incident_clocks(obj)]


class IncidentIn(StrictIn):
    unit_id: int
    title: str
    kind: str = "other"
    severity: str = "medium"
    reporter_name: str
    reporter_phone: str = ""
    reporter_email: str = ""
    description: str
    detected_at: JsonDateTime
    detection_method: str = ""
    addresses: str = ""
    measures_taken: str = ""
    help_requested: str = ""
    system_ids: list[int] = []


# A [label, count] pair. Declared as an array of string-or-integer items (a Schema Object under
# `items`), which every OpenAPI 3.0/3.1 tool reads; the JSON sent is unchanged.
Pairs = Annotated[list[tuple[str, int]], WithJsonSchema({
    "type": "array",
    "items": {"type": "array", "minItems": 2, "maxItems": 2,
              "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
})]


class FiguresOut(Schema):
    start: dt.date
    end: dt.date
    total: int
    serious: int
    open: int
    closed: int
    by_kind: Pairs
    by_severity: Pairs
    by_unit: Pairs
    by_level: Pairs


class TargetOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    how: str
    acknowledged_at: dt.datetime | None
    fixed_at: dt.datetime | None
    reminders: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class WarningOut(Schema):
    id: int
    title: str
    severity: str
    cves: list[str]
    deadline: dt.date
    published_at: dt.datetime
    issuer_id: int


class WarningDetailOut(WarningOut):
    description: str
    recommended_actions: str
    products: list[str]
    targets: list[TargetOut]

    @staticmethod
    def resolve_products(obj):
        return [str(p) for p in obj.products.all()]

    @staticmethod
    def resolve_targets(obj, context):
        user = context["request"].auth
        if rules.can(user, "warning.matrix", obj.issuer):
            return list(obj.targets.all())
        return list(selectors.my_targets(user=user, warning=obj))  # a unit sees only its own answers


@router.get("/incidents", response=list[IncidentOut], summary="Danh sách sự cố")
@paginate
def incident_list(request, status: str = "", q: str = ""):
    rules.require(request.auth, "incident.view")
    return selectors.incident_list(user=request.auth, query=q[:200], status=status)


@router.get("/incidents/figures", response=FiguresOut, summary="Thống kê sự cố theo kỳ")
def incident_figures(request, start: QueryDate | None = None, end: QueryDate | None = None):
    rules.require(request.auth, "incident.view")
    end = end or clock.today()
    start = start or end.replace(month=1, day=1)
    if end < start:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.", field="end")
    return selectors.incident_figures(user=request.auth, start=start, end=end)


@router.get("/incidents/{incident_id}", response=IncidentDetailOut, summary="Chi tiết sự cố")
def incident_detail(request, incident_id: int):
    return selectors.incident_get(user=request.auth, pk=incident_id)


@router.post("/incidents", response={201: IncidentDetailOut}, summary="Báo cáo sự cố")
def incident_create(request, payload: IncidentIn):
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    rules.require(request.auth, "incident.report")
    unit = get_object_or_404(Organisation.objects.visible_to(request.auth), pk=payload.unit_id)
    systems = list(System.objects.visible_to(request.auth).filter(pk__in=payload.system_ids))
    if len(systems) != len(set(payload.system_ids)):
        raise DomainError("Có hệ thống không thuộc phạm vi của bạn.", field="system_ids")
    fields = payload.dict(exclude={"unit_id", "system_ids"})
    if fields["kind"] not in Incident.Kind.values or fields["severity"] not in Incident.Severity.values:
        raise DomainError("Loại hoặc mức độ sự cố không hợp lệ.", field="kind")
    incident = services.incident_report(actor=request.auth, unit=unit, fields=fields, systems=systems)
    return Status(201, incident)


@router.get("/warnings", response=list[WarningOut], summary="Danh sách cảnh báo")
@paginate
def warning_list(request, q: str = ""):
    rules.require(request.auth, "warning.view")
    return selectors.warning_list(user=request.auth, query=q[:200])


@router.get("/warnings/{warning_id}", response=WarningDetailOut, summary="Chi tiết cảnh báo")
def warning_detail(request, warning_id: int):
    return selectors.warning_get(user=request.auth, pk=warning_id)


@router.post("/warnings/targets/{target_id}/acknowledge", response=TargetOut, summary="Đơn vị xác nhận tiếp nhận")
def warning_acknowledge(request, target_id: int):
    target = get_object_or_404(WarningTarget.objects.visible_to(request.auth).select_related("unit"), pk=target_id)
    return services.warning_acknowledge(actor=request.auth, target=target)
