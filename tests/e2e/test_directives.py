"""Directives in a browser (issue 4): upload seed 002, correct one assignee, publish; a commune
officer answers one task; after the date passes the province matrix shows it done and the rest
overdue; the specialist reminds the late units."""
from __future__ import annotations

import datetime as dt

import pytest

from attt.core import clock
from tests.conftest import TOTP_SECRET
from tests.directives.conftest import SEED_002, shared_dir

from .conftest import sign_in, open_nav
from tests.tooling import missing

pytestmark = pytest.mark.e2e


@pytest.fixture
def seed_path():
    shared = shared_dir()
    if shared is None:
        missing("shared/ not found (set ATTT_SHARED_DIR)")
    return shared / SEED_002


def test_directive_from_upload_to_reminder(page, browser, live_server, world, seed_path):
    from attt.directives.models import Assignment, Directive, Reminder

    clock.travel_to(dt.date(2025, 8, 10))
    try:
        # the specialist uploads the dispatch and reviews it
        sign_in(page, "specialist", totp_secret=TOTP_SECRET)
        open_nav(page, "directives")
        page.click("#import-link")
        page.set_input_files("input[name=file]", str(seed_path))
        page.click("#import-submit")
        page.wait_for_selector("#source mark.hl-deadline")
        assert "894/UBND-KH&CĐS" in page.inner_text("#f-number")
        assert page.locator("#source mark.hl-deadline", has_text="20/8/2025").count() >= 1
        # section 4 lost its heading in the OCR: the officer names the unit
        page.click("a[data-edit='4']")
        page.fill("textarea[name=assignees]", "Sở Tài chính")
        page.fill("input[name=due_on]", "31/02/2026")
        page.click("#save")
        assert "không hợp lệ" in page.inner_text("main")
        page.fill("input[name=due_on]", "25/08/2025")
        page.click("#save")
        page.wait_for_selector("#source")
        card = page.locator(".card[data-ref='4']")
        assert "Sở Tài chính" in card.inner_text() and "25/08/2025" in card.inner_text()
        page.click("#publish")  # a background job (immediate in tests): its panel links to the matrix
        page.click("#job-result")
        page.wait_for_selector("#matrix")
        directive = Directive.objects.get()
        assert directive.is_published
        assert Assignment.objects.filter(task__ref="4", organisation=world.org("finance")).exists()

        # a commune officer answers one task from the inbox
        officer = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
        sign_in(officer, "unit_officer")
        open_nav(officer, "directive_inbox")
        officer.click("#inbox tr[data-ref='1.-end'][data-org='Xã An Bình'] a")
        officer.select_option("select[name=status]", "done")
        officer.fill("textarea[name=report]", "Đã rà soát 5 hệ thống, gửi hồ sơ cấp độ về Công an tỉnh.")
        officer.set_input_files("input[name=files]", files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf",
                                                             "buffer": b"%PDF-1.4 bao cao"}])
        officer.click("#respond")
        officer.wait_for_selector("#status")
        assert "Đã hoàn thành" in officer.inner_text("#status")
        officer.context.close()

        # the date passes: done stays done, the rest is overdue
        clock.travel_to(dt.date(2025, 9, 1))
        page.goto(f"/directives/{directive.pk}/matrix/")
        end_task = directive.tasks.get(ref="1.-end").pk
        own = page.locator(f"tr[data-org='Xã An Bình'] td[data-task='{end_task}']")
        assert own.get_attribute("data-status") == "done" and own.get_attribute("data-overdue") is None
        other = page.locator(f"tr[data-org='Phường Bình Minh'] td[data-task='{end_task}']")
        assert other.get_attribute("data-overdue") == "1"
        open_dated = Assignment.objects.filter(due_on__lt=dt.date(2025, 9, 1)).exclude(status="done").count()
        assert page.locator("#matrix td[data-overdue='1']").count() == open_dated > 0

        # the specialist reminds all late units
        page.click("#remind-late")
        page.wait_for_selector(".alert-success")
        assert Reminder.objects.filter(kind="manual").count() == open_dated
        assert Reminder.objects.filter(assignment__organisation=world.org("commune_b"), kind="manual").exists()
    finally:
        clock.set_offset(dt.timedelta(0))
