from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparednessConfig(AppConfig):
    name = "attt.preparedness"
    label = "preparedness"
    verbose_name = _("Sẵn sàng ứng phó")

    def ready(self):
        from attt.core import jobs
        from attt.core.registry import NavItem, registry
        from attt.systems.services import controls

        from . import demo, home, hosting, rules, search, tasks  # noqa: F401

        jobs.register("preparedness.plan_export", "attt.preparedness.documents.plan_export_job")
        registry.add_nav(NavItem("preparedness", _("Sẵn sàng ứng phó"), "preparedness:index", "preparedness.view",
                                 order=55))
        controls.INHERITANCE_PROVIDERS.append(hosting.inherited_requirements)
        registry.demo.append((55, demo.populate))
        registry.search.append(search.preparedness)
        registry.home_cards.append(home.card)
