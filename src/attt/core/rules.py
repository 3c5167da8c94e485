"""Who may do what: one table of actions and the roles that may perform them.

Apps register their actions at import time (`register({...})`). A user may perform an action on
an object when one of their memberships has an allowed role and its scope path is a prefix of
one of the object's organisation paths (`obj.scope_paths()`). Without an object, any membership
with an allowed role will do. Superusers may do everything.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

ACTIONS: dict[str, frozenset[str]] = {}


def register(table: dict[str, set[str] | frozenset[str] | list[str]]) -> None:
    for action, roles in table.items():
        ACTIONS[action] = frozenset(roles)


def roles_for(action: str) -> frozenset[str]:
    try:
        return ACTIONS[action]
    except KeyError:
        raise LookupError(f"Unknown action {action!r}: register it in its app's rules.") from None


def can(user, action: str, obj=None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = roles_for(action)
    if user.is_superuser:
        return True
    prefixes = user.scope_paths(roles=roles)
    if not prefixes:
        return False
    if obj is None:
        return True
    paths = obj.scope_paths() if hasattr(obj, "scope_paths") else []
    return any(path.startswith(prefix) for path in paths for prefix in prefixes)


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
