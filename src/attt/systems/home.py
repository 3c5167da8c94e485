"""The home card: where the user's systems stand on levels and controls."""
from django.utils.translation import gettext as _

from attt.core import cached, rules

from . import selectors


def card(request):
    if not rules.can(request.user, "system.view"):
        return None
    from .models import System

    figures = cached.figures("home.systems", (request.user.pk,),
                             lambda: selectors._figures(System.objects.visible_to(request.user)))
    if not figures["total"]:
        return None
    return {"order": 20, "title": _("Hệ thống thông tin và cấp độ"), "template": "systems/home_card.html",
            "figures": figures}
