"""Official documents as background jobs in a browser: the specialist asks for the warning dispatch
from the warning page; the button starts a job, the panel shows its progress and then the file, a
DOCX in the NĐ 30 layout. ATTT_SCREENSHOTS=DIR keeps a screenshot of the page (1366x768)."""
from __future__ import annotations

import io
import os

import pytest

from tests.conftest import TOTP_SECRET
from tests.incidents.factories import make_warning

from .conftest import sign_in

pytestmark = pytest.mark.e2e


def test_warning_dispatch_from_the_warning_page(page, world):
    from docx import Document

    police = world.orgs["police"]
    police.head_title, police.head_name = "Giám đốc", "Nguyễn Văn Thủ Trưởng"
    police.save()
    warning = make_warning(world, manual=("commune_a", "commune_b"))
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    page.goto(warning.get_absolute_url())
    page.click("#warning-dispatch")
    page.wait_for_selector("#job-result")
    assert "Hoàn thành" in page.inner_text(".job-progress")
    if os.environ.get("ATTT_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ATTT_SCREENSHOTS"], "warning-dispatch-job.png"))
    with page.expect_download() as info:
        page.click("#job-result")
    assert info.value.suggested_filename == f"cong-van-canh-bao-{warning.pk}.docx"
    document = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Kính gửi:" in text and "Nguyễn Văn Thủ Trưởng" in text


from tests.directives.conftest import at_issue, imported, published, seed002  # noqa: E402,F401  (fixtures)


def test_progress_summary_from_the_progress_page(page, world, published):  # noqa: F811
    from docx import Document

    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "specialist", totp_secret=TOTP_SECRET)
    page.goto(f"/directives/{published.pk}/matrix/")
    page.click("#progress-report-pdf")
    page.wait_for_selector("#job-result")
    assert page.is_disabled("#progress-report") is False  # the job is over: the buttons are back
    if os.environ.get("ATTT_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ATTT_SCREENSHOTS"], "progress-report-job.png"))
    with page.expect_download() as info:
        page.click("#job-result")
    assert info.value.suggested_filename == f"bao-cao-tien-do-{published.pk}.pdf"
    assert open(info.value.path(), "rb").read(5) == b"%PDF-"
    page.click("#progress-report")
    page.wait_for_selector("#job-result:has-text('.docx')")
    with page.expect_download() as info:
        page.click("#job-result")
    document = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    assert [s.orientation for s in document.sections][-1] == 1  # WD_ORIENT.LANDSCAPE: the annex
