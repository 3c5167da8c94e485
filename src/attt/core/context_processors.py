from django.urls import reverse

from . import rules
from .registry import NAV_GROUPS, registry


def shell(request):
    """The navigation the signed-in user may use: `nav_items` (flat, in order) and `nav_groups`,
    the same entries under their menus (a menu with no entry for this user is left out; an entry
    naming an unknown menu goes under the first one, so it stays reachable)."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for item in registry.nav:
            if item.action is None or rules.can(user, item.action):
                url = reverse(item.url_name)
                group = item.group if item.group in NAV_GROUPS else next(iter(NAV_GROUPS))
                items.append({"key": item.key, "label": item.label, "url": url, "group": group,
                              "active": request.path.startswith(url) and url != "/"})
    groups = []
    for key, label in NAV_GROUPS.items():
        entries = [i for i in items if i["group"] == key]
        if entries:
            groups.append({"key": key, "label": label, "items": entries,
                           "active": any(i["active"] for i in entries)})
    return {"nav_items": items, "nav_groups": groups}
