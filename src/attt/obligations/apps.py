from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "attt.obligations"
    label = "obligations"
    verbose_name = _("Nhiệm vụ định kỳ")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import demo, home, rules, search, seed, tasks  # noqa: F401

        registry.add_nav(NavItem("obligations", _("Nhiệm vụ định kỳ"), "obligations:calendar", "duty.view", order=40))
        registry.search.append(search.duties)
        registry.home_cards.append(home.card)
        registry.demo.append((40, demo.populate))
        registry.seed.append((40, seed.generate))
