from django.utils.translation import gettext_lazy as _

from attt.core.registry import SearchHit

from .models import Organisation


def organisations(user, query: str, limit: int) -> list[SearchHit]:
    rows = Organisation.objects.visible_to(user).search(query).order_by("depth", "name")[:limit]
    return [SearchHit(_("Tổ chức"), o.name, o.get_absolute_url(), o.get_kind_display()) for o in rows]
