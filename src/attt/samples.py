"""`attt documents samples DIR`: every official document kind and every report export rendered
with the demo data (DOCX, PDF, XLSX), for a province reviewing its templates and for tests.
Builds the demo province first when the database is empty."""
from __future__ import annotations

import io
from pathlib import Path


def _pick():
    from attt.incidents.models import Incident
    from attt.reporting.models import Report
    from attt.systems.models import Dossier

    approved = Dossier.objects.filter(state=Dossier.State.APPROVED).select_related("system__owner", "system__operator")
    dossier = (approved.filter(approver__isnull=False).order_by("pk").first() or approved.order_by("pk").first()
               or Dossier.objects.order_by("pk").first())
    incident = (Incident.objects.filter(status=Incident.Status.CLOSED).order_by("pk").first()
                or Incident.objects.order_by("pk").first())
    unit = Report.objects.filter(kind=Report.Kind.UNIT).order_by("-version", "pk").first()
    province = Report.objects.filter(kind=Report.Kind.PROVINCE).order_by("-version", "pk").first()
    return dossier, incident, unit, province


def documents() -> list[tuple[str, bytes]]:
    """(file name, DOCX bytes) of each document kind, with demo data."""
    from attt.incidents import documents as incident_docs
    from attt.reporting.exports import docx as report_docx
    from attt.systems import docx_render

    dossier, incident, unit, province = _pick()
    out = []
    if dossier is not None:
        out.append(("quyet-dinh-phe-duyet-cap-do.docx", docx_render.decision(dossier)))
        out.append(("thuyet-minh-ho-so.docx", docx_render.explanation(dossier)))
    if incident is not None:
        out.append(("bao-cao-ban-dau-su-co.docx", incident_docs.initial_report(incident)))
        out.append(("bao-cao-ket-thuc-su-co.docx", incident_docs.closing_report(incident)))
    if unit is not None:
        out.append(("bao-cao-dinh-ky-don-vi.docx", report_docx.render(unit)))
    if province is not None:
        out.append(("bao-cao-dinh-ky-tinh.docx", report_docx.render(province)))
    return out


def write(directory, *, pdf: bool = True, out=print) -> list[Path]:
    from attt import demo
    from attt.core.documents import to_pdf
    from attt.reporting.exports import xlsx

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    demo.build()
    written = []
    for name, data in documents():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
        if pdf:
            pdf_path = path.with_suffix(".pdf")
            pdf_path.write_bytes(to_pdf(data))
            written.append(pdf_path)
    _d, _i, unit, province = _pick()
    for name, report in (("bao-cao-dinh-ky-don-vi.xlsx", unit), ("bao-cao-dinh-ky-tinh.xlsx", province)):
        if report is not None:
            buffer = io.BytesIO()
            xlsx.write(report, buffer)
            path = directory / name
            path.write_bytes(buffer.getvalue())
            written.append(path)
    for path in written:
        out(f"  {path}")
    return written
