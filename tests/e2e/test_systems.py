"""The whole path of a system in a browser: register, classify (level 3), submit, returned with
a comment, fixed and resubmitted, appraised, approved by the owner's head, checklist, evidence,
compliance moves, and the DOCX decision downloads and reads back."""
from __future__ import annotations

import io
import re

import pytest

from tests.conftest import TOTP_SECRET

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def _as(browser, live_server, username, secret=None):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, username, totp_secret=secret)
    return page


def test_whole_path(page, browser, live_server, world, tmp_path):
    from attt.systems.models import Dossier, System

    from attt.orgs import services as org_services

    from .conftest import PASSWORD

    head_a, _pw = org_services.user_create(actor=None, username="head_a", full_name="Chủ tịch UBND xã",
                                           password=PASSWORD)
    org_services.membership_grant(actor=None, user=head_a, organisation=world.org("commune_a"), role="unit_head")
    officer = page
    sign_in(officer, "unit_officer")
    officer.goto("/systems/new/")
    officer.fill("#id_name", "Cổng một cửa điện tử thử nghiệm")
    officer.select_option("#id_owner", label="Xã An Bình")
    officer.select_option("#id_operator", label="Trung tâm Phục vụ hành chính công xã An Bình")
    officer.select_option("#id_kind", "public_service")
    officer.check("input[name=info_types][value=personal]")
    officer.fill("#id_users_count", "25000")
    officer.select_option("#id_regime_code", "legacy-nd85")
    officer.click("#save-system")
    officer.wait_for_selector("#classification-result")
    assert officer.inner_text("#criteria-level") == "3"
    officer.click("#save-classification")
    officer.wait_for_selector("#submit-dossier")
    dossier = Dossier.objects.get()
    assert dossier.level == 3
    officer.click("#submit-dossier")
    officer.wait_for_selector("#dossier-state:has-text('Đã nộp')")

    specialist = _as(browser, live_server, "specialist", TOTP_SECRET)
    specialist.goto(f"/systems/dossiers/{dossier.pk}/")
    specialist.click("#receive-dossier")
    specialist.wait_for_selector("#dossier-state:has-text('Đang thẩm định')")
    assert specialist.locator("#steps").inner_text().count("15 ngày") == 1
    specialist.click("#return-toggle")
    specialist.fill("#c-security_plan", "Bổ sung phương án sao lưu dữ liệu")
    specialist.click("#return-dossier")
    specialist.wait_for_selector("#dossier-state:has-text('Trả lại')")

    officer.goto(f"/systems/dossiers/{dossier.pk}/")
    assert "Bổ sung phương án sao lưu dữ liệu" in officer.inner_text("#parts")
    quy_che = tmp_path / "quy-che.pdf"
    quy_che.write_bytes(b"%PDF-1.4\nQuy che bao dam ATTT\n%%EOF\n")
    officer.select_option("#document-form select[name=part]", "security_regulation")
    officer.set_input_files("#document-form input[name=file]", str(quy_che))
    officer.click("#document-form button")
    officer.wait_for_selector("text=quy-che.pdf")
    officer.click("#submit-dossier")
    officer.wait_for_selector("#dossier-state:has-text('Đã nộp')")

    specialist.goto(f"/systems/dossiers/{dossier.pk}/")
    specialist.click("#receive-dossier")
    specialist.wait_for_selector("#appraise-dossier")
    assert specialist.locator("#approve-dossier").count() == 0
    specialist.click("#appraise-dossier")
    specialist.wait_for_selector("#dossier-state:has-text('Đã thẩm định')")
    assert specialist.locator("#approve-dossier").count() == 0  # level 3: the owner approves

    head = _as(browser, live_server, "head_a")
    head.goto(f"/systems/dossiers/{dossier.pk}/")
    head.fill("#approve-form input[name=decision_number]", "25/QĐ-UBND")
    head.fill("#approve-form input[name=approver_title]", "Chủ tịch UBND xã")
    head.click("#approve-dossier")
    head.wait_for_selector("#dossier-state:has-text('Đã phê duyệt')")
    system = System.objects.get()
    assert system.approved_level == 3

    officer.goto(f"/systems/{system.pk}/controls/")
    assert officer.locator("#checklist-table tbody tr").count() > 20
    assert officer.inner_text("#compliance") == "0,0\xa0%"  # one number format: a no-break space before %
    officer.click("#checklist-table tbody tr:first-child a")
    officer.select_option("#id_c-status", "implemented")
    officer.fill("#id_c-responsible", "Hoàng Thị Cán")
    officer.click("#save-control")
    officer.wait_for_selector("#checklist-table")
    assert re.match(r"^[1-9][0-9,]*\xa0%$", officer.inner_text("#compliance"))
    officer.click("#checklist-table tbody tr:first-child a")
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\nBien ban\n%%EOF\n")
    officer.set_input_files("#evidence-form input[name=e-file]", str(evidence))
    officer.click("#upload-evidence")
    officer.wait_for_selector("#evidence-list a:has-text('bien-ban.pdf')")

    officer.goto(f"/systems/dossiers/{dossier.pk}/")
    officer.click("#docx-decision")  # starts the document job; its panel offers the file
    with officer.expect_download() as info:
        officer.click("#job-result")
    import docx

    document = docx.Document(io.BytesIO(open(info.value.path(), "rb").read()))
    header = "\n".join(p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Số: 25/QĐ-UBND" in header
    assert "Phê duyệt cấp độ 3" in "\n".join(p.text for p in document.paragraphs)
