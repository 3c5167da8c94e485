"""Level dossiers of the subtree's systems (by owner), by state, with their overdue steps
(systems.models.Dossier, DossierStep; the step due dates come from the regime's clocks)."""
from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from attt.core import clock
from attt.systems.models import Dossier, DossierStep

from . import Section, SectionData, register
from ._common import choice_figures

COLUMNS = (_l("Hồ sơ"), _l("Hệ thống"), _l("Chủ quản"), _l("Cấp độ đề xuất"), _l("Trạng thái"),
           _l("Hạn của bước hiện tại"), _l("Quá hạn"))


def dossiers_of(org, user):
    return Dossier.objects.visible_to(user).filter(system__owner__path__startswith=org.path)


def provide(org, period, user) -> SectionData:
    today = clock.today()
    qs = dossiers_of(org, user)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    overdue_q = Q(state__in=Dossier.OPEN_STATES, step_due__lt=today)
    late_steps = DossierStep.objects.filter(dossier__in=qs.values("pk"), started_on__lte=period.end).filter(
        Q(finished_on__isnull=True, due_on__lt=today) | Q(finished_on__isnull=False,
                                                          finished_on__gt=F("due_on")))
    figs = [("dossiers_total", _("Tổng số hồ sơ đề xuất cấp độ"), sum(counts.values())),
            ("dossiers_open", _("Hồ sơ đang xử lý"), sum(counts.get(s, 0) for s in Dossier.OPEN_STATES)),
            ("dossiers_overdue", _("Hồ sơ đang quá hạn ở bước hiện tại"), qs.filter(overdue_q).count()),
            ("steps_late", _("Bước xử lý quá hạn (đã hoặc chưa kết thúc)"), late_steps.count()),
            *choice_figures("state", counts, Dossier.State.choices)]
    states = dict(Dossier.State.choices)
    yes = _("Quá hạn")

    def rows():
        for d in (qs.order_by("system__owner__path", "pk")
                  .values_list("pk", "system__name", "system__owner__name", "level", "state", "step_due")
                  .iterator(chunk_size=2000)):
            late = d[4] in Dossier.OPEN_STATES and d[5] is not None and d[5] < today
            yield [f"HS-{d[0]}", d[1], d[2], d[3], str(states.get(d[4], d[4])),
                   d[5].strftime("%d/%m/%Y") if d[5] else "", yes if late else ""]

    return SectionData(figures=figs, rows=rows())


SECTION = register(Section("dossiers", _l("Hồ sơ đề xuất cấp độ"), 50, COLUMNS, provide))
