from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_after_migrate(sender, **kwargs):
    if sender.name != "attt.regimes":
        return
    from .services import load_regimes

    load_regimes(actor=None, using=kwargs.get("using") or "default")


class RegimesConfig(AppConfig):
    name = "attt.regimes"
    label = "regimes"
    verbose_name = _("Chế độ quy định")

    def ready(self):
        from attt.core.registry import NavItem, registry

        from . import access  # noqa: F401  (the actions; rules/ is the pure engine)

        registry.add_nav(NavItem("regimes", _("Chế độ quy định"), "systems:regimes:list", "regime.view", order=70,
                                 group="admin"))
        post_migrate.connect(_load_after_migrate, sender=self)
