import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from attt.core import clock
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.reporting import services
from attt.reporting.models import Report, ReportRow
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db
Q3 = Period(2025, 3)


def _unit_report(world, who="unit_officer", org="commune_a", period=Q3):
    return services.report_create(actor=world.users[who], organisation=world.org(org), period=period)


def test_unit_report_is_prefilled_from_the_platform(world, coverage):
    from attt.systems.models import System

    System.objects.create(name="Một cửa điện tử xã", owner=world.org("commune_a"), operator=world.org("commune_a"),
                          approved_level=2)
    System.objects.create(name="Hệ thống khác", owner=world.org("commune_b"), operator=world.org("commune_b"))
    report = _unit_report(world)
    assert (report.status, report.version, report.due_date) == (Report.Status.DRAFT, 1, dt.date(2025, 9, 15))
    assert report.figure("coverage", "computers_total") == 30
    assert report.figure("coverage", "computers_antimalware") == 8
    assert report.figure("systems", "systems_total") == 1 and report.figure("systems", "level_2") == 1
    assert report.figure("organisations", "units_total") == 1  # its service centre
    assert report.rows.filter(section="coverage").count() == 2
    assert "Công an tỉnh Thử Nghiệm" in report.recipients
    # Sections of the other modules answer with their figures (none in this fixture).
    for code in ("dossiers", "incidents", "warnings", "duties"):
        assert report.figures[code]["available"] is True
        assert all(value == 0 for _key, _label, value in report.figures[code]["figures"])
    # Opening it again returns the same draft.
    assert _unit_report(world).pk == report.pk


def test_submit_freezes_and_a_second_submit_is_refused(world, coverage):
    report = _unit_report(world)
    services.report_update(actor=world.users["unit_officer"], report=report, summary="Đã rà soát.")
    report = services.report_submit(actor=world.users["unit_officer"], report=report)
    assert report.status == Report.Status.SUBMITTED and report.submitted_at is not None
    with pytest.raises(DomainError, match="đã được gửi"):
        services.report_submit(actor=world.users["unit_officer"], report=report)
    with pytest.raises(DomainError, match="giữ nguyên"):
        services.report_update(actor=world.users["unit_officer"], report=report, summary="khác")
    with pytest.raises(DomainError, match="giữ nguyên"):
        services.report_generate(actor=world.users["unit_officer"], report=report)
    with pytest.raises(DomainError, match="đã được gửi"):
        _unit_report(world)
    report.refresh_from_db()
    assert report.summary == "Đã rà soát."
    assert AuditEvent.objects.filter(action="report.submit", object_id=str(report.pk)).count() == 1


def test_a_correction_is_a_new_version_with_history(world, coverage):
    officer = world.users["unit_officer"]
    first = services.report_submit(actor=officer, report=_unit_report(world))
    with pytest.raises(DomainError, match="lý do"):
        services.report_correct(actor=officer, report=first, reason=" ")
    services.snapshot_create(actor=officer, organisation=world.org("commune_a"), as_of=clock.today(),
                             values={"computers_total": 25, "computers_antimalware": 20})
    second = services.report_correct(actor=officer, report=first, reason="Bổ sung số liệu máy tính")
    assert (second.version, second.previous_id, second.status) == (2, first.pk, Report.Status.DRAFT)
    assert second.figure("coverage", "computers_total") == 35  # 25 + centre 10
    first.refresh_from_db()
    assert first.status == Report.Status.SUBMITTED and first.figure("coverage", "computers_total") == 30
    with pytest.raises(DomainError, match="bản điều chỉnh"):
        services.report_correct(actor=officer, report=first, reason="lần nữa")
    services.report_submit(actor=officer, report=second)
    first.refresh_from_db()
    assert first.status == Report.Status.SUPERSEDED
    assert list(Report.objects.filter(organisation=world.org("commune_a")).order_by("version")
                .values_list("version", "status")) == [(1, "superseded"), (2, "submitted")]


def test_future_period_and_wrong_unit_are_refused(world, today):
    with pytest.raises(DomainError, match="kỳ tương lai"):
        _unit_report(world, period=Period(2025, 4))
    with pytest.raises(DomainError, match="không phải đơn vị báo cáo"):
        _unit_report(world, org="centre_a")
    with pytest.raises(PermissionDenied):
        _unit_report(world, org="commune_b")
    with pytest.raises(PermissionDenied):
        services.report_create(actor=world.users["unit_officer"], organisation=world.org("province"), period=Q3,
                               kind=Report.Kind.PROVINCE)
    assert not Report.objects.exists()


def test_annual_report_uses_the_data_window(world, coverage):
    clock.travel_to(dt.date(2025, 12, 10))
    report = _unit_report(world, period=Period(2025))
    assert report.due_date == dt.date(2025, 12, 15)
    assert "năm 2025" in report.title()
    # The window ends 14/12/2025: commune B's snapshot of 05/10 counts, nothing later would.
    report_b = services.report_create(actor=world.users["officer_b"], organisation=world.org("commune_b"),
                                      period=Period(2025))
    assert report_b.figure("coverage", "computers_total") == 7


def test_province_report_aggregates_units_and_lists_the_missing(world, coverage):
    officer = world.users["unit_officer"]
    unit_report = _unit_report(world)
    services.report_submit(actor=officer, report=unit_report)
    # After submission the live figures change; the province uses what the unit sent.
    services.snapshot_create(actor=officer, organisation=world.org("commune_a"), as_of=clock.today(),
                             values={"computers_total": 500})
    province = services.report_create(actor=world.users["specialist"], organisation=world.org("province"), period=Q3,
                                      kind=Report.Kind.PROVINCE)
    assert province.due_date == dt.date(2025, 9, 20)
    assert province.figure("province_units", "units_expected") == 4
    assert province.figure("province_units", "units_submitted") == 1
    assert province.figure("province_units", "units_missing") == 3  # police, finance, commune B; not the response team nor the provider
    assert province.figure("province_units", "computers_total") == 30 + 40  # commune A as sent + finance live
    rows = list(ReportRow.objects.filter(report=province, section="province_units").order_by("seq")
                .values_list("values", flat=True))
    assert rows[-1][0] == "Tổng cộng"
    computers = [r[3] for r in rows[:-1]]
    assert sum(computers) == rows[-1][3] == 70
    assert "Bộ Thông tin và Truyền thông" in province.recipients
    # Regenerate after a second unit submits: the figures move.
    services.report_submit(actor=world.users["unit_head"],
                           report=_unit_report(world, who="unit_head", org="finance"))
    province = services.report_generate(actor=world.users["specialist"], report=province)
    assert province.figure("province_units", "units_submitted") == 2
    assert ReportRow.objects.filter(report=province, section="province_units").count() == 5  # 4 units + total


def test_only_province_staff_make_the_province_report(world, today):
    for who in ("province_leader", "auditor", "unit_head", "responder"):
        with pytest.raises(PermissionDenied):
            services.report_create(actor=world.users[who], organisation=world.org("province"), period=Q3,
                                   kind=Report.Kind.PROVINCE)
    with pytest.raises(DomainError, match="cấp tỉnh"):
        services.report_create(actor=world.users["specialist"], organisation=world.org("finance"), period=Q3,
                               kind=Report.Kind.PROVINCE)
