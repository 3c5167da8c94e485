"""The home card: open incidents with the clock that runs out first; warnings awaiting the unit."""
from django.utils.translation import gettext as _

from attt.core import cached, clock, rules

from . import selectors
from .models import Incident, WarningTarget
from .regime import Regimes


def card(request):
    user = request.user
    if not rules.can(user, "incident.view"):
        return None
    # the rows are kept like the counts; their clocks are reckoned now, on every visit
    open_ = cached.figures("home.incidents_open", (user.pk,),
                           lambda: list(selectors.incident_rows(user=user, status="open")[:5]))
    now = clock.now()
    regimes = Regimes()
    items = [(i, selectors.worst_clock(selectors.incident_clocks(i, now=now, regimes=regimes)))
             for i in open_]
    pending = cached.figures("home.warnings", (user.pk,), lambda: list(
        WarningTarget.objects.visible_to(user).filter(fixed_at__isnull=True)
        .select_related("warning", "unit").order_by("warning__deadline")[:5]))
    return {
        "order": 50, "title": _("Sự cố và cảnh báo"), "template": "incidents/home_card.html",
        "items": items, "n_open": cached.figures("home.incidents", (user.pk,),
                                 lambda: Incident.objects.visible_to(user).filter(status__in=Incident.OPEN).count()),
        "pending": pending,
    }
