"""The API of recurring duties: occurrences (list with filters, detail) and submissions."""
from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from attt.core import clock, rules
from attt.core.errors import DomainError
from attt.orgs.models import Organisation

from . import selectors, services

router = Router(tags=["duties"])


class SubmissionOut(Schema):
    id: int
    version: int
    file_name: str
    file_size: int
    content_type: str
    sha256: str
    note: str
    review: str
    review_comment: str
    created_at: dt.datetime
    download_url: str
    record_label: str = Field("", description="Hồ sơ trong ATTT đã hoàn thành kỳ này (báo cáo, kết quả rà quét…), "
                                              "thay cho tệp tải lên / the ATTT record that fulfilled it")
    record_url: str = ""

    @staticmethod
    def resolve_download_url(obj):
        from django.urls import reverse

        return "" if obj.record_label else reverse("obligations:submission_file", args=[obj.pk])


class OccurrenceOut(Schema):
    id: int
    rule_key: str
    title: str
    organisation_id: int
    organisation_name: str
    system_id: int | None
    system_name: str | None
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    status: str
    state: str
    overdue: bool

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_system_name(obj):
        return obj.system.name if obj.system_id else None

    @staticmethod
    def resolve_state(obj):
        return selectors.state_of(obj.status, obj.due_date, clock.today())

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue_on(clock.today())


class OccurrenceDetailOut(OccurrenceOut):
    source: str
    rule_version: int
    submissions: list[SubmissionOut]

    @staticmethod
    def resolve_source(obj):
        return obj.rule.source

    @staticmethod
    def resolve_rule_version(obj):
        return obj.rule.version

    @staticmethod
    def resolve_submissions(obj):
        return list(obj.submissions.all())


def _date(value: str | None, label: str) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise DomainError(_("%(l)s “%(v)s” không phải một ngày có thật (yyyy-mm-dd hoặc dd/mm/yyyy).")
                      % {"l": label, "v": value[:20]}, field=label)


@router.get("/duties/occurrences", response=list[OccurrenceOut], summary="Các kỳ nhiệm vụ định kỳ",
            url_name="duty_occurrence_list")
@paginate
def occurrence_list(request, unit_id: int | None = None, duty: str = "", state: str = "", q: str = "",
                    due_from: str | None = None, due_to: str | None = None):
    rules.require(request.auth, "duty.view")
    filters = selectors.Filters(rule_key=duty[:160], query=q[:200])
    if unit_id is not None:
        filters.unit = get_object_or_404(Organisation.objects.visible_to(request.auth), pk=unit_id)
    if state and state not in selectors.STATE_LABELS:
        raise DomainError(_("Trạng thái không hợp lệ: %(s)s.") % {"s": state[:20]}, field="state")
    filters.state = state
    filters.date_from = _date(due_from, "due_from")
    filters.date_to = _date(due_to, "due_to")
    return selectors.occurrences(user=request.auth, filters=filters)


@router.get("/duties/occurrences/{occurrence_id}", response=OccurrenceDetailOut, summary="Chi tiết một kỳ",
            url_name="duty_occurrence_detail")
def occurrence_detail(request, occurrence_id: int):
    return selectors.occurrence_get(user=request.auth, pk=occurrence_id)


@router.post("/duties/occurrences/{occurrence_id}/submit", response={201: SubmissionOut},
             summary="Nộp kết quả một kỳ (tệp minh chứng)", url_name="duty_occurrence_submit")
def occurrence_submit(request, occurrence_id: int, file: UploadedFile = File(...), note: str = Form("")):
    occurrence = selectors.occurrence_get(user=request.auth, pk=occurrence_id)
    return Status(201, services.occurrence_submit(actor=request.auth, occurrence=occurrence, upload=file, note=note))
