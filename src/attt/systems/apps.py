from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystemsConfig(AppConfig):
    name = "attt.systems"
    label = "systems"
    verbose_name = _("Hệ thống thông tin")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import demo, home, rules, scope, search, seed  # noqa: F401

        from attt.core.documents import jobs as documents_jobs

        documents_jobs.register("decision", "attt.systems.docx_render.produce_decision")
        documents_jobs.register("explanation", "attt.systems.docx_render.produce_explanation")
        registry.add_nav(NavItem("systems", _("Hệ thống thông tin"), "systems:list", "system.view", order=20))
        registry.add_nav(NavItem("dossiers", _("Hồ sơ cấp độ"), "systems:dossiers", "dossier.view", order=21))
        registry.add_nav(NavItem("systems_overview", _("Toàn cảnh cấp độ"), "systems:overview", "systems.overview",
                                 order=22, group="province"))
        registry.search.append(search.systems)
        registry.home_cards.append(home.card)
        registry.demo.append((20, demo.populate))
        registry.seed.append((20, seed.generate))
        from attt.core import table_jobs

        from .tabular import ALIASES, HEADER_VI
        table_jobs.register("systems.import", importer="attt.systems.tabular.import_systems", aliases=ALIASES,
                            required=["name", "owner_code"], url="systems:list", header=HEADER_VI,
                            summary=_("Đã nhập: %(created)s hệ thống mới, %(updated)s hệ thống cập nhật."))
