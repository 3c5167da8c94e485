"""Global search (diacritics ignored): response plans, drills and suppliers the user sees."""
from django.utils.translation import gettext_lazy as _

from attt.core.registry import SearchHit

from .models import Drill, ResponsePlan, Supplier


def preparedness(user, query: str, limit: int) -> list[SearchHit]:
    hits = []
    for model, kind, detail in ((ResponsePlan, _("Phương án ứng phó sự cố"), "organisation"),
                                (Drill, _("Diễn tập"), "organisation"), (Supplier, _("Nhà cung cấp"), "tax_code")):
        qs = model.objects.visible_to(user).search(query).select_related("organisation")
        for obj in qs[:limit]:
            value = getattr(obj, detail)
            hits.append(SearchHit(kind, str(obj), obj.get_absolute_url(), getattr(value, "name", str(value))))
    return hits[:limit]
