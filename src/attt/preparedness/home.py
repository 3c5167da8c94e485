"""The home card: this year's drills, open findings (overdue first), suppliers at risk."""
from django.utils.translation import gettext as _

from attt.core import cached, clock, rules

from . import selectors


def card(request):
    user = request.user
    if not rules.can(user, "preparedness.view"):
        return None
    return {"order": 55, "title": _("Sẵn sàng ứng phó sự cố"), "template": "preparedness/home_card.html",
            "figures": cached.figures("home.drills", (user.pk,), lambda: selectors.drill_figures(user=user)),
            "findings": cached.figures("home.findings", (user.pk,), lambda: list(selectors.findings_open(user=user)[:3])),
            "at_risk": cached.figures("home.suppliers", (user.pk,), lambda: selectors.suppliers_at_risk_count(user=user)),
            "today": clock.today()}
