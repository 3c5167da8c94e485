"""API of the vulnerability and SOC module. The SOC endpoints (`/vulns/soc/alerts`,
`/vulns/soc/heartbeat`) take a SOC source token (`Authorization: Bearer soc_…`), not a user's."""
from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from typing import Annotated

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.security import HttpBearer

from attt.core import rules
from attt.core.errors import DomainError

from . import selectors, services
from .models import Finding, SystemAddress
from .services.soc import source_for_token

router = Router(tags=["vulns"])


class SocTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        source = source_for_token(token)
        if source is not None:
            request.soc_source = source
        return source


class FindingOut(Schema):
    id: int
    system_id: int
    scanner: str
    host: str
    port: str
    protocol: str
    plugin_id: str
    title: str
    severity: int
    cves: list[str]
    state: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    due_date: dt.date | None
    fixed_at: dt.datetime | None


class FindingPage(Schema):
    items: list[FindingOut]
    next_after: str | None


class JobOut(Schema):
    job_id: int
    state: str
    url: str


class AddressIn(Schema):
    kind: str
    value: str


class AddressOut(Schema):
    id: int
    kind: str
    value: str


class HeartbeatIn(Schema):
    hosts: list[str]


class SourceIn(Schema):
    organisation_id: int
    name: str


@router.get("/vulns/findings", response=FindingPage, summary="Danh sách lỗ hổng (phân trang theo khóa)")
def vulns_finding_list(request, severity: int | None = None, state: str = "active", system_id: int | None = None,
                 overdue: bool = False, after: str | None = None,
                 page_size: Annotated[int, Field(ge=1, le=500, description="Số mục mỗi trang (1–500); trang sau: "
                                                 "`after` = `next_after` của trang trước.")] = 100):
    rules.require(request.user, "finding.view")
    system = None
    if system_id is not None:
        from attt.systems.models import System

        system = get_object_or_404(System.objects.visible_to(request.user), pk=system_id)
    key = None
    if after and after.count(".") == 1 and all(p.isdigit() for p in after.split(".")):
        key = tuple(int(p) for p in after.split("."))
    rows = selectors.finding_page(selectors.finding_list(user=request.user, severity=severity, state=state,
                                                         system=system, overdue=overdue, after=key), page_size + 1)
    more = len(rows) > page_size
    rows = rows[:page_size]
    return {"items": rows, "next_after": f"{rows[-1].severity}.{rows[-1].pk}" if more else None}


@router.get("/vulns/findings/{finding_id}", response=FindingOut)
def vulns_finding_detail(request, finding_id: int):
    return selectors.finding_get(user=request.user, pk=finding_id)


@router.post("/vulns/scans", response={202: JobOut}, summary="Nhập bản quét (công việc nền)")
def vulns_scan_upload(request, file: File[UploadedFile], org: Form[str], system_id: Form[str] = ""):
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    system_id = (system_id or "").strip()
    if system_id and not (system_id.isascii() and system_id.isdigit()):
        raise DomainError(_("Mã hệ thống phải là một số."), field="system_id")
    system_id = int(system_id) if system_id else None
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), code=org)
    system = get_object_or_404(System.objects.visible_to(request.user), pk=system_id) if system_id else None
    job = services.scan_import_start(actor=request.user, organisation=organisation, upload=file, system=system)
    job.refresh_from_db()
    return Status(202, {"job_id": job.pk, "state": job.state, "url": job.get_absolute_url()})


@router.get("/vulns/scans/{scan_id}", summary="Tóm tắt một bản quét đã nhập")
def vulns_scan_detail(request, scan_id: int):
    scan = selectors.scan_get(user=request.user, pk=scan_id)
    return {"id": scan.pk, "filename": scan.filename, "organisation": scan.organisation.code, **scan.summary}


@router.get("/vulns/systems/{system_id}/addresses", response=list[AddressOut])
def vulns_address_list(request, system_id: int):
    from attt.systems.models import System

    system = get_object_or_404(System.objects.visible_to(request.user), pk=system_id)
    return list(selectors.addresses_of(system))


@router.post("/vulns/systems/{system_id}/addresses", response={201: AddressOut})
def vulns_address_add(request, system_id: int, body: AddressIn):
    from attt.systems.models import System

    system = get_object_or_404(System.objects.visible_to(request.user), pk=system_id)
    return Status(201, services.address_add(actor=request.user, system=system, kind=body.kind, value=body.value))


@router.delete("/vulns/addresses/{address_id}", response={204: None})
def vulns_address_delete(request, address_id: int):
    address = get_object_or_404(SystemAddress.objects.visible_to(request.user), pk=address_id)
    services.address_remove(actor=request.user, address=address)
    return Status(204, None)


@router.get("/vulns/figures", summary="Số liệu: lỗ hổng mở theo mức độ và đơn vị, quá hạn, thời gian khắc phục, SOC")
def vulns_figures(request):
    rules.require(request.user, "finding.view")
    mttf = selectors.mean_time_to_fix(request.user)
    return {"open_by_severity_per_unit": selectors.open_by_severity_per_unit(request.user),
            "sla_overdue": selectors.sla_overdue_count(request.user),
            "mean_time_to_fix_days": round(mttf.total_seconds() / 86400, 1) if mttf else None,
            "systems_under_soc": selectors.systems_under_soc(request.user),
            "soc_window_days": selectors.soc_window_days()}


@router.post("/vulns/soc/sources", response={201: dict}, summary="Đăng ký nguồn SOC (trả khóa một lần)")
def vulns_soc_source_create(request, body: SourceIn):
    from attt.orgs.models import Organisation

    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=body.organisation_id)
    source, key = services.soc_source_create(actor=request.user, organisation=organisation, name=body.name)
    return Status(201, {"id": source.pk, "token": key})


@router.post("/vulns/soc/alerts", auth=SocTokenAuth(), summary="Nhận cảnh báo SOC: Wazuh JSON (một/danh sách) "
             "hoặc dòng CEF", openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": {"type": "object"}}, "text/plain": {"schema": {"type": "string"}}}}})
def vulns_soc_alerts(request):
    return services.alerts_ingest(source=request.soc_source, body=request.body,
                                  content_type=request.content_type or "")


@router.post("/vulns/soc/heartbeat", auth=SocTokenAuth(), summary="Tín hiệu hoạt động từ SOC cho các máy")
def vulns_soc_heartbeat(request, body: HeartbeatIn):
    return services.heartbeat(source=request.soc_source, hosts=body.hosts)


class SeverityCounts(Schema):
    critical: int
    high: int
    medium: int
    low: int
    info: int
    total: int


class TrendQuarterOut(Schema):
    quarter: str = Field(description="Quý, dạng Q1/2026")
    start: dt.date
    end: dt.date = Field(description="Ngày cuối quý (quý hiện tại: hôm nay)")
    new: SeverityCounts = Field(description="Phát hiện lần đầu trong quý")
    fixed: SeverityCounts = Field(description="Khắc phục trong quý (kể cả do bản quét không còn thấy)")
    open: SeverityCounts = Field(description="Còn mở cuối quý")
    overdue: SeverityCounts = Field(description="Còn mở và quá hạn khắc phục cuối quý")


@router.get("/vulns/trend", response=list[TrendQuarterOut],
            summary="Xu hướng lỗ hổng theo quý: mới, đã khắc phục, còn mở và quá hạn cuối quý, theo mức độ")
def vulns_trend(request, unit_id: int | None = None,
                quarters: Annotated[int, Field(ge=4, le=8, description="Số quý gần nhất (4–8)")] = 8):
    rules.require(request.user, "finding.view")
    unit = None
    if unit_id is not None:
        from attt.orgs.models import Organisation

        unit = get_object_or_404(Organisation.objects.visible_to(request.user), pk=unit_id)
    return selectors.quarterly_trend(user=request.user, unit=unit, quarters=quarters)


class AlertOut(Schema):
    id: int
    kind: str
    title: str
    level: int
    host: str
    rule_id: str
    occurred_at: dt.datetime
    count: int
    system_id: int | None
    incident_id: int | None


@router.get("/vulns/alerts", response=list[AlertOut])
@paginate
def vulns_alert_list(request, unmatched: bool = False):
    rules.require(request.user, "alert.view")
    return selectors.alert_list(user=request.user, unmatched=unmatched)


@router.post("/vulns/alerts/{alert_id}/promote", response={201: dict})
def vulns_alert_promote(request, alert_id: int):
    alert = selectors.alert_get(user=request.user, pk=alert_id)
    incident = services.alert_promote(actor=request.user, alert=alert)
    return Status(201, {"incident_id": incident.pk, "url": incident.get_absolute_url()})


__all__ = ["router", "Finding", "DomainError"]
