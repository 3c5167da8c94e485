from django.utils.translation import gettext_lazy as _

from attt.core.registry import SearchHit

from .models import System


def systems(user, query: str, limit: int) -> list[SearchHit]:
    rows = System.objects.visible_to(user).search(query).select_related("owner").order_by("name")[:limit]
    return [SearchHit(_("Hệ thống thông tin"), s.name, s.get_absolute_url(), s.owner.name) for s in rows]
