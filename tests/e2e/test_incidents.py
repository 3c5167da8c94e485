"""A citizen reports through the public page; the specialist verifies, assigns a responder,
records actions, marks it serious and closes it; the closing DOCX downloads and reads back; the
citizen's tracking page shows the closed status and nothing internal."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.conftest import TOTP_SECRET

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_public_report_to_closed_with_docx(page, world, browser, live_server):
    from attt.core import clock

    # The citizen, without an account.
    page.goto("/incidents/public/report/")
    detected = (clock.now() - dt.timedelta(hours=2)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    page.select_option("#id_province", str(world.org("province").pk))
    page.fill("#id_public_org_text", "Cổng thông tin xã An Bình")
    page.fill("#id_title", "Trang web giả mạo xã An Bình")
    page.select_option("#id_kind", "phishing")
    page.fill("#id_description", "Trang giả mạo yêu cầu nộp lệ phí qua thẻ.")
    page.fill("#id_detected_at", detected.strftime("%d/%m/%Y %H:%M"))
    page.fill("#id_reporter_name", "Nguyễn Văn Dân")
    page.fill("#id_reporter_phone", "0987654321")
    page.set_input_files("#id_files", files=[{"name": "anh.png", "mimeType": "image/png",
                                              "buffer": b"\x89PNG\r\n\x1a\n0000"}])
    page.click("#send-report")
    code = page.locator("#tracking-code").inner_text().strip()
    assert code.startswith("SC-")

    # The specialist handles it.
    staff = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    sp = staff.new_page()
    sp.set_default_timeout(20_000)
    sign_in(sp, "specialist", totp_secret=TOTP_SECRET)
    sp.goto("/incidents/?q=gia+mao+xa+an+binh")
    sp.click("text=Trang web giả mạo xã An Bình")
    sp.click("#do-verify")
    assert "Đang xác minh" in sp.locator("#incident-status").inner_text()
    sp.select_option("#id_responder", label="Responder")
    sp.click("#do-assign")
    assert "Responder" in sp.locator("#responders").inner_text()
    sp.click("#do-handle")
    sp.fill("#id_text", "Yêu cầu nhà mạng chặn tên miền giả mạo; lưu nhật ký DNS nội bộ 10.1.2.3")
    sp.click("#add-note")
    assert "chặn tên miền" in sp.locator("#timeline").inner_text()
    sp.click("#do-serious")
    for fact in ("critical_system", "cascading", "owner_cannot_handle"):
        sp.check(f"input[name=facts][value={fact}]")
    sp.click("#save-serious")
    assert "Nghiêm trọng" in sp.locator("#serious-decision").inner_text()
    assert sp.locator("[data-clock=serious-initial-notice]").count() == 1
    sp.click("#do-close")
    sp.fill("#id_closing_summary", "Đã chặn tên miền giả mạo, thông báo người dân.")
    sp.fill("#id_lessons_learned", "Đăng ký tên miền gần giống để phòng giả mạo.")
    sp.click("#close-incident")
    assert "Đã kết thúc" in sp.locator("#incident-status").inner_text()
    sp.click("#download-closing")  # starts the document job; its panel offers the file
    with sp.expect_download() as info:
        sp.click("#job-result")
    import docx

    with open(info.value.path(), "rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(c.text for t in document.tables for r in t.rows
                                                           for c in r.cells)
    assert "Đã chặn tên miền giả mạo" in text and "Đăng ký tên miền gần giống" in text
    staff.close()

    # The citizen follows the status: closed, nothing internal.
    page.goto(f"/incidents/public/track/?code={code}")
    assert page.locator("#public-status").inner_text() == "Đã kết thúc"
    body = page.content()
    assert "10.1.2.3" not in body and "Responder" not in body and "nghiêm trọng" not in body.lower()
