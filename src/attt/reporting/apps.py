from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "attt.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import demo, home, rules, seed, sections  # noqa: F401

        sections.load()
        from attt.core import jobs

        jobs.register("reporting.export", "attt.reporting.jobs.export")
        from attt.core import table_jobs

        from . import tabular
        table_jobs.register(tabular.IMPORT, importer="attt.reporting.tabular.import_snapshots",
                            aliases=tabular.ALIASES, required=["unit_code", "as_of"], header=tabular.HEADER_VI,
                            url="reporting:coverage_list", summary=_("Đã nhập %(created)s bản số liệu."))
        registry.add_nav(NavItem("reporting", _("Báo cáo"), "reporting:index", "report.view", order=60))
        registry.add_nav(NavItem("dashboard", _("Bảng điều khiển"), "reporting:dashboard", "dashboard.view", order=61,
                                 group="province"))
        registry.home_cards.append(home.card)
        registry.demo.append((60, demo.populate))
        registry.seed.append((60, seed.generate))
