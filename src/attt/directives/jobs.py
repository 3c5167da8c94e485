"""Background jobs of the directives module (see attt.core.jobs): publishing runs in the worker."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from attt.core.errors import DomainError
from attt.core.jobs import Result

from .models import Directive

PUBLISH = "directives.publish"


def publish(job, progress) -> Result:
    directive = Directive.objects.filter(pk=job.params.get("directive")).first()
    if directive is None:
        raise DomainError(_("Văn bản không còn tồn tại."))
    from . import services

    progress(5, _("Đang xác định đơn vị thực hiện"))
    result = services.directive_publish(actor=job.user, directive=directive, progress=progress)
    text = _("Đã giao việc: %(c)s việc mới, %(u)s việc cập nhật hạn.") % {"c": result["created"],
                                                                            "u": result["updated"]}
    if result.get("duties"):
        text += " " + _("%(n)s kỳ nghĩa vụ định kỳ phát sinh.") % {"n": result["duties"]}
    if result["unmapped"]:
        text += " " + _("Các nhiệm vụ chưa có đơn vị thực hiện: %(r)s.") % {"r": ", ".join(result["unmapped"])}
    return Result(url=reverse("directives:matrix", args=[directive.pk]), text=text)


IMPORT = "directives.import"
INPUT_DIR = "jobs/input"


def directive_import_start(*, actor, data: bytes, filename: str):
    """Keep the uploaded file and start importing it (reading, OCR of scans, extraction) as a job.
    The file stays until the import succeeds, so that a failed import can be retried."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from attt.core import jobs, rules

    from .services.imports import check_file

    rules.require(actor, "directive.manage")
    if not data:
        raise DomainError(_("Tệp rỗng."), field="file")
    check_file(data, filename)  # refused in the request, before anything is kept or queued
    name = (filename or "van-ban").replace("\\", "/").rsplit("/", 1)[-1][-120:] or "van-ban"
    stored = default_storage.save(f"{INPUT_DIR}/{uuid.uuid4().hex}/{name}", ContentFile(data))
    return jobs.job_start(actor=actor, kind=IMPORT, label=_("Nhập văn bản %(f)s") % {"f": name},
                          params={"input": stored, "filename": filename}, target=f"import:{stored}")


def directive_import(job, progress) -> Result:
    """Runs the import service on the kept file (its transaction is the service's own)."""
    from django.core.files.storage import default_storage

    from . import services

    stored = job.params.get("input") or ""
    if not stored.startswith(INPUT_DIR + "/") or not default_storage.exists(stored):
        raise DomainError(_("Tệp tải lên không còn; hãy tải lại văn bản."))
    progress(10, _("Đang đọc và trích xuất văn bản"))
    with default_storage.open(stored, "rb") as handle:
        data = handle.read()
    directive = services.directive_import(actor=job.user, data=data, filename=job.params.get("filename") or "")
    default_storage.delete(stored)
    text = " ".join([str(_("Đã nhập văn bản; hãy rà soát các trường và nhiệm vụ trích xuất.")),
                     *[str(w) for w in directive.warnings]])
    return Result(url=directive.get_absolute_url(), text=text)


def remind_late(job, progress) -> Result:
    """"Remind all late units" of one directive, in short batches (see services.reminders)."""
    from . import services

    directive = Directive.objects.filter(pk=job.params.get("directive")).first()
    if directive is None:
        raise DomainError(_("Văn bản không còn tồn tại."))
    count = services.directive_remind_late(actor=job.user, directive=directive, progress=progress)
    text = (_("Đã đôn đốc %(n)s việc quá hạn.") % {"n": count} if count
            else _("Không có việc quá hạn nào cần đôn đốc (hoặc đã đôn đốc hôm nay)."))
    return Result(text=text)
