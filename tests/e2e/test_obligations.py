"""Recurring duties in a browser: a commune officer opens the calendar and submits an
occurrence with a file; after the due date passes, the province calendar shows it submitted
and another unit's occurrence overdue."""
from __future__ import annotations

import datetime as dt

import pytest

from attt.core import clock
from tests.conftest import TOTP_SECRET

from .conftest import sign_in, open_nav

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_officer_submits_and_the_province_sees_submitted_and_overdue(page, world):
    from attt.obligations import services
    from attt.obligations.models import Occurrence

    clock.travel_to(dt.date(2026, 12, 1))
    services.sync_duty_rules()
    services.generate_occurrences()
    mine = Occurrence.objects.get(target_key=f"o{world.org('commune_a').pk}", rule_key="new-nd331:quarterly-report",
                                  due_date=dt.date(2026, 12, 15))
    late = Occurrence.objects.get(target_key=f"o{world.org('commune_b').pk}", rule_key="new-nd331:quarterly-report",
                                  due_date=dt.date(2026, 12, 15))

    sign_in(page, "unit_officer")
    open_nav(page, "obligations")
    page.wait_for_selector("#month-title")
    assert "Tháng 12/2026" in page.inner_text("#month-title")
    assert page.locator(f"[data-occurrence='{late.pk}']").count() == 0  # another commune: not in my calendar
    page.click(f"td[data-day='2026-12-15'] a[data-occurrence='{mine.pk}']")
    page.wait_for_selector("#submit-form")
    page.set_input_files("input[name=file]", files=[{"name": "bao-cao-quy-4.pdf", "mimeType": "application/pdf",
                                                      "buffer": PDF}])
    page.fill("textarea[name=note]", "Báo cáo quý IV/2026 của xã An Bình")
    page.click("#submit-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "bao-cao-quy-4.pdf" in page.content()
    mine.refresh_from_db()
    assert mine.status == "submitted" and mine.submissions.get().file_size == len(PDF)

    clock.travel_to(dt.date(2026, 12, 16))
    page.context.clear_cookies()
    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    page.goto("/duties/?month=2026-12")
    day = page.locator("td[data-day='2026-12-15']")
    assert "table-danger" in day.get_attribute("class")
    assert day.locator(f"a[data-occurrence='{mine.pk}'] ~ [data-state='submitted']").count() == 1
    assert day.locator(f"a[data-occurrence='{late.pk}'] ~ [data-state='overdue']").count() == 1
    page.goto("/duties/?view=list&from=15/12/2026&to=15/12/2026")
    assert "table-danger" in (page.locator(f"tr[data-occurrence='{late.pk}']").get_attribute("class") or "")
    assert "table-danger" not in (page.locator(f"tr[data-occurrence='{mine.pk}']").get_attribute("class") or "")
    assert page.locator(f"tr[data-occurrence='{mine.pk}'] [data-state='submitted']").count() == 1
