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
        from attt.core import table_jobs

        from . import tabular
        table_jobs.register(tabular.SUPPLIERS_IMPORT, importer="attt.preparedness.tabular.import_suppliers_job",
                            aliases=tabular.SUPPLIER_ALIASES, required=["name", "tax_code"],
                            header=tabular.SUPPLIER_HEADER[:5], url="preparedness:suppliers",
                            summary=_("Đã nhập: %(created)s nhà cung cấp mới, %(updated)s cập nhật."))
        table_jobs.register(tabular.DRILLS_IMPORT, importer="attt.preparedness.tabular.import_drills",
                            aliases=tabular.DRILL_ALIASES, required=["title", "org_code", "scenario", "planned_on"],
                            header=tabular.DRILL_IMPORT_HEADER, url="preparedness:drills",
                            summary=_("Đã nhập %(drills)s cuộc diễn tập (%(done)s đã thực hiện)."))
        registry.add_nav(NavItem("preparedness", _("Sẵn sàng ứng phó"), "preparedness:index", "preparedness.view",
                                 order=55))
        controls.INHERITANCE_PROVIDERS.append(hosting.inherited_requirements)
        registry.demo.append((55, demo.populate))
        registry.search.append(search.preparedness)
        registry.home_cards.append(home.card)
