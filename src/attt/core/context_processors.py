from django.urls import reverse

from . import rules
from .registry import registry


def shell(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for item in registry.nav:
            if item.action is None or rules.can(user, item.action):
                url = reverse(item.url_name)
                items.append({"key": item.key, "label": item.label, "url": url,
                              "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}
