import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.errors import DomainError
from attt.reporting import figures, services, tabular
from attt.reporting.models import CoverageSnapshot
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db


def test_subtree_totals_use_the_newest_snapshot_of_each_organisation(world, coverage):
    q3 = Period(2025, 3)
    total = figures.subtree_totals(world.org("commune_a"), q3.end)
    assert (total["computers_total"], total["computers_antimalware"], total["computers_licensed_os"]) == (30, 8, 18)
    assert (total["systems_total"], total["systems_soc"], total["staff_security"], total["staff_trained"]) == (2, 1, 3, 2)
    province = figures.subtree_totals(world.org("province"), q3.end)
    assert (province["computers_total"], province["computers_antimalware"]) == (70, 38)
    # Commune B's snapshot of 05/10 belongs to Q4; province Q's snapshot never counts.
    assert figures.subtree_totals(world.org("province"), dt.date(2025, 10, 31))["computers_total"] == 77


def test_province_total_is_the_sum_of_its_units(world, coverage):
    rows = figures.province_units(world.org("province"), Period(2025, 3), user=world.users["specialist"])
    assert {r.unit.code for r in rows} == {"P1-CA", "P1-TC", "P1-XA", "P1-XB"}  # not the response team nor the provider
    total = figures.total_of(rows)
    assert total == figures.subtree_totals(world.org("province"), Period(2025, 3).end)
    by_code = {r.unit.code: r.values for r in rows}
    assert by_code["P1-XA"]["computers_total"] == 30 and by_code["P1-TC"]["computers_antimalware"] == 30
    assert sum(v["computers_total"] for v in by_code.values()) == total["computers_total"] == 70


def test_budget_is_checked_against_the_regime_minimum(world, coverage):
    check = figures.budget_check(figures.subtree_totals(world.org("finance"), Period(2025, 3).end), dt.date(2025, 9, 30))
    assert check == {**check, "share": 8.0, "min": 10.0, "ok": False}
    assert figures.budget_check({"it_budget_total": 100, "security_budget": 15}, dt.date(2026, 9, 30))["ok"] is True


@pytest.mark.parametrize("values,message", [
    ({"computers_total": 10, "computers_antimalware": 11}, "không thể lớn hơn"),
    ({"systems_total": 2, "systems_soc": 3}, "không thể lớn hơn"),
    ({"it_budget_total": "1000", "security_budget": "mười phần trăm"}, "phải là số"),
    ({"computers_total": -1}, "số nguyên không âm"),
    ({"computers_total": "2.5"}, "số nguyên không âm"),
])
def test_bad_figures_are_refused_and_nothing_is_saved(world, today, values, message):
    before = CoverageSnapshot.objects.count()
    with pytest.raises(DomainError, match=message):
        services.snapshot_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                 as_of=today, values=values)
    assert CoverageSnapshot.objects.count() == before


def test_money_typed_with_thousand_separators_is_read(world, today):
    snap = services.snapshot_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"), as_of=today,
                                    values={"it_budget_total": "1.500.000.000", "security_budget": "150.000.000"})
    assert (snap.it_budget_total, snap.security_budget) == (1_500_000_000, 150_000_000)


def test_future_date_duplicate_day_and_province_are_refused(world, today):
    officer = world.users["unit_officer"]
    with pytest.raises(DomainError, match="tương lai"):
        services.snapshot_create(actor=officer, organisation=world.org("commune_a"), as_of=today + dt.timedelta(days=1),
                                 values={})
    services.snapshot_create(actor=officer, organisation=world.org("commune_a"), as_of=today, values={})
    with pytest.raises(DomainError, match="mỗi ngày một bản"):
        services.snapshot_create(actor=officer, organisation=world.org("commune_a"), as_of=today, values={})
    with pytest.raises(DomainError, match="không nhập cho cả tỉnh"):
        services.snapshot_create(actor=world.users["specialist"], organisation=world.org("province"), as_of=today,
                                 values={})


def test_units_enter_only_their_own_figures(world, today):
    with pytest.raises(PermissionDenied):
        services.snapshot_create(actor=world.users["unit_officer"], organisation=world.org("commune_b"), as_of=today,
                                 values={})
    with pytest.raises(PermissionDenied):
        services.snapshot_create(actor=world.users["auditor"], organisation=world.org("commune_a"), as_of=today,
                                 values={})
    # A commune officer enters the figures of the commune's service centre.
    services.snapshot_create(actor=world.users["unit_officer"], organisation=world.org("centre_a"), as_of=today,
                             values={"computers_total": 3})


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(tabular.HEADER_VI)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("so-lieu.xlsx", buf.getvalue())


def _row(code, day, total, av, budget="", security=""):
    values = [total, av, 0, 0, 0, 0, 0, 0, 0, 0, budget, security]
    return [code, day, *values, "ghi chú"]


def test_import_saves_all_rows_or_none(world, today, client_for, django_capture_on_commit_callbacks):
    """The page starts a job; the job lists every wrong row and saves nothing, or saves them all."""
    from attt.core.models import AuditEvent, Job

    from tests.imports_via_job import post_import

    client = client_for("specialist")
    bad = _xlsx([_row("P1-XA", "01/09/2025", 10, 4), _row("P1-XB", "01/09/2025", 5, 6),
                 _row("P1-TC", "01/09/2025", 5, 1, "1000", "mười"), _row("P2-XC", "01/09/2025", 1, 1),
                 _row("P1-XA", "31/12/2025", 1, 1), _row("P1-XA", "01/09/2025", 1, 1)])
    _response, job, page = post_import(client, "/reports/coverage/import/", django_capture_on_commit_callbacks,
                                       {"file": bad})
    assert job.kind == tabular.IMPORT and job.state == Job.State.FAILED
    lines = dict(line.split(": ", 1) for line in job.error.splitlines()[1:])
    assert job.error.startswith("Tệp có 5 dòng lỗi; chưa có gì được lưu.")
    assert set(lines) == {"Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 7"}
    assert "không thể lớn hơn" in lines["Dòng 3"] and "phải là số" in lines["Dòng 4"]
    assert "phạm vi" in lines["Dòng 5"] and "tương lai" in lines["Dòng 6"] and "trùng với dòng 2" in lines["Dòng 7"]
    assert "Dòng 6: " in page and "tương lai" in page
    assert CoverageSnapshot.objects.count() == 0 and not AuditEvent.objects.filter(action="coverage.import").exists()
    good = _xlsx([_row("P1-XA", "01/09/2025", 10, 4), _row("P1-XB", dt.datetime(2025, 9, 2), 5, 5, 100, 10)])
    _response, job, page = post_import(client, "/reports/coverage/import/", django_capture_on_commit_callbacks,
                                       {"file": good})
    assert job.state == Job.State.DONE and job.result_text == "Đã nhập 2 bản số liệu."
    assert job.result_url == "/reports/coverage/" and "Đã nhập 2 bản số liệu." in page
    snap = CoverageSnapshot.objects.get(organisation=world.org("commune_b"))
    assert (snap.as_of, snap.computers_antimalware, snap.security_budget, snap.source) == (
        dt.date(2025, 9, 2), 5, 10, CoverageSnapshot.Source.IMPORT)
    assert AuditEvent.objects.filter(action="coverage.import").count() == 1


def test_import_refuses_other_file_types(world, today, client_for):
    from attt.core.models import Job

    client = client_for("specialist")
    page = client.post("/reports/coverage/import/", {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary")})
    assert page.status_code == 200 and "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)." in page.content.decode()
    page = client.post("/reports/coverage/import/", {"file": SimpleUploadedFile("a.csv", "Ghi chú\nx\n".encode())})
    assert "Tệp thiếu cột: Mã đơn vị, Số liệu tại ngày." in page.content.decode()
    assert not Job.objects.exists()
    with pytest.raises(DomainError, match="Excel"):  # the importer refuses it too, should a job be forged
        tabular.import_snapshots(actor=world.users["specialist"],
                                 upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00binary"))


def test_four_layer_status(world, today):
    from attt.reporting.sections import layers
    from attt.systems.models import System

    system = System.objects.create(name="Cổng dịch vụ công xã", owner=world.org("commune_a"),
                                   operator=world.org("commune_a"), approved_level=2)
    services.layers_record(actor=world.users["unit_officer"], system=system, as_of=today, onsite_force=True,
                           professional_monitoring=True, independent_inspection=False, national_connection=False)
    data = layers.provide(world.org("commune_a"), Period(2025, 3), world.users["unit_officer"])
    values = {k: v for k, _l, v in data.figures}
    assert values["systems_assessed"] == 1 and values["professional_monitoring"] == 1 and values["all_four"] == 0
    with pytest.raises(PermissionDenied):
        services.layers_record(actor=world.users["officer_b"], system=system, as_of=today, onsite_force=True,
                               professional_monitoring=True, independent_inspection=True, national_connection=True)
