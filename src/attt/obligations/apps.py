from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "attt.obligations"
    label = "obligations"
    verbose_name = _("Nhiệm vụ định kỳ")

    def ready(self):
        from attt.core.registry import NavItem, registry
        from attt.directives.extensions import register_link_provider
        from attt.directives.signals import directive_published

        from . import demo, directive_duties, home, rules, scope, search, seed, tasks  # noqa: F401

        registry.add_nav(NavItem("obligations", _("Nhiệm vụ định kỳ"), "obligations:calendar", "duty.view", order=40))
        registry.search.append(search.duties)
        registry.home_cards.append(home.card)
        registry.demo.append((40, demo.populate))
        registry.seed.append((40, seed.generate))
        # Recurring tasks of published directives become recurring duties (directives never imports us).
        directive_published.connect(directive_duties.on_directive_published, dispatch_uid="obligations.directive_duties")
        register_link_provider(directive_duties.directive_links)
        # An approved dossier is the record of the system's risk assessment (systems never imports us).
        from attt.systems.signals import dossier_approved

        from .fulfilment import on_dossier_approved

        dossier_approved.connect(on_dossier_approved, dispatch_uid="obligations.dossier_fulfils")
