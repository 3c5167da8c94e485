"""A report as PDF in a worker job: LibreOffice converts under a limit set by ATTT_PDF_TIMEOUT; the
job shows "Đang chuyển sang PDF…" and stays alive while it waits; past the limit the job fails with a
clear Vietnamese message (no traceback) and LibreOffice is stopped with every process it started."""
from __future__ import annotations

import io
import os
import shutil
import tempfile
import time

import pytest

from attt.core.documents.engine import PdfTimeout, pdf_timeout, to_pdf
from attt.core.models import Job
from attt.reporting.exports import pdf
from tests.tooling import missing

pytestmark = pytest.mark.django_db


@pytest.fixture
def soffice():
    if shutil.which("soffice") is None:
        missing("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")


def _docx(paragraphs: int) -> bytes:
    from docx import Document

    doc = Document()
    for n in range(paragraphs):
        doc.add_paragraph(f"Dòng thử số {n}: bảo đảm an toàn thông tin. " * 10)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _processes_with(text: str) -> list[int]:
    """Live processes whose command line names `text` (zombies have none)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if text.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            continue
    return found


def test_the_limit_is_a_setting_larger_for_the_worker(settings):
    settings.ATTT_PDF_TIMEOUT = 1234
    assert pdf_timeout() == 1234
    del settings.ATTT_PDF_TIMEOUT
    assert pdf_timeout() == 900


def test_a_conversion_past_its_limit_stops_libreoffice_and_says_so(soffice, tmp_path, monkeypatch):
    data = _docx(8000)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the conversion's profile lives here
    beats = []
    started = time.monotonic()
    with pytest.raises(PdfTimeout) as err:
        to_pdf(data, timeout=1, on_wait=beats.append, wait_step=0.2)  # takes LibreOffice seconds
    assert time.monotonic() - started < 15
    assert str(err.value).startswith("Chuyển sang PDF quá thời gian cho phép (1 giây) nên đã dừng")
    assert "tải bản DOCX hoặc XLSX" in str(err.value)
    assert len(beats) >= 3 and beats == sorted(beats) and all(0 < b < 1 for b in beats)
    deadline = time.monotonic() + 5
    while _processes_with(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(str(tmp_path)) == []  # soffice, oosplash and soffice.bin are gone


def test_pdf_export_job_fails_with_the_message_past_the_limit(soffice, submitted, client_for, settings,
                                                              django_capture_on_commit_callbacks):
    settings.ATTT_PDF_TIMEOUT = 0.001  # LibreOffice cannot even start in a millisecond: always past the limit
    client = client_for("unit_officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{submitted.pk}/export/pdf/")
    job = Job.objects.get(kind="reporting.export")
    assert response.status_code == 302 and job.state == Job.State.FAILED
    assert job.error.startswith("Chuyển sang PDF quá thời gian cho phép (0.001 giây) nên đã dừng")
    assert "Traceback" not in job.error and not job.result_file
    page = client.get(response["Location"]).content.decode()
    assert "Chuyển sang PDF quá thời gian cho phép (0.001 giây)" in page and 'id="job-retry"' in page


def test_pdf_export_job_shows_the_conversion_step_and_finishes(soffice, submitted, client_for,
                                                               django_capture_on_commit_callbacks):
    steps = []

    class Seen:
        """Records what the writer reports (the job's Progress has the same two methods)."""

        def __call__(self, percent, step=""):
            steps.append((percent, str(step)))

        def beat(self, *_args):
            steps.append("beat")

    out = io.BytesIO()
    pdf.write(submitted, out, progress=Seen())
    assert [s[1] for s in steps if s != "beat"][:1] == ["Đang dàn trang phụ lục…"]  # the annex, drawn
    assert (92, "Đang ghép phụ lục vào báo cáo…") in steps and out.getvalue().startswith(b"%PDF")
    client = client_for("unit_officer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{submitted.pk}/export/pdf/")
    job = Job.objects.get(kind="reporting.export")
    assert job.state == Job.State.DONE and job.result_name.endswith(".pdf"), job.error
