"""Writes of the reporting module: coverage snapshots, four-layer status, periodic reports
(pre-fill, edit, submit, correct) and the province report (generate, regenerate, submit)."""
from __future__ import annotations

import datetime as dt
import decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from attt.core import audit, clock, dates, rules
from attt.core.errors import DomainError
from attt.obligations.fulfilment import fulfil_by_record

from . import rulesdata, sections
from .models import COVERAGE_FIELDS, COVERAGE_NAMES, CoverageSnapshot, Report, ReportRow, SystemLayers
from .periods import Period

BATCH = 1000
MONEY = {"it_budget_total", "security_budget"}
LABELS = {f: str(label) for f, label, _d in COVERAGE_FIELDS}
NARRATIVE = ("number", "place", "signer_title", "signer_name", "recipients", "summary", "difficulties", "proposals")


# --- coverage ---------------------------------------------------------------------------------

def clean_values(raw: dict) -> tuple[dict, list[str]]:
    """Coverage values from user input (numbers or text), and the problems found."""
    values, problems = {}, []
    for name in COVERAGE_NAMES:
        value = raw.get(name)
        label = LABELS[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            values[name] = 0
            continue
        if isinstance(value, bool):
            problems.append(_("“%(f)s” phải là số") % {"f": label})
            continue
        if isinstance(value, str):
            text = value.strip().replace(" ", "")
            if name in MONEY:
                text = text.replace(".", "").replace(",", "")
            try:
                value = decimal.Decimal(text)
            except decimal.InvalidOperation:
                problems.append(_("“%(f)s” phải là số, không phải “%(v)s”") % {"f": label, "v": value.strip()[:40]})
                continue
        try:
            value = decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            problems.append(_("“%(f)s” phải là số") % {"f": label})
            continue
        if not value.is_finite() or value < 0 or value != value.to_integral_value():
            problems.append(_("“%(f)s” phải là số nguyên không âm") % {"f": label})
            continue
        if value > 10 ** 17:
            problems.append(_("“%(f)s” quá lớn") % {"f": label})
            continue
        values[name] = int(value)
    if not problems:
        for _key, num, den, _label in (("", "computers_antimalware", "computers_total", ""),
                                       ("", "computers_licensed_os", "computers_total", ""),
                                       ("", "systems_soc", "systems_total", ""),
                                       ("", "staff_trained", "staff_security", ""),
                                       ("", "security_budget", "it_budget_total", "")):
            if values[num] > values[den]:
                problems.append(_("“%(a)s” (%(x)s) không thể lớn hơn “%(b)s” (%(y)s)") % {
                    "a": LABELS[num], "x": values[num], "b": LABELS[den], "y": values[den]})
    return values, problems


def _check_snapshot_target(organisation, as_of: dt.date) -> list[str]:
    problems = []
    if organisation.kind == organisation.Kind.PROVINCE:
        problems.append(_("Số liệu nhập cho từng cơ quan, đơn vị, không nhập cho cả tỉnh."))
    if as_of > clock.today():
        problems.append(_("Ngày số liệu %(d)s ở tương lai.") % {"d": as_of.strftime("%d/%m/%Y")})
    if organisation.valid_to is not None:
        problems.append(_("Đơn vị “%(n)s” đã ngừng hoạt động.") % {"n": organisation.name})
    return problems


@transaction.atomic
def snapshot_create(*, actor, organisation, as_of: dt.date, values: dict, note: str = "",
                    source: str = CoverageSnapshot.Source.MANUAL) -> CoverageSnapshot:
    rules.require(actor, "coverage.enter", organisation)
    cleaned, problems = clean_values(values)
    problems = _check_snapshot_target(organisation, as_of) + problems
    if CoverageSnapshot.objects.filter(organisation=organisation, as_of=as_of).exists():
        problems.append(_("Đơn vị đã có số liệu ngày %(d)s; mỗi ngày một bản số liệu.") % {
            "d": as_of.strftime("%d/%m/%Y")})
    if problems:
        raise DomainError("; ".join(problems))
    snap = CoverageSnapshot.objects.create(organisation=organisation, as_of=as_of, note=note[:500], source=source,
                                           entered_by=actor if getattr(actor, "pk", None) else None, **cleaned)
    audit.record(actor=actor, action="coverage.create", obj=snap)
    return snap


@transaction.atomic
def layers_record(*, actor, system, as_of: dt.date, onsite_force: bool, professional_monitoring: bool,
                  independent_inspection: bool, national_connection: bool, monitoring_provider: str = "") -> SystemLayers:
    rules.require(actor, "coverage.enter", system)
    if as_of > clock.today():
        raise DomainError(_("Ngày đánh giá %(d)s ở tương lai.") % {"d": as_of.strftime("%d/%m/%Y")}, field="as_of")
    row, created = SystemLayers.objects.update_or_create(
        system=system, as_of=as_of,
        defaults={"onsite_force": onsite_force, "professional_monitoring": professional_monitoring,
                  "independent_inspection": independent_inspection, "national_connection": national_connection,
                  "monitoring_provider": monitoring_provider[:200],
                  "entered_by": actor if getattr(actor, "pk", None) else None})
    audit.record(actor=actor, action="layers.create" if created else "layers.update", obj=row, organisation=system.owner)
    return row


# --- reports ----------------------------------------------------------------------------------

def _province_of(org):
    from attt.orgs.models import Organisation

    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    return Organisation.objects.get(pk=ids[0]) if ids else org


def _place(province) -> str:
    name = province.short_name or province.name
    for prefix in ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _defaults(org, kind, period: Period) -> dict:
    from attt.orgs import documents as org_docs
    from attt.orgs.models import Organisation

    province = org if kind == Report.Kind.PROVINCE else _province_of(org)
    if kind == Report.Kind.PROVINCE:
        recipients = rulesdata.regime_on(period.end).province_recipient
        number = "     /BC-UBND"
        due = period.province_due(province)
    else:
        specialist = (Organisation.objects.filter(parent=province, kind=Organisation.Kind.POLICE, valid_to__isnull=True)
                      .order_by("pk").first())
        pname = province.name[0].lower() + province.name[1:] if province.name.startswith(("Tỉnh", "Thành phố")) \
            else province.name
        recipients = "\n".join(filter(None, [f"Ủy ban nhân dân {pname}",
                                             f"{specialist.name} (đơn vị chuyên trách ATTT)" if specialist else ""]))
        number = f"     /BC-{org_docs.abbreviation(org)}"
        due = period.unit_due(province)
    signer = org_docs.signer(org)  # the head (or deputy) of the reporting body, never the user
    return {"place": _place(province), "recipients": recipients, "signer_title": "\n".join(signer.lines),
            "signer_name": signer.name, "number": number, "due_date": due}


def _check_period(period: Period) -> None:
    if period.is_future(clock.today()):
        raise DomainError(_("Kỳ báo cáo %(p)s chưa bắt đầu; không lập báo cáo cho kỳ tương lai.") % {
            "p": period.label()}, field="period")


def _require_edit(actor, report: Report) -> None:
    action = "report.province" if report.kind == Report.Kind.PROVINCE else "report.edit"
    rules.require(actor, action, report)


@transaction.atomic
def report_create(*, actor, organisation, period: Period, kind: str = Report.Kind.UNIT) -> Report:
    """The draft report of a unit (or of the province) for a period, pre-filled from the
    platform. An existing draft is returned as it is."""
    if kind == Report.Kind.PROVINCE:
        rules.require(actor, "report.province", organisation)
        if organisation.kind != organisation.Kind.PROVINCE:
            raise DomainError(_("Báo cáo của tỉnh chỉ lập cho cấp tỉnh."), field="organisation")
    else:
        rules.require(actor, "report.edit", organisation)
        parent = organisation.parent
        if parent is None or parent.kind != parent.Kind.PROVINCE or organisation.kind not in rulesdata.reporting_kinds():
            raise DomainError(_("“%(n)s” không phải đơn vị báo cáo trực tiếp với tỉnh; báo cáo do đơn vị cấp trên "
                                "lập.") % {"n": organisation.name}, field="organisation")
    _check_period(period)
    same = Report.objects.select_for_update().filter(organisation=organisation, kind=kind, year=period.year,
                                                     quarter=period.quarter)
    draft = same.filter(status=Report.Status.DRAFT).first()
    if draft is not None:
        return draft
    if same.filter(status=Report.Status.SUBMITTED).exists():
        raise DomainError(_("Báo cáo %(p)s đã được gửi. Muốn sửa, hãy lập bản điều chỉnh.") % {"p": period.label()})
    version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
    report = Report.objects.create(organisation=organisation, kind=kind, year=period.year, quarter=period.quarter,
                                   version=version, **_defaults(organisation, kind, period))
    _fill(report, actor)
    audit.record(actor=actor, action="report.create", obj=report)
    return report


def _fill(report: Report, actor) -> None:
    """(Re)compute the report's sections from the platform, as `actor` sees it: figures in
    JSON, rows streamed into ReportRow in batches."""
    scope = sections.PROVINCE if report.kind == Report.Kind.PROVINCE else sections.UNIT
    ReportRow.objects.filter(report=report).delete()
    data = {}
    for section in sections.for_scope(scope):
        result = section.provide(report.organisation, report.period, actor)
        data[section.code] = result.as_json()
        if result.rows is None:
            continue
        batch, seq = [], 0
        for row in result.rows:
            seq += 1
            batch.append(ReportRow(report=report, section=section.code, seq=seq, values=[_cell(v) for v in row]))
            if len(batch) >= BATCH:
                ReportRow.objects.bulk_create(batch)
                batch = []
        if batch:
            ReportRow.objects.bulk_create(batch)
        data[section.code]["rows"] = seq
    report.figures = data
    report.generated_at = clock.now()
    report.save(update_fields=["figures", "generated_at", "updated_at"])


def _cell(value):
    if isinstance(value, decimal.Decimal):
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return dates.day(value)
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)


@transaction.atomic
def report_generate(*, actor, report: Report) -> Report:
    """Refresh a draft's figures from the platform (the province report: regenerate it)."""
    _require_edit(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_frozen:
        raise DomainError(_("Báo cáo đã gửi thì giữ nguyên; muốn sửa, hãy lập bản điều chỉnh."))
    _fill(report, actor)
    audit.record(actor=actor, action="report.generate", obj=report, changes={"generated_at": [None, report.generated_at]})
    return report


@transaction.atomic
def report_update(*, actor, report: Report, **fields) -> Report:
    _require_edit(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_frozen:
        raise DomainError(_("Báo cáo đã gửi thì giữ nguyên; muốn sửa, hãy lập bản điều chỉnh."))
    before = audit.snapshot(report, fields=list(NARRATIVE))
    for name, value in fields.items():
        if name not in NARRATIVE:
            raise TypeError(name)
        setattr(report, name, (value or "").strip())
    report.save(update_fields=[*fields.keys(), "updated_at"])
    audit.record(actor=actor, action="report.update", obj=report, before=before,
                 after=audit.snapshot(report, fields=list(NARRATIVE)))
    return report


@transaction.atomic
def report_submit(*, actor, report: Report) -> Report:
    _require_edit(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        when = dates.time_day(report.submitted_at)
        raise DomainError(_("Báo cáo này đã được gửi lúc %(t)s; không gửi lại lần nữa.") % {"t": when})
    _check_period(report.period)
    if report.generated_at is None:
        raise DomainError(_("Báo cáo chưa có số liệu; hãy lấy số liệu trước khi gửi."))
    if report.previous is not None:
        Report.objects.filter(pk=report.previous_id, status=Report.Status.SUBMITTED).update(
            status=Report.Status.SUPERSEDED)
    report.status = Report.Status.SUBMITTED
    report.submitted_at = clock.now()
    report.submitted_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    except IntegrityError:
        raise DomainError(_("Kỳ này đã có báo cáo được gửi; không gửi lại lần nữa.")) from None
    audit.record(actor=actor, action="report.submit", obj=report,
                 changes={"status": [Report.Status.DRAFT, Report.Status.SUBMITTED], "version": [None, report.version]})
    _fulfil_duties(actor=actor, report=report)
    return report


def _duties_of(report: Report) -> tuple[str, ...]:
    if report.quarter:
        return ("province-quarterly-report",) if report.kind == Report.Kind.PROVINCE else ("quarterly-report",)
    return () if report.kind == Report.Kind.PROVINCE else ("annual-report-operator", "annual-report-owner")


def _fulfil_duties(*, actor, report: Report) -> None:
    """The sent report is the evidence of the unit's reporting duty for its period: no upload."""
    for duty in _duties_of(report):
        fulfil_by_record(actor=actor, duty=duty, organisation=report.organisation, on=report.period.end,
                         record=report, label=f"{report.title()} (lần {report.version})")


@transaction.atomic
def report_correct(*, actor, report: Report, reason: str) -> Report:
    """A correction of a submitted report: a new draft version, pre-filled afresh, keeping the
    narrative; the sent version stays as it was until the correction is submitted."""
    _require_edit(actor, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise DomainError(_("Chỉ lập bản điều chỉnh cho báo cáo đã gửi và đang có hiệu lực."))
    if not (reason or "").strip():
        raise DomainError(_("Hãy nêu lý do điều chỉnh."), field="reason")
    if Report.objects.filter(previous=report).exists() or Report.objects.filter(
            organisation=report.organisation, kind=report.kind, year=report.year, quarter=report.quarter,
            status=Report.Status.DRAFT).exists():
        raise DomainError(_("Đã có bản điều chỉnh đang soạn cho kỳ này."))
    version = (Report.objects.filter(organisation=report.organisation, kind=report.kind, year=report.year,
                                     quarter=report.quarter).aggregate(v=Max("version"))["v"] or 0) + 1
    new = Report.objects.create(
        organisation=report.organisation, kind=report.kind, year=report.year, quarter=report.quarter, version=version,
        previous=report, correction_reason=reason.strip(), due_date=report.due_date,
        **{name: getattr(report, name) for name in NARRATIVE})
    _fill(new, actor)
    audit.record(actor=actor, action="report.correct", obj=new, changes={"previous": [None, report.pk],
                                                                         "reason": [None, reason.strip()]})
    return new
