"""The actions of the organisation module and the roles that may perform them, and who may grant
which role where.

Granting or revoking a role is `membership.manage` on the role's *grant reach*: the organisation's
subtree for unit roles, the whole province for the province roles (which see the province) and for
the administrator role itself. So an administrator of a commune can grant unit roles inside that
commune only, and only an administrator whose scope covers the province can grant or revoke
`province_leader`, `specialist`, `responder` or `admin`. Nobody grants, changes or revokes their
own memberships.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from attt.core import rules

from .roles import ALL, PROVINCE_ROLES, Role

rules.register({
    "org.view": ALL,
    "org.manage": {Role.SPECIALIST, Role.ADMIN},
    "user.view": {Role.ADMIN, Role.UNIT_HEAD, Role.SPECIALIST, Role.AUDITOR},
    "user.manage": {Role.ADMIN},
    "membership.manage": {Role.ADMIN},
    "audit.view": {Role.AUDITOR, Role.ADMIN},
})

# Roles whose grant reach is the whole province: those that see the province, and administrator.
PROVINCE_GRANTED = frozenset(PROVINCE_ROLES | {Role.ADMIN})


@dataclass(frozen=True)
class Reach:
    """A part of the tree (a path prefix), as an object `rules.can` checks a scope against."""

    path: str

    def scope_paths(self) -> list[str]:
        return [self.path]


def grant_reach(organisation, role: str) -> Reach:
    """What an administrator's scope must cover to grant or revoke `role` at `organisation`."""
    if role in PROVINCE_GRANTED:
        return Reach(organisation.province_path())
    return Reach(organisation.path)


def grant_refusal(actor, *, user, organisation, role: str) -> str | None:
    """Why `actor` may not grant (or revoke) `role` at `organisation` to `user`, or None when they
    may. `user` is None for an account being created."""
    if user is not None and user.pk is not None and actor.pk == user.pk:
        return _("Bạn không thể tự gán, sửa hoặc thu hồi vai trò của chính mình.")
    if rules.can(actor, "membership.manage", grant_reach(organisation, role)):
        return None
    if role in PROVINCE_GRANTED and rules.can(actor, "membership.manage", Reach(organisation.path)):
        return _("Chỉ quản trị viên có phạm vi toàn tỉnh mới được gán hoặc thu hồi vai trò “%(role)s”.") % {
            "role": Role(role).label}
    return _("Bạn chỉ được gán hoặc thu hồi vai trò trong phạm vi đơn vị mình quản trị.")


def grantable_roles(actor) -> list[str]:
    """The roles `actor` may grant somewhere (the choices a form offers)."""
    if actor.is_superuser:
        return list(Role.values)
    scopes = actor.scope_paths(roles=rules.roles_for("membership.manage"))
    if not scopes:
        return []
    # A scope that is a province root covers the province roles and administrator.
    covers_province = any(scope.count("/") == 2 for scope in scopes)
    return [r for r in Role.values if covers_province or r not in PROVINCE_GRANTED]
