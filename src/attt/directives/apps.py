from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "attt.directives"
    label = "directives"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import demo, home, rules, search, seed, tasks  # noqa: F401

        from attt.core import jobs

        jobs.register("directives.publish", "attt.directives.jobs.publish")
        jobs.register("directives.import", "attt.directives.jobs.directive_import")
        jobs.register("directives.remind", "attt.directives.jobs.remind_late")
        from attt.core.documents import jobs as documents_jobs

        documents_jobs.register("progress_summary", "attt.directives.documents.produce_progress")
        registry.add_nav(NavItem("directives", _("Văn bản chỉ đạo"), "directives:list", "directive.view", order=30,
                                 group="province"))
        registry.add_nav(NavItem("directive_inbox", _("Việc được giao"), "directives:inbox", "assignment.respond",
                                 order=31))
        registry.search.append(search.directives)
        registry.home_cards.append(home.card)
        registry.demo.append((30, demo.populate))
        registry.seed.append((30, seed.generate))
