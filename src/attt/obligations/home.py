"""The home card: what is due soon and what is late, in the user's scope."""
from django.utils.translation import gettext as _

from attt.core import cached, clock, rules

from . import selectors


def card(request):
    user = request.user
    if not rules.can(user, "duty.view"):
        return None
    counts = cached.figures("home.duties", (user.pk,), lambda: selectors.state_counts(user=user))
    soon = cached.figures("home.duties_soon", (user.pk,),
                          lambda: list(selectors.occurrences_due_soon(14, user=user)[:5]))
    return {"order": 40, "title": _("Nhiệm vụ định kỳ"), "template": "obligations/home_card.html",
            "counts": counts, "soon": soon, "today": clock.today()}
