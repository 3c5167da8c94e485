"""The province administrator replaces the decision template in the browser, sees a broken one
refused with its line, and the page lists the version in use. ATTT_SCREENSHOTS=DIR saves the page."""
from __future__ import annotations

import os

import pytest

from tests.conftest import TOTP_SECRET

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_uploads_a_template_in_the_browser(page, world, settings, tmp_path):
    from attt.core.models import DocumentTemplate
    from tests.core.test_document_templates import WORD, _edited

    settings.MEDIA_ROOT = tmp_path / "media"
    good, broken = tmp_path / "quyet-dinh.docx", tmp_path / "hong.docx"
    good.write_bytes(_edited("decision", WORD))
    broken.write_bytes(_edited("decision", "{% if so_quyet_dinh %} chưa đóng"))
    province = world.org("province")

    sign_in(page, "admin", totp_secret=TOTP_SECRET)
    page.goto(province.get_absolute_url())
    page.click("text=Mẫu văn bản")
    row = page.locator("tr", has=page.locator("text=decision"))
    row.locator("input[type=file]").set_input_files(str(broken))
    row.locator("button", has_text="Tải lên").click()
    page.wait_for_selector(".alert-danger")
    assert "đoạn 1" in page.inner_text(".alert-danger")
    assert not DocumentTemplate.objects.exists()

    row = page.locator("tr", has=page.locator("text=decision"))
    row.locator("input[type=file]").set_input_files(str(good))
    row.locator("button", has_text="Tải lên").click()
    page.wait_for_selector("text=Của tỉnh, phiên bản 1")
    assert DocumentTemplate.objects.get(active=True).version == 1
    if os.environ.get("ATTT_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=os.path.join(os.environ["ATTT_SCREENSHOTS"], "province-templates.png"), full_page=True)
