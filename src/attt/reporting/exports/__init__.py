"""Official exports of a report: DOCX (administrative layout of NĐ 30/2020/NĐ-CP), XLSX (annex
tables, written in streaming mode) and PDF (the DOCX converted by LibreOffice, see attt.core.documents).
Each writer reads the report's stored figures and streams its stored rows."""
from __future__ import annotations

from dataclasses import dataclass

from attt.core import dates

from .. import sections
from ..models import Report, ReportRow

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class Part:
    code: str
    title: str
    data: dict  # the stored JSON of the section
    columns: tuple
    chart: object  # charts.Chart | None

    def rows(self, report: Report, *, limit: int | None = None, after: int = 0):
        """The stored rows' values in order: the first `limit`, or all those after the first `after`."""
        rows = ReportRow.objects.filter(report=report, section=self.code).order_by("seq")
        if after:
            rows = rows.filter(seq__gt=after)
        if limit is not None:
            return list(rows.values_list("values", flat=True)[:limit])
        return rows.values_list("values", flat=True).iterator(chunk_size=1000)


def parts(report: Report) -> list[Part]:
    scope = sections.PROVINCE if report.kind == Report.Kind.PROVINCE else sections.UNIT
    out = []
    for section in sections.for_scope(scope):
        data = report.figures.get(section.code)
        if data is None:
            continue
        chart = section.chart(data) if section.chart and data.get("available") else None
        out.append(Part(section.code, str(section.title), data, tuple(str(c) for c in section.columns), chart))
    return out


def header_lines(report: Report) -> dict:
    """The texts of the administrative header: issuing body, number, place and date."""
    org = report.organisation
    if report.kind == Report.Kind.PROVINCE:
        superior, body = "ỦY BAN NHÂN DÂN", org.name.upper()
    else:
        from ..services import _province_of

        province = _province_of(org)
        superior = f"UBND {province.name.upper()}" if province.pk != org.pk else ""
        body = org.name.upper()
    place_date = dates.place_and_date(report.place, report.submitted_at or report.generated_at or None)
    subject = report.title().removeprefix("Báo cáo ")
    subject = subject[:1].upper() + subject[1:]
    status = {Report.Status.DRAFT: "DỰ THẢO", Report.Status.SUBMITTED: "", Report.Status.SUPERSEDED: "ĐÃ ĐƯỢC THAY THẾ"}
    return {"superior": superior, "body": body, "number": f"Số: {report.number.strip() or '     /BC'}",
            "place_date": place_date, "subject": subject,
            "vv": f"V/v báo cáo tình hình bảo đảm an toàn thông tin mạng {report.period.label()}",
            "recipients": [r.strip() for r in report.recipients.splitlines() if r.strip()],
            "status": status.get(report.status, ""),
            "version": report.version}


def fmt_value(value) -> str:
    from ..charts import fmt

    if value is None:
        return "—"
    if isinstance(value, (int, float)):
        return fmt(value)
    return str(value)


def filename(report: Report, fmt: str) -> str:
    from attt.core.text import fold

    slug = fold(report.organisation.short_name or report.organisation.name).replace(" ", "-")[:40]
    return f"bao-cao-{slug}-{report.period.code}-v{report.version}.{fmt}"
