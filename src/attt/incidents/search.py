from django.utils.translation import gettext_lazy as _

from attt.core.registry import SearchHit

from .models import Incident, Warning


def incidents(user, query: str, limit: int) -> list[SearchHit]:
    rows = Incident.objects.visible_to(user).search(query).select_related("unit").order_by("-detected_at")[:limit]
    return [SearchHit(_("Sự cố"), str(i), i.get_absolute_url(), f"{i.unit.name} · {i.get_status_display()}")
            for i in rows]


def warnings(user, query: str, limit: int) -> list[SearchHit]:
    rows = Warning.objects.visible_to(user).search(query).order_by("-published_at")[:limit]
    return [SearchHit(_("Cảnh báo"), w.title, w.get_absolute_url(), ", ".join(w.cves)) for w in rows]
