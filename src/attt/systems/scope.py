"""Keeping `System.owner_path`/`operator_path` equal to the organisations' paths.

`orgs.services.org_move` rewrites the paths of a subtree in SQL and sends `subtree_moved` in the
same transaction; the receiver below refreshes the systems owned or operated inside the moved
subtree, so visibility follows the move before the transaction commits. `manage.py systems_refresh_paths` repairs
every row (e.g. after a restore or a write made outside the ORM).
"""
from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.dispatch import receiver

from attt.core.paths import register_repair
from attt.orgs.events import subtree_moved


def refresh_scope_paths(systems=None) -> int:
    """Copy the current organisation paths onto `systems` (default: every system), in one UPDATE."""
    from attt.orgs.models import Organisation

    from .models import System

    qs = System.objects.all() if systems is None else systems

    def path_of(column):
        return Subquery(Organisation.objects.filter(pk=OuterRef(column)).values("path")[:1])

    return qs.update(owner_path=path_of("owner_id"), operator_path=path_of("operator_id"))


def refresh_after_move(path: str) -> int:
    """Refresh the systems whose owner or operator is now under `path` (the moved subtree)."""
    from .models import System

    return refresh_scope_paths(System.objects.filter(
        Q(owner__path__startswith=path) | Q(operator__path__startswith=path)))


# `manage.py refresh_paths` repairs the systems first: vulns copies their copies.
register_repair("systems.System", refresh_scope_paths)


@receiver(subtree_moved, dispatch_uid="systems.scope.subtree_moved")
def _on_subtree_moved(sender, organisation, old_path: str, new_path: str, **kwargs) -> None:
    refresh_after_move(new_path)
