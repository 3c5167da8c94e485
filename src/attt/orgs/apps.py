from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "attt.orgs"
    label = "orgs"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import demo, home, mfa, paths, rules, search, seed, signals  # noqa: F401

        registry.add_nav(NavItem("orgs", _("Tổ chức"), "orgs:list", "org.view", order=10, group="admin"))
        registry.add_nav(NavItem("users", _("Người dùng"), "orgs:users", "user.view", order=80, group="admin"))
        registry.add_nav(NavItem("audit", _("Nhật ký"), "orgs:audit", "audit.view", order=90, group="admin"))
        registry.search.append(search.organisations)
        registry.home_cards.append(home.card)
        registry.demo.append((10, demo.populate))
        registry.seed.append((10, seed.generate))
        from attt.core import table_jobs

        from .tabular import ALIASES, HEADER_VI
        table_jobs.register("orgs.import", importer="attt.orgs.tabular.import_tree", aliases=ALIASES,
                            required=["code", "name"], url="orgs:list", header=HEADER_VI,
                            summary=_("Đã nhập: %(created)s tổ chức mới, %(updated)s tổ chức cập nhật."))
