"""Keep the copied organisation paths of addresses, findings and SOC rows equal to their system's
after an organisation moves (systems refreshes its own rows first, on the same signal)."""
from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.dispatch import receiver

from attt.core.paths import register_repair
from attt.orgs.events import subtree_moved


def refresh_paths(path: str) -> int:
    from attt.systems.models import System

    from .models import Alert, Finding, FindingTally, SocContact, SystemAddress

    n = 0
    for model in (SystemAddress, Finding, FindingTally, SocContact, Alert):
        qs = model.objects.filter(Q(system__owner_path__startswith=path) | Q(system__operator_path__startswith=path))
        system = System.objects.filter(pk=OuterRef("system_id"))
        n += qs.update(owner_path=Subquery(system.values("owner_path")[:1]),
                       operator_path=Subquery(system.values("operator_path")[:1]))
    return n


def refresh_every_row() -> int:
    """Every row's copies, from the systems' (which `refresh_paths` repairs first)."""
    return refresh_paths("/")


register_repair("vulns", refresh_every_row)  # by `manage.py refresh_paths`, after the systems


@receiver(subtree_moved, dispatch_uid="vulns.scope.subtree_moved")
def _on_subtree_moved(sender, organisation, old_path: str, new_path: str, **kwargs) -> None:
    from attt.systems.scope import refresh_after_move

    refresh_after_move(new_path)
    refresh_paths(new_path)
