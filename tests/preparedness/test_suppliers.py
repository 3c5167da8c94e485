"""Supplier register: tax codes (MST check digit), contracts (end after start, commitments),
assessments, exposed systems, Excel import (all or nothing) and export, expiry reminders, API."""
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.errors import DomainError
from attt.preparedness import selectors, services
from attt.preparedness.models import Contract, Supplier

pytestmark = pytest.mark.date_sensitive

GOOD = "0100109106"      # check digit 6
BRANCH = "0100109106-001"


@pytest.mark.parametrize("code,ok", [
    (GOOD, True), (BRANCH, True), ("0100109107", False), ("010010910", False), ("0100109106-000", False),
    ("0100109106-01", False), ("abc", False), ("", False), ("0101243150", True),
])
def test_tax_code_check_digit(code, ok):
    assert services.tax_code_valid(code) is ok


def _supplier(world, code=GOOD, actor="specialist"):
    return services.supplier_save(actor=world.users[actor], organisation=world.org("province"),
                                  data={"name": "Công ty Dữ liệu Số", "tax_code": code, "services": "Lưu trữ, SOC"})


def test_invalid_tax_code_is_refused_with_a_message(world, now):
    with pytest.raises(DomainError, match="Mã số thuế"):
        _supplier(world, code="0100109107")
    assert not Supplier.objects.exists()


def test_contract_end_after_start_and_exposed_systems(world, make_system, now):
    supplier = _supplier(world)
    system = make_system()
    officer = world.users["unit_officer"]
    with pytest.raises(DomainError, match="sau ngày bắt đầu"):
        services.contract_save(actor=officer, organisation=world.org("commune_a"), supplier=supplier, title="Thuê máy chủ",
                               starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 1, 1), systems=[system])
    with pytest.raises(DomainError, match="số giờ"):
        services.contract_save(actor=officer, organisation=world.org("commune_a"), supplier=supplier, title="Thuê máy chủ",
                               starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31), systems=[system],
                               commitments=["incident_notification"])
    assert not Contract.objects.exists()
    services.contract_save(actor=officer, organisation=world.org("commune_a"), supplier=supplier, title="Thuê máy chủ",
                           starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31), systems=[system],
                           commitments=["confidentiality", "incident_notification"], notify_hours=24)
    assert list(selectors.exposed_systems(user=world.users["specialist"], supplier=supplier)) == [system]
    assert list(selectors.exposed_systems(user=world.users["officer_b"], supplier=supplier)) == []
    services.assessment_record(actor=world.users["specialist"], supplier=supplier, risk_level="high", notes="Chưa có ISO")
    assert list(selectors.suppliers_at_risk(user=world.users["specialist"])) == [supplier]


def test_expiry_reminder_is_sent_once(world, make_system, now):
    from attt.directives.models import Notification
    from attt.preparedness.reminders import contracts_remind

    supplier = _supplier(world)
    services.contract_save(actor=world.users["unit_officer"], organisation=world.org("commune_a"), supplier=supplier,
                           title="Thuê đường truyền", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    assert contracts_remind() == 1 and contracts_remind() == 0
    assert Notification.objects.filter(user=world.users["unit_officer"], title__contains="sắp hết hạn").count() == 1


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên nhà cung cấp", "Mã số thuế", "Dịch vụ", "Đầu mối liên hệ", "Chứng nhận"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("ncc.xlsx", buf.getvalue())


def test_import_is_all_or_nothing_and_export_round_trips(world, client_for, now, django_capture_on_commit_callbacks):
    """The import page starts a job for the chosen unit; a wrong row fails it, listed, nothing saved."""
    from attt.core.models import Job
    from attt.preparedness import tabular

    from tests.imports_via_job import post_import

    client = client_for("specialist")
    province = world.org("province")
    bad = _xlsx([["Công ty A", GOOD, "Hosting", "", ""], ["Công ty B", "123", "", "", ""]])
    _r, job, page = post_import(client, "/preparedness/suppliers/import/", django_capture_on_commit_callbacks,
                                {"file": bad, "organisation": province.pk})
    assert job.kind == tabular.SUPPLIERS_IMPORT and job.state == Job.State.FAILED
    assert job.params["options"] == {"organisation_id": province.pk} and job.organisation == province
    assert job.error.splitlines()[1:] == ["Dòng 3: mã số thuế “123” không hợp lệ"] and "Dòng 3: " in page
    assert not Supplier.objects.exists()
    good = _xlsx([["Công ty A", GOOD, "Hosting", "", ""], ["Công ty B", BRANCH, "SOC", "", "ISO 27001"]])
    _r, job, page = post_import(client, "/preparedness/suppliers/import/", django_capture_on_commit_callbacks,
                                {"file": good, "organisation": province.pk})
    assert job.state == Job.State.DONE and job.result_text == "Đã nhập: 2 nhà cung cấp mới, 0 cập nhật."
    assert set(Supplier.objects.values_list("organisation", flat=True)) == {province.pk}
    # a unit outside the user's scope is refused in the request; no job
    response = client_for("unit_officer").post("/preparedness/suppliers/import/", {
        "file": _xlsx([["Công ty C", GOOD, "", "", ""]]), "organisation": province.pk})
    assert response.status_code == 200 and 'id="import-form"' in response.content.decode()
    assert Job.objects.filter(kind=tabular.SUPPLIERS_IMPORT).count() == 2
    response = client.get("/preparedness/suppliers/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:2] == ["Công ty A", GOOD]


def test_api_scoped_and_validated(world, now):
    from django.test import Client

    from attt.orgs.services import token_create

    def call(who, method, url, **kw):
        key = token_create(actor=world.users[who], name="t")[1]
        return getattr(Client(), method)(url, HTTP_AUTHORIZATION=f"Bearer {key}", content_type="application/json", **kw)

    r = call("specialist", "post", "/api/v1/preparedness/suppliers",
             data={"organisation_id": world.org("province").pk, "name": "Công ty C", "tax_code": "0100109107"})
    assert r.status_code == 400 and "Mã số thuế" in r.json()["detail"]
    r = call("specialist", "post", "/api/v1/preparedness/suppliers",
             data={"organisation_id": world.org("province").pk, "name": "Công ty C", "tax_code": GOOD})
    assert r.status_code == 201
    pk = r.json()["id"]
    assert call("specialist", "get", "/api/v1/preparedness/suppliers").json()["count"] == 1
    assert call("officer_q", "get", f"/api/v1/preparedness/suppliers/{pk}").status_code == 404


def test_dependencies_page_queries_do_not_grow_with_suppliers(world, make_system, client_for, now,
                                                               django_assert_max_num_queries):
    system = make_system()
    for n, code in enumerate([GOOD, "0101243150"]):
        supplier = services.supplier_save(actor=world.users["specialist"], organisation=world.org("province"),
                                          data={"name": f"Công ty {n}", "tax_code": code})
        services.contract_save(actor=world.users["specialist"], organisation=world.org("commune_a"), supplier=supplier,
                               title=f"Hợp đồng {n}", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2027, 1, 1),
                               systems=[system])
    client = client_for("specialist")
    client.get("/preparedness/suppliers/dependencies/")
    with django_assert_max_num_queries(12):
        page = client.get("/preparedness/suppliers/dependencies/").content.decode()
    assert page.count("Cổng dịch vụ công") == 2


def test_a_commune_sees_the_province_register_and_records_its_own_contract(world, make_system, client_for, now):
    supplier = _supplier(world)
    system = make_system()
    client = client_for("unit_officer")
    assert client.get(supplier.get_absolute_url()).status_code == 200
    assert client.get(f"/preparedness/suppliers/{supplier.pk}/edit/").status_code == 403
    response = client.post(supplier.get_absolute_url(), {
        "form": "contract", "c-title": "Thuê chỗ đặt máy chủ", "c-organisation": world.org("commune_a").pk,
        "c-starts_on": "01/01/2026", "c-ends_on": "31/12/2027", "c-systems": [system.pk],
        "c-commitments": ["confidentiality", "exit"]})
    assert response.status_code == 302
    assert Contract.objects.get().organisation == world.org("commune_a")
    assert list(selectors.exposed_systems(user=world.users["specialist"], supplier=supplier)) == [system]
    # a commune cannot sign a contract in another unit's name
    page = client.post(supplier.get_absolute_url(), {
        "form": "contract", "c-title": "Khác", "c-organisation": world.org("commune_b").pk,
        "c-starts_on": "01/01/2026", "c-ends_on": "31/12/2027"})
    assert page.status_code in (200, 403) and Contract.objects.count() == 1


def test_systems_running_the_suppliers_products_are_exposed(world, make_system, now):
    from attt.systems.services import system_set_products

    system = make_system("Cổng thông tin điện tử")
    other = make_system("Hệ thống khác")
    system_set_products(actor=world.users["unit_officer"], system=system,
                        products=[{"vendor": "Misa", "product": "AMIS", "version": "2.1"}])
    system_set_products(actor=world.users["unit_officer"], system=other,
                        products=[{"vendor": "Misaki", "product": "Tool", "version": "1"}])
    supplier = services.supplier_save(actor=world.users["specialist"], organisation=world.org("province"),
                                      data={"name": "Công ty Cổ phần MISA", "tax_code": GOOD, "vendor_names": "MISA"})
    assert list(selectors.exposed_systems(user=world.users["specialist"], supplier=supplier)) == [system]
