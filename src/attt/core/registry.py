"""What apps contribute to the shell: navigation entries, search providers, home cards,
demo and scale-data builders. Apps register in their AppConfig.ready(); the shell shows only
what is registered, so a module that does not exist never appears."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


from django.utils.translation import gettext_lazy as _

# The navigation bar's menus, in the order they appear. A NavItem names its menu by key; adding an
# entry is one line in the app's AppConfig.ready(), e.g.
#   registry.add_nav(NavItem("vulnerabilities", _("Lỗ hổng"), "vulns:list", "vuln.view", order=55, group="province"))
NAV_GROUPS: dict[str, object] = {
    "unit": _("Công việc đơn vị"),   # what my unit does: its systems, tasks, duties, incidents, reports
    "province": _("Toàn tỉnh"),      # the province's picture: dispatches, overview, dashboard
    "admin": _("Quản trị"),          # organisations, people, rules, the audit trail
}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: object  # a lazy translation
    url_name: str
    action: str | None = None  # rules action needed to see the entry; None: any signed-in user
    order: int = 100
    icon: str = ""
    group: str = "unit"  # a key of NAV_GROUPS


@dataclass(frozen=True)
class SearchHit:
    kind: object
    title: str
    url: str
    detail: str = ""


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    search: list[Callable] = field(default_factory=list)  # (user, query, limit) -> list[SearchHit]
    home_cards: list[Callable] = field(default_factory=list)  # (request) -> dict | None
    demo: list[tuple[int, Callable]] = field(default_factory=list)  # (order, fn(ctx))
    demo_refresh: list[Callable] = field(default_factory=list)  # fn(), at each start of an existing demo
    seed: list[tuple[int, Callable]] = field(default_factory=list)  # (order, fn(ctx))

    def add_nav(self, item: NavItem) -> None:
        if all(existing.key != item.key for existing in self.nav):
            self.nav.append(item)
            self.nav.sort(key=lambda i: i.order)


registry = Registry()
