from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VulnsConfig(AppConfig):
    name = "attt.vulns"
    label = "vulns"
    verbose_name = _("Lỗ hổng và giám sát SOC")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from attt.core import jobs
        from attt.core.registry import NavItem, registry

        from . import demo, rules, scope  # noqa: F401

        jobs.register("vulns.import", "attt.vulns.jobs.scan_import_job")
        registry.add_nav(NavItem("vulns", _("Lỗ hổng"), "vulns:findings", "finding.view", order=52))
        registry.demo.append((45, demo.populate))
        registry.demo_refresh.append(demo.refresh)
