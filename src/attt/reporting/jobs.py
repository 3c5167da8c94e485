"""Background jobs of the reporting module (see attt.core.jobs): official exports of a report.
The writers in `exports/` are unchanged; the job calls one, keeps its file as the job's result,
and the owner downloads it through the permission-checked job download page."""
from __future__ import annotations

import tempfile

from django.http import Http404
from django.utils.translation import gettext as _

from attt.core.errors import DomainError
from attt.core.jobs import Result

EXPORT = "reporting.export"


def export(job, progress) -> Result:
    from . import selectors
    from .exports import FORMATS, docx, filename, pdf, xlsx

    fmt = job.params.get("format")
    if fmt not in FORMATS:
        raise DomainError(_("Định dạng xuất không được hỗ trợ."))
    try:  # the owner's rights are checked again when the job runs
        report = selectors.report_get(user=job.user, pk=job.params.get("report"))
    except Http404:
        raise DomainError(_("Báo cáo không còn tồn tại hoặc bạn không còn quyền xem.")) from None
    progress(10, _("Đang tạo tệp %(f)s") % {"f": "DOCX" if fmt == "pdf" else fmt.upper()})
    out = tempfile.TemporaryFile()
    if fmt == "pdf":  # the DOCX, then LibreOffice: its step and time limit shown (exports/pdf.py)
        pdf.write(report, out, progress=progress)
    else:
        {"docx": docx.write, "xlsx": xlsx.write}[fmt](report, out)
    progress(90, _("Đang lưu tệp"))
    out.seek(0)
    return Result(file=out, name=filename(report, fmt))


def report_export_start(*, actor, report, fmt: str):
    """Start exporting `report` (already fetched through `visible_to`) as a job; while one export
    of the report runs for this user, starting another returns it."""
    from attt.core import jobs

    from .exports import FORMATS

    if fmt not in FORMATS:
        raise DomainError(_("Định dạng xuất không được hỗ trợ."))
    label = _("Xuất %(f)s: %(t)s") % {"f": fmt.upper(), "t": report.title()}
    return jobs.job_start_once(actor=actor, kind=EXPORT, label=label, target=f"report:{report.pk}",
                               params={"report": report.pk, "format": fmt}, organisation=report.organisation)
