"""Keeping `Occurrence.org_path`/`system_owner_path` equal to the paths they copy.

They repeat `organisation.path` and `system.owner.path` so that `visible_to` is a prefix filter
on the occurrence table's own indexed columns (as `System.owner_path` is; see
`attt.systems.models.paths`). They are set on `save()` and `bulk_create` (models.py), refreshed
here when an organisation subtree moves (`orgs.events.subtree_moved`, inside the move's
transaction) and when a system changes owner. `manage.py obligations_refresh_paths` repairs
every row (e.g. after a restore or a write made outside the ORM).
"""
from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.dispatch import receiver

from attt.core.paths import register_repair
from attt.orgs.events import subtree_moved
from attt.systems.models import System

from .models import Occurrence


def refresh_scope_paths(occurrences=None) -> int:
    """Copy the current paths onto `occurrences` (default: every occurrence), in one UPDATE.
    Reads the organisations' paths directly, so it does not depend on the systems' copies."""
    from attt.orgs.models import Organisation

    qs = Occurrence.objects.all() if occurrences is None else occurrences
    org_path = Subquery(Organisation.objects.filter(pk=OuterRef("organisation_id")).values("path")[:1])
    owner_path = Subquery(System.objects.filter(pk=OuterRef("system_id")).values("owner__path")[:1])
    return qs.update(org_path=org_path, system_owner_path=Coalesce(owner_path, Value("")))


def refresh_after_move(path: str) -> int:
    """Refresh the occurrences whose unit or whose system's owner is now under `path`."""
    return refresh_scope_paths(Occurrence.objects.filter(
        Q(organisation__path__startswith=path) | Q(system__owner__path__startswith=path)))


register_repair("obligations.Occurrence", refresh_scope_paths)  # by `manage.py refresh_paths`


@receiver(subtree_moved, dispatch_uid="obligations.scope.subtree_moved")
def _on_subtree_moved(sender, organisation, old_path: str, new_path: str, **kwargs) -> None:
    refresh_after_move(new_path)


@receiver(post_save, sender=System, dispatch_uid="obligations.scope.system_saved")
def _on_system_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and not {"owner", "owner_id"} & set(update_fields)):
        return
    (Occurrence.objects.filter(system_id=instance.pk).exclude(system_owner_path=instance.owner_path)
     .update(system_owner_path=instance.owner_path))
