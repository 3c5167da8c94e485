"""Reports show the local day (Asia/Ho_Chi_Minh), never the UTC day: between 00:00 and 07:00 local
the UTC day is still the day before. Each test here failed before the dates helper."""
import datetime as dt
import io

import openpyxl
import pytest
from docx import Document

from attt.reporting import services
from attt.reporting.exports import header_lines, xlsx
from attt.reporting.models import Report, ReportRow
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db
Q3 = Period(2025, 3)


@pytest.fixture
def early_morning(coverage, frozen_time):
    """10/09/2025 05:43 in Việt Nam, which is 09/09/2025 22:43 UTC."""
    return frozen_time("2025-09-10 05:43")


def _report(world, who="unit_officer", org="commune_a"):
    return services.report_create(actor=world.users[who], organisation=world.org(org), period=Q3)


def test_xlsx_sent_at_and_header_are_local(world, early_morning):
    officer = world.users["unit_officer"]
    report = services.report_submit(actor=officer, report=_report(world))
    buf = io.BytesIO()
    xlsx.write(report, buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Tổng hợp"]
    summary = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert summary["Gửi lúc"] == "10/09/2025 05:43"
    assert header_lines(report)["place_date"].endswith("ngày 10 tháng 9 năm 2025")


def test_draft_header_reads_the_local_day(world, early_morning):
    draft = _report(world)
    assert draft.status == Report.Status.DRAFT
    assert "ngày 10 tháng 9 năm 2025" in header_lines(draft)["place_date"]
    from attt.reporting.exports import docx

    buf = io.BytesIO()
    docx.write(draft, buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "ngày 10 tháng 9 năm 2025" in text and "ngày 09 tháng 9" not in text


def test_province_report_lists_the_local_day_of_sending(world, early_morning):
    services.report_submit(actor=world.users["unit_officer"], report=_report(world))
    province = services.report_create(actor=world.users["specialist"], organisation=world.org("province"),
                                      period=Q3, kind=Report.Kind.PROVINCE)
    rows = ReportRow.objects.filter(report=province, section="province_units").values_list("values", flat=True)
    sent = [r[1] for r in rows if r[0] == world.org("commune_a").name]
    assert sent == ["Có (lần 1, 10/09/2025)"]


def test_sent_after_local_midnight_of_the_due_day_is_late(world, coverage, frozen_time):
    report = _report(world)
    due = report.due_date
    # 00:30 local on the day after the due date is still the due date in UTC.
    frozen_time(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0, 30)))
    services.report_submit(actor=world.users["unit_officer"], report=report)
    province = services.report_create(actor=world.users["specialist"], organisation=world.org("province"),
                                      period=Q3, kind=Report.Kind.PROVINCE)
    assert province.figure("province_units", "units_submitted") == 1
    assert province.figure("province_units", "units_on_time") == 0
