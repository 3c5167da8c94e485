"""The scan import job (see attt.core.jobs): the worker reads the kept upload and imports it."""
from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from attt.core.errors import DomainError
from attt.core.jobs import Result

from .services.imports import INPUT_DIR


def summary_text(summary: dict) -> str:
    text = _("%(fmt)s: %(h)s máy, %(f)s kết quả; %(new)s mới, %(known)s đã biết, %(re)s mở lại, %(cl)s đã đóng.") % {
        "fmt": summary.get("format_name", ""), "h": summary.get("hosts", 0), "f": summary.get("findings", 0),
        "new": summary.get("new", 0), "known": summary.get("known", 0), "re": summary.get("reopened", 0),
        "cl": summary.get("closed", 0)}
    if summary.get("unmatched_hosts"):
        text += " " + _("%(n)s máy chưa gắn với hệ thống nào (%(p)s phát hiện đang chờ gán hệ thống).") % {
            "n": len(summary["unmatched_hosts"]),
            "p": summary.get("pending", sum(h.get("findings", 0) for h in summary["unmatched_hosts"]))}
    return text


def scan_import_job(job, progress) -> Result:
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    from .services import scan_import

    params = job.params
    organisation = Organisation.objects.filter(pk=params.get("org")).first()
    stored = params.get("stored") or ""
    if organisation is None or not stored.startswith(INPUT_DIR + "/") or not default_storage.exists(stored):
        raise DomainError(_("Tệp bản quét không còn trên máy chủ; hãy tải lên lại."))
    system = System.objects.filter(pk=params["system"]).first() if params.get("system") else None
    with default_storage.open(stored, "rb") as handle:
        scan = scan_import(actor=job.user, organisation=organisation, stream=handle, filename=params.get("filename", ""),
                           system=system, progress=progress)
    default_storage.delete(stored)
    return Result(url=scan.get_absolute_url(), text=summary_text(scan.summary))
