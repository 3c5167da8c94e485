"""After an organisation subtree moves, the organisation paths copied onto other rows follow it.

`services.org_move` rewrites the subtree's paths in SQL and sends `subtree_moved` inside its
transaction; this receiver refreshes every model that declares `copied_paths`
(`attt.core.paths`), one UPDATE per model, so visibility follows the move before the transaction
commits. (Systems, duties and vulnerability rows keep their copies through their own receivers.)
"""
from __future__ import annotations

from django.dispatch import receiver

from attt.core.paths import refresh_under

from .events import subtree_moved


@receiver(subtree_moved, dispatch_uid="orgs.paths.subtree_moved")
def _on_subtree_moved(sender, organisation, old_path: str, new_path: str, **kwargs) -> None:
    refresh_under(new_path)
