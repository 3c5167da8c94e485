"""The home card: a unit's open tasks and unread reminders; the province's directives."""
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from attt.core import cached, clock, rules

from . import selectors
from .models import Assignment


def card(request):
    user = request.user
    if not rules.can(user, "assignment.view"):
        return None
    counts = cached.figures("home.directives", (user.pk,), lambda: _counts(user))
    return {
        "order": 30,
        "title": _("Văn bản chỉ đạo và việc được giao"),
        "template": "directives/home_card.html",
        "open": counts["open"],
        "overdue": counts["overdue"],
        "unread": selectors.unread_count(user),
        "can_view_directives": rules.can(user, "directive.view"),
        "can_respond": rules.can(user, "assignment.respond"),
        "drafts": counts["drafts"],
    }


def _counts(user) -> dict:
    today = clock.today()
    counts = (selectors.assignments_for(user=user).exclude(status__in=Assignment.CLOSED).order_by()
              .aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))))
    counts["drafts"] = (selectors.directive_list(user=user, state="draft").count()
                        if rules.can(user, "directive.manage") else None)
    return counts
