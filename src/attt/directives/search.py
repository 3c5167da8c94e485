from django.utils.translation import gettext_lazy as _

from attt.core import rules
from attt.core.registry import SearchHit

from .models import Directive
from .rules import DIRECTIVE_READERS


def directives(user, query: str, limit: int) -> list[SearchHit]:
    if not rules.can(user, "directive.view"):
        return []
    rows = Directive.objects.visible_to(user, roles=DIRECTIVE_READERS).search(query).order_by("-issued_on")[:limit]
    return [SearchHit(_("Văn bản chỉ đạo"), str(d), d.get_absolute_url(),
                      d.issued_on.strftime("%d/%m/%Y") if d.issued_on else "") for d in rows]
