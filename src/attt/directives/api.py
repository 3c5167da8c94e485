"""The directives API: the same extraction as the command line (contract attt.directive/1),
stored directives and their extraction, a unit's assignments and its answer."""
from __future__ import annotations

import datetime as dt

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from attt.core.schemas import StrictIn
from attt.core import clock, rules
from attt.core.errors import DomainError
from attt.directives.extract import extract_text

from . import selectors, services
from .services.imports import MAX_BYTES, read_upload

router = Router(tags=["directives"])


def contract(data: dict) -> dict:
    """The stored extraction without character spans: exactly the contract JSON."""
    if isinstance(data, dict):
        return {k: contract(v) for k, v in data.items() if k not in ("span", "spans", "unsure", "text_restored")}
    if isinstance(data, list):
        return [contract(v) for v in data]
    return data


class DirectiveOut(Schema):
    id: int
    number: str
    issued_on: dt.date | None
    issuer: str
    doc_type: str
    subject: str
    recipients: list[str]
    state: str
    published_at: dt.datetime | None


class AssignmentOut(Schema):
    id: int
    directive_id: int
    directive_number: str
    task_ref: str
    task_text: str
    organisation_id: int
    organisation_name: str
    due_on: dt.date | None
    status: str
    overdue: bool
    report: str
    reason: str

    @staticmethod
    def resolve_directive_number(obj):
        return obj.directive.number

    @staticmethod
    def resolve_task_ref(obj):
        return obj.task.ref

    @staticmethod
    def resolve_task_text(obj):
        return obj.task.text

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(clock.today())


class RespondIn(StrictIn):
    status: str
    report: str = ""
    reason: str = ""


def _read(file: UploadedFile) -> str:
    if file.size and file.size > MAX_BYTES:
        raise DomainError(f"Tệp vượt quá giới hạn {MAX_BYTES // (1024 * 1024)} MB.", field="file")
    return read_upload(file.read(MAX_BYTES + 1), file.name or "")


@router.post("/directives/extract", summary="Trích xuất văn bản (không lưu)")
def directive_extract(request, file: UploadedFile = File(...)):
    rules.require(request.auth, "directive.manage")
    return extract_text(_read(file)).to_dict()


@router.post("/directives", response={201: DirectiveOut}, summary="Nhập văn bản chỉ đạo")
def directive_create(request, file: UploadedFile = File(...)):
    rules.require(request.auth, "directive.manage")
    if file.size and file.size > MAX_BYTES:
        raise DomainError(f"Tệp vượt quá giới hạn {MAX_BYTES // (1024 * 1024)} MB.", field="file")
    directive = services.directive_import(actor=request.auth, data=file.read(MAX_BYTES + 1), filename=file.name or "")
    return Status(201, directive)


@router.get("/directives", response=list[DirectiveOut], summary="Danh sách văn bản chỉ đạo")
@paginate
def directive_list(request, q: str = "", state: str = ""):
    rules.require(request.auth, "directive.view")
    return selectors.directive_list(user=request.auth, query=q[:200], state=state)


@router.get("/directives/{directive_id}", response=DirectiveOut, summary="Chi tiết văn bản chỉ đạo")
def directive_detail(request, directive_id: int):
    rules.require(request.auth, "directive.view")
    return selectors.directive_get(user=request.auth, pk=directive_id)


@router.get("/directives/{directive_id}/extraction", summary="Kết quả trích xuất đã lưu (attt.directive/1)")
def directive_extraction(request, directive_id: int, spans: bool = False):
    rules.require(request.auth, "directive.view")
    directive = selectors.directive_get(user=request.auth, pk=directive_id)
    data = directive.document.extraction
    return data if spans else contract(data)


@router.get("/assignments", response=list[AssignmentOut], summary="Việc được giao cho đơn vị")
@paginate
def assignment_list(request, status: str = "", overdue: bool = False):
    rules.require(request.auth, "assignment.view")
    return selectors.assignments_for(user=request.auth, status=status, overdue=overdue, today=clock.today())


@router.get("/assignments/{assignment_id}", response=AssignmentOut, summary="Chi tiết việc được giao")
def assignment_detail(request, assignment_id: int):
    rules.require(request.auth, "assignment.view")
    return selectors.assignment_get(user=request.auth, pk=assignment_id)


@router.post("/assignments/{assignment_id}/response", response=AssignmentOut, summary="Báo cáo kết quả")
def assignment_response(request, assignment_id: int, payload: Form[RespondIn]):
    rules.require(request.auth, "assignment.view")
    assignment = selectors.assignment_get(user=request.auth, pk=assignment_id)
    return services.assignment_respond(actor=request.auth, assignment=assignment, status=payload.status,
                                       report=payload.report, reason=payload.reason)

