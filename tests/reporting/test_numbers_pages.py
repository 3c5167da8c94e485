"""Money and ratios on the reporting pages use the one number format (issue 14)."""
import datetime as dt

import pytest
from django.urls import reverse

from attt.core import clock
from attt.reporting import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_budget(world, coverage):
    clock.travel_to(dt.date(2025, 9, 5))
    services.snapshot_create(actor=world.users["specialist"], organisation=world.org("finance"),
                             as_of=dt.date(2025, 9, 5),
                             values={"computers_total": 40, "it_budget_total": 18_900_000_000,
                                     "security_budget": 2_035_000_000})
    clock.travel_to(dt.date(2025, 9, 10))


def test_budget_figure_shows_vietnamese_money(world, big_budget, client_for):
    body = client_for("auditor").get(reverse("reporting:figure", args=["budget"]) + "?period=2025-Q3").content.decode()
    assert "2.035.000.000\u00a0đ" in body and "18.900.000.000\u00a0đ" in body
    assert "2035000000" not in body and "18900000000" not in body
    assert "10,8\u00a0%" in body  # 2 035 / 18 900 = 10.77 %


def test_budget_figure_in_english(world, big_budget, client_for):
    client = client_for("auditor")
    client.cookies["attt_language"] = "en"
    body = client.get(reverse("reporting:figure", args=["budget"]) + "?period=2025-Q3").content.decode()
    assert "2,035,000,000 VND" in body and "10.8%" in body


def test_dashboard_ratio_has_a_decimal_comma_and_spaced_sign(world, coverage, client_for):
    body = client_for("province_leader").get(reverse("reporting:dashboard") + "?period=2025-Q3").content.decode()
    assert "8,0\u00a0%</strong>" in body  # the security budget share of 80 000 000 / 1 000 000 000
    assert "(54,3\u00a0%)" in body  # antimalware 38/70
    assert "8.0%" not in body and "54.3%" not in body


def test_coverage_list_and_its_xlsx_carry_grouped_money(world, big_budget, client_for):
    import io

    import openpyxl

    client = client_for("specialist")
    url = reverse("reporting:coverage_list") + f"?org={world.org('finance').pk}"
    assert "18.900.000.000\u00a0đ" in client.get(url).content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2))
    money = next(c for r in rows for c in r if c.value == 18_900_000_000)
    assert money.number_format == "#,##0" and isinstance(money.value, int)  # a real number, grouped
