from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "attt.incidents"
    label = "incidents"
    verbose_name = _("Sự cố và cảnh báo")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import demo, home, rules, search, seed, tasks  # noqa: F401

        from attt.core.documents import jobs as documents_jobs

        for doc, producer in (("incident_initial", "produce_initial"), ("incident_closing", "produce_closing"),
                              ("incident_package", "produce_package"), ("warning_dispatch", "produce_warning")):
            documents_jobs.register(doc, f"attt.incidents.documents.{producer}")
        registry.add_nav(NavItem("incidents", _("Sự cố"), "incidents:list", "incident.view", order=50))
        registry.add_nav(NavItem("warnings", _("Cảnh báo"), "incidents:warnings", "warning.view", order=51))
        registry.search.append(search.incidents)
        registry.search.append(search.warnings)
        registry.home_cards.append(home.card)
        registry.demo.append((50, demo.populate))
        registry.seed.append((50, seed.generate))
        from attt.core import jobs

        jobs.register("incidents.warning_remind", "attt.incidents.services.warnings.warning_remind_job")
