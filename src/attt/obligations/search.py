from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from attt.core.registry import SearchHit

from .models import DutyRule


def duties(user, query: str, limit: int) -> list[SearchHit]:
    """Duty rules by their folded title: a hit opens the calendar list filtered by that duty."""
    from attt.core.text import fold, search_terms

    terms = search_terms(query)
    if not terms:
        return []
    hits = []
    for rule in DutyRule.objects.filter(active=True, organisation__isnull=True).order_by("title"):
        if all(t in fold(rule.title) for t in terms):
            url = reverse("obligations:calendar") + "?" + urlencode({"view": "list", "duty": rule.key})
            hits.append(SearchHit(_("Nhiệm vụ định kỳ"), rule.title, url, rule.source))
            if len(hits) >= limit:
                break
    return hits
