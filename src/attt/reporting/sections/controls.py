"""Implementation of the security plan's controls (from the systems module once it has them)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import Section, SectionData, register
from ._lazy import guarded, model, status_figures, subtree

COLUMNS = ()


@guarded("Triển khai biện pháp bảo đảm ATTT")
def provide(org, period) -> SectionData:
    Control = model("systems", "ControlImplementation", "Implementation", "SystemControl")
    if Control is None:
        raise LookupError("ControlImplementation")
    qs = Control.objects.filter(subtree(Control, org))
    figs = [("controls_total", _("Tổng số yêu cầu phải đáp ứng"), qs.count()), *status_figures(qs, Control)]
    return SectionData(figures=figs)


SECTION = register(Section("controls", _l("Mức độ đáp ứng yêu cầu bảo đảm ATTT theo cấp độ"), 55, COLUMNS, provide))
