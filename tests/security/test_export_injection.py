"""Formula injection in exports (issue 10, item 6): text a unit typed that a spreadsheet would run
as a formula is neutralised (OWASP: a leading single quote) in every XLSX and CSV export, while
numbers stay numbers."""
from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from attt.core import clock
from attt.core.tabular import safe_cell

PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"Bấm\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", PAYLOADS)
def test_formula_text_gets_a_single_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, 3.25, 0, None, True, dt.date(2025, 1, 2), "-5", "+84", "Bình thường",
                                   "a=b", "2025-01-02", ""])
def test_numbers_dates_and_plain_text_are_unchanged(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


@pytest.fixture
def poisoned(world):
    """A unit officer types formulas into a coverage note and an organisation name."""
    from attt.orgs.models import Organisation
    from attt.reporting import services

    clock.travel_to(dt.date(2025, 10, 6))
    services.snapshot_create(actor=world.users["specialist"], organisation=world.org("commune_a"),
                             as_of=dt.date(2025, 10, 1), values={"computers_total": 12, "computers_antimalware": 5},
                             note=PAYLOADS[0])
    Organisation.objects.filter(pk=world.org("commune_b").pk).update(name=PAYLOADS[3])
    yield
    clock.travel_to(dt.date.today())


def _xlsx_cells(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))  # not data_only: formulas would show as formulas
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_coverage_xlsx_export_has_no_live_formula_and_keeps_numbers(world, client_for, poisoned):
    response = client_for("specialist").get(reverse("reporting:coverage_list") + "?export=xlsx")
    assert response.status_code == 200
    cells = _xlsx_cells(response.content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    note = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert note.value == "'" + PAYLOADS[0] and note.data_type == "s"
    assert 12 in [c.value for c in cells] and all(type(c.value) is int for c in cells if c.value in (12, 5))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_organisation_exports_neutralise_names(world, client_for, poisoned, fmt):
    response = client_for("specialist").get(reverse("orgs:list") + f"?export={fmt}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        values = [v for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for v in row]
    else:
        cells = _xlsx_cells(content)
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        values = [c.value for c in cells]
    assert "'" + PAYLOADS[3] in values and PAYLOADS[3] not in values


def test_report_xlsx_export_sheets_go_through_the_same_rule(world):
    """The province report export writes with styled cells on write-only sheets: both are guarded."""
    from openpyxl.cell import WriteOnlyCell

    from attt.core.tabular import guard_sheet

    workbook = openpyxl.Workbook(write_only=True)
    sheet = guard_sheet(workbook.create_sheet("A"))
    sheet.append([WriteOnlyCell(sheet, value=PAYLOADS[1]), PAYLOADS[2], -5, 7.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = _xlsx_cells(buffer.getvalue())
    assert [c.value for c in cells] == ["'" + PAYLOADS[1], "'" + PAYLOADS[2], -5, 7.5]
    assert [c.data_type for c in cells] == ["s", "s", "n", "n"]


def test_report_annex_rows_are_guarded(world):
    """The report's annex rows are written as sheet XML (core.xlsx_rows), not through the guarded
    sheet's append: the guard holds there too."""
    from attt.reporting import services
    from attt.reporting.exports import xlsx
    from attt.reporting.models import ReportRow
    from attt.reporting.periods import Period

    submitted = services.report_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                       period=Period(2025, 3))

    ReportRow.objects.filter(report=submitted, section="tasks").delete()
    ReportRow.objects.create(report=submitted, section="tasks", seq=1,
                             values=["1/CT", PAYLOADS[0], PAYLOADS[1], "-5", "Đã hoàn thành", PAYLOADS[3]])
    submitted.figures["tasks"] = {**submitted.figures.get("tasks", {}), "available": True, "rows": 1}
    submitted.save(update_fields=["figures"])
    buffer = io.BytesIO()
    xlsx.write(submitted, buffer)
    cells = _xlsx_cells(buffer.getvalue())
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert all("'" + p in values and p not in values for p in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[3]))
    assert "-5" in values
