"""Preparedness in a browser: a commune officer writes a response plan for its system, the province
specialist plans a drill of it and records it with a finding, and the finding becomes the commune's
remediation task with a deadline."""
from __future__ import annotations

import datetime as dt
import os

import pytest

from attt.core import clock
from tests.conftest import TOTP_SECRET

from .conftest import open_nav, sign_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("ATTT_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_commune_plans_province_drills_finding_becomes_a_task(page, world):
    from attt.preparedness.models import Drill, DrillFinding, ResponsePlan
    from attt.systems.models import System

    clock.travel_to(dt.date(2026, 11, 20))
    system = System(name="Cổng thông tin xã An Bình", owner=world.org("commune_a"), operator=world.org("commune_a"),
                    status=System.Status.OPERATING, approved_level=3)
    system.save()
    page.set_viewport_size({"width": 1366, "height": 768})

    sign_in(page, "unit_officer")
    open_nav(page, "preparedness")
    page.wait_for_selector("#preparedness-tabs")
    page.goto("/preparedness/plans/new/")
    page.fill("input[name=title]", "Phương án ứng phó sự cố cổng thông tin xã")
    page.select_option("select[name=organisation]", str(world.org("commune_a").pk))
    page.check(f"input[name=systems][value='{system.pk}']")
    page.click("#save-plan")
    page.wait_for_selector(".alert-danger")
    assert "ít nhất một kịch bản" in page.inner_text(".alert-danger")
    page.check("input[name=sc_defacement]")
    page.fill("textarea[name=sd_defacement]", "Gỡ trang, khôi phục bản sao lưu, báo Đội ứng cứu tỉnh")
    page.fill("textarea[name=contacts]", "Chỉ huy | Nguyễn Văn An | 0912 345 678 | an@anbinh.gov.vn")
    page.fill("input[name=rto_hours]", "4")
    _shot(page, "plan-form")
    page.click("#save-plan")
    page.wait_for_selector("#plan-versions")
    plan = ResponsePlan.objects.get()
    assert "Gỡ trang" in page.inner_text("#plan-scenarios")
    _shot(page, "plan")

    page.context.clear_cookies()
    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    page.goto(plan.get_absolute_url())
    page.click("#plan-drill")
    page.wait_for_selector("#drill-form")
    page.select_option("select[name=organisation]", str(world.org("province").pk))
    page.select_option("select[name=scenario]", "defacement")
    page.fill("input[name=planned_on]", "19/11/2026")
    page.fill("textarea[name=participants]", "Đội ứng cứu sự cố tỉnh; UBND xã An Bình")
    page.click("#save-drill")
    page.wait_for_selector("#drill-record-form")
    drill = Drill.objects.get()
    assert list(drill.systems.all()) == [system] and drill.plan == plan
    page.fill("input[name=held_on]", "19/11/2026")
    page.fill("textarea[name=timeline]", "08:00 phát hiện thay đổi giao diện; 08:40 gỡ trang; 10:15 khôi phục")
    page.fill("input[name=f1_description]", "Chưa bật cảnh báo thay đổi nội dung trang")
    page.select_option("select[name=f1_organisation]", str(world.org("commune_a").pk))
    page.fill("input[name=f1_deadline]", "31/12/2026")
    _shot(page, "drill-record")
    page.click("#record-drill")
    page.wait_for_selector("#findings-table")
    assert "Đã thực hiện" in page.inner_text("#drill-state")
    _shot(page, "drill-done")

    page.context.clear_cookies()
    sign_in(page, "unit_officer")
    page.goto("/preparedness/findings/")
    page.wait_for_selector("#open-findings")
    text = page.inner_text("#open-findings")
    assert "Chưa bật cảnh báo thay đổi nội dung trang" in text and "31/12/2026" in text
    _shot(page, "findings")
    finding = DrillFinding.objects.get()
    assert finding.organisation == world.org("commune_a") and finding.deadline == dt.date(2026, 12, 31)
    page.goto("/preparedness/")
    _shot(page, "overview")
