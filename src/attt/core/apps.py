from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "attt.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the static-assets check)
        from . import lookups

        lookups.register()
        from django.db.models.signals import post_migrate

        from .paths import fine_path_statistics

        post_migrate.connect(fine_path_statistics, sender=self, dispatch_uid="attt.core.fine_path_statistics")
        from . import choices

        choices.install()
        from .registry import NavItem, registry

        from . import jobs
        from .documents.jobs import RENDER

        jobs.register(RENDER, "attt.core.documents.jobs.render")
        registry.add_nav(NavItem("jobs", _("Công việc của tôi"), "jobs:list", None, order=95))
