"""Level dossiers of the subtree's systems, by state (from the systems module once it has them)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import Section, SectionData, register
from ._lazy import guarded, model, status_figures, subtree

COLUMNS = ()


@guarded("Hồ sơ cấp độ")
def provide(org, period) -> SectionData:
    Dossier = model("systems", "Dossier", "LevelDossier")
    if Dossier is None:
        raise LookupError("Dossier")
    qs = Dossier.objects.filter(subtree(Dossier, org))
    figs = [("dossiers_total", _("Tổng số hồ sơ đề xuất cấp độ"), qs.count()), *status_figures(qs, Dossier)]
    return SectionData(figures=figs)


SECTION = register(Section("dossiers", _l("Hồ sơ đề xuất cấp độ"), 50, COLUMNS, provide))
