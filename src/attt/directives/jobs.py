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
