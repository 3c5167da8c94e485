"""Reporting in a browser: a commune submits its quarterly report, the province dashboard
changes, and the province report downloads as DOCX, XLSX and PDF with the expected figures."""
from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from tests.conftest import TOTP_SECRET
from tests.reporting.conftest import coverage, today  # noqa: F401 - fixtures

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def _as(browser, live_server, username, totp=None):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, username, totp_secret=totp)
    return page


def test_unit_submits_dashboard_changes_province_report_downloads(page, browser, live_server, world, coverage):
    sign_in(page, "province_leader")
    page.goto("/reports/dashboard/?period=2025-Q3")
    assert page.locator("#submitted-count").inner_text() == "0/4"
    assert page.locator("[data-ratio=antimalware] .card-figure").inner_text() == "38/70"

    officer = _as(browser, live_server, "unit_officer")
    officer.goto("/reports/")
    officer.click("#new-unit-report")
    officer.click("#report-new-form button[type=submit]")
    officer.wait_for_selector("#report-status")
    assert officer.locator("#report-status").inner_text() == "Dự thảo"
    assert officer.locator("#part-coverage [data-key=computers_total] td.text-end").inner_text() == "30"
    officer.click("#edit-report")
    officer.fill("textarea[name=summary]", "Xã đã rà soát toàn bộ máy tính.")
    officer.click("#report-edit-form button[type=submit]")
    officer.wait_for_selector("#report-summary")
    officer.click("#submit-report")
    officer.wait_for_selector("#report-status:has-text('Đã gửi')")
    assert officer.locator("#submit-report").count() == 0

    page.reload()
    assert page.locator("#submitted-count").inner_text() == "1/4"

    specialist = _as(browser, live_server, "specialist", totp=TOTP_SECRET)
    specialist.goto("/reports/new/?kind=province&period=2025-Q3")
    specialist.click("#report-new-form button[type=submit]")
    specialist.wait_for_selector("#missing-units")
    assert "3 đơn vị chưa gửi báo cáo" in specialist.locator("#missing-units").inner_text()
    specialist.click("#export-docx")  # starts the export job; its panel offers the file
    with specialist.expect_download() as info:
        specialist.click("#job-result")
    doc = Document(info.value.path())
    cells = {}
    for table in doc.tables:
        for row in table.rows:
            texts = [c.text for c in row.cells]
            if len(texts) == 2:
                cells.setdefault(texts[0], texts[1])
    assert cells["Đơn vị đã gửi báo cáo"] == "1" and cells["Máy tính đang sử dụng"] == "70"
    assert cells["Máy tính có phòng chống mã độc tập trung"] == "38"
    specialist.click("#export-xlsx")  # starts the export job; its panel offers the file
    with specialist.expect_download() as info:
        specialist.click("#job-result")
    wb = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    summary = {r[0]: r[1] for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Đơn vị phải báo cáo"] == 4 and summary["Đơn vị đã gửi báo cáo"] == 1
    assert summary["Máy tính đang sử dụng"] == 70
    specialist.click("#export-pdf")  # the body through LibreOffice, the annexes drawn onto pages
    with specialist.expect_download() as info:
        specialist.click("#job-result")
    assert info.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(info.value.path())
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts[0]
    annex = next(i for i, t in enumerate(texts) if "Phụ lục 1" in t and "Kèm theo Báo cáo" in t)
    assert texts[annex].startswith(str(annex + 1)) and "Đơn vị" in texts[annex]
