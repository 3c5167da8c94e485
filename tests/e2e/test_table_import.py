"""Excel/CSV import as a job in a browser: a file with a wrong row shows every wrong row in the
job's panel and saves nothing; the corrected file imports, the panel shows the summary."""
from __future__ import annotations

import pytest

from tests.conftest import TOTP_SECRET

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_org_import_runs_as_a_job_and_reports_rows(page, world, tmp_path):
    from attt.orgs.models import Organisation

    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    bad = tmp_path / "to-chuc.csv"
    bad.write_text("Mã,Tên,Loại,Mã đơn vị cấp trên\nT-A,Xã Thử A,commune,P1\nT-B,,commune,P1\n", encoding="utf-8")
    page.goto("/orgs/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("#import-submit")
    page.wait_for_selector(".job-progress[data-job-state=failed]")
    error = page.locator(".job-error").inner_text()
    assert "chưa có gì được lưu" in error and "Dòng 3: thiếu tên" in error
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(tmp_path / "import-failed.png"), full_page=True)
    assert not Organisation.objects.filter(code="T-A").exists()
    good = tmp_path / "to-chuc-dung.csv"
    good.write_text("Mã,Tên,Loại,Mã đơn vị cấp trên\nT-A,Xã Thử A,commune,P1\nT-B,Xã Thử B,commune,P1\n",
                    encoding="utf-8")
    page.set_input_files("input[type=file]", str(good))
    page.click("#import-submit")
    page.wait_for_selector(".job-progress[data-job-state=done]")
    assert "Đã nhập: 2 tổ chức mới, 0 tổ chức cập nhật." in page.locator(".job-result-text").inner_text()
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)
    assert Organisation.objects.filter(code__in=["T-A", "T-B"]).count() == 2


def test_supplier_import_with_its_unit_runs_as_a_job(page, world, tmp_path):
    """The shared import form with the page's own field (the unit of the supplier list)."""
    from attt.preparedness.models import Supplier

    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    bad = tmp_path / "ncc.csv"
    bad.write_text("Tên nhà cung cấp,Mã số thuế\nCông ty A,0100109106\nCông ty B,123\n", encoding="utf-8")
    page.goto("/preparedness/suppliers/import/")
    page.select_option("select[name=organisation]", str(world.org("province").pk))
    page.set_input_files("input[type=file]", str(bad))
    page.click("#import-submit")
    page.wait_for_selector(".job-progress[data-job-state=failed]")
    assert "Dòng 3: mã số thuế “123” không hợp lệ" in page.locator(".job-error").inner_text()
    assert not Supplier.objects.exists()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(tmp_path / "supplier-import-failed.png"), full_page=True)
    good = tmp_path / "ncc-dung.csv"
    good.write_text("Tên nhà cung cấp,Mã số thuế\nCông ty A,0100109106\n", encoding="utf-8")
    page.select_option("select[name=organisation]", str(world.org("province").pk))
    page.set_input_files("input[type=file]", str(good))
    page.click("#import-submit")
    page.wait_for_selector(".job-progress[data-job-state=done]")
    assert "Đã nhập: 1 nhà cung cấp mới, 0 cập nhật." in page.locator(".job-result-text").inner_text()
    assert Supplier.objects.get().organisation == world.org("province")
