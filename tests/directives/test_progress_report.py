"""The directive progress summary (báo cáo tình hình thực hiện): started from the progress page as a
job, its figures from the assignments, a landscape annex with one line per unit."""
import io

import docx
import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT

from tests.documents_via_job import fetch

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_progress_summary_from_the_progress_page(world, published, client_for, django_capture_on_commit_callbacks):
    from attt.directives.models import Assignment

    first = Assignment.objects.filter(directive=published).order_by("pk").first()
    first.status = Assignment.Status.DONE
    first.save(update_fields=["status"])
    total = Assignment.objects.filter(directive=published).count()
    units = Assignment.objects.filter(directive=published).values("organisation").distinct().count()
    client = client_for("specialist")
    url = reverse("directives:progress_report", args=[published.pk])
    assert url in client.get(reverse("directives:matrix", args=[published.pk])).content.decode()
    started, job, content = fetch(client, url, django_capture_on_commit_callbacks)
    assert started.status_code == 302 and started.url.startswith(reverse("directives:matrix", args=[published.pk]))
    assert job.result_name == f"bao-cao-tien-do-{published.pk}.docx"
    document = docx.Document(io.BytesIO(content))
    text = _text(document)
    assert "BÁO CÁO" in text and "Tình hình thực hiện" in text and published.number in text
    figures = {}
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if len(cells) == 2:
                figures.setdefault(cells[0], cells[1])
    assert figures["Số lượt giao việc (nhiệm vụ × đơn vị)"] == f"{total:,}".replace(",", ".")
    assert figures["Số cơ quan, đơn vị được giao"] == str(units)
    assert figures["Đã hoàn thành"].startswith("1 (")
    assert "TÌNH HÌNH THỰC HIỆN CỦA CÁC CƠ QUAN, ĐƠN VỊ" in text and "Tỷ lệ hoàn thành" in text
    # the annex (9 columns) is on landscape pages, the body stays portrait
    sections = document.sections
    assert len(sections) == 2
    assert sections[0].orientation == WD_ORIENT.PORTRAIT and sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert sections[-1].page_width > sections[-1].page_height
    # signed by the head of the body that tracks the directive, never the user who clicked
    clicked = world.users["specialist"].get_full_name()
    assert not clicked or clicked not in text


def test_no_summary_before_publishing(world, imported, client_for, django_capture_on_commit_callbacks):
    from attt.core.models import Job

    started, job, _ = fetch(client_for("specialist"), reverse("directives:progress_report", args=[imported.pk]),
                            django_capture_on_commit_callbacks)
    assert started.status_code == 302 and job is None and not Job.objects.exists()


def test_matrix_export_colours_the_task_cells(world, published, client_for):
    import openpyxl

    from attt.directives.models import Assignment

    first = Assignment.objects.filter(directive=published).order_by("organisation__path", "pk").first()
    first.status = Assignment.Status.DONE
    first.save(update_fields=["status"])
    response = client_for("specialist").get(reverse("directives:matrix", args=[published.pk]) + "?export=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    fills = {}
    for row in ws.iter_rows(min_row=2):
        for cell in row[2:]:
            if isinstance(cell.value, str) and cell.fill.fill_type == "solid":
                fills.setdefault(cell.value, cell.fill.fgColor.rgb[-6:])
    assert fills.get("Đã hoàn thành") == "C6EFCE"
    assert any(v == "FFC7CE" for k, v in fills.items() if "quá hạn" in k) or any(
        v == "E7E6E6" for k, v in fills.items() if k == "Chưa thực hiện")
    assert wb.sheetnames[-1] == "Chú giải"
