"""The one number format in a browser: the budget drill-down shows Vietnamese money and ratios."""
from __future__ import annotations

import os

import pytest

from tests.reporting.conftest import coverage, today  # noqa: F401 - fixtures
from tests.reporting.test_numbers_pages import big_budget  # noqa: F401 - fixture

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_budget_figure_page_shows_vietnamese_money(page, world, big_budget, tmp_path):  # noqa: F811
    sign_in(page, "auditor")
    page.goto("/reports/dashboard/figure/budget/?period=2025-Q3")
    total = page.locator("#figure-total").inner_text()
    assert "2.035.000.000\u00a0đ" in total and "18.900.000.000\u00a0đ" in total
    row = page.locator("#figure-rows tbody tr", has_text="Sở Tài chính").inner_text()
    assert "10,8\u00a0%" in row
    page.screenshot(path=os.environ.get("ATTT_SCREENSHOT", str(tmp_path / "budget.png")), full_page=True)
