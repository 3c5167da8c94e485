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
        from . import choices

        choices.install()
        from .registry import NavItem, registry

        from . import jobs
        from .documents.jobs import RENDER

        jobs.register(RENDER, "attt.core.documents.jobs.render")
        registry.add_nav(NavItem("jobs", _("Công việc của tôi"), "jobs:list", None, order=95))
