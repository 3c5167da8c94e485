"""The home card of the organisation module: where the user stands and what they reach."""
from django.utils.translation import gettext as _

from attt.core import cached

from .models import Organisation
from .selectors import org_kind_counts


def card(request):
    user = request.user
    memberships = user.active_memberships()
    counts = cached.figures("home.orgs", (user.pk,), lambda: org_kind_counts(user=user))
    labels = dict(Organisation.Kind.choices)
    return {
        "order": 10,
        "title": _("Phạm vi của bạn"),
        "template": "orgs/home_card.html",
        "memberships": memberships,
        "counts": [(labels.get(k, k), n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])],
    }
