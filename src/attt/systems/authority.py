"""Who acts for each authority the regimes name. The regimes say *which* body appraises and
approves a level (owner_security_unit, owner, ministry, prime_minister); this is the one place
that maps those bodies to the product's roles, and checks the organisation tree.

- owner_security_unit: the specialised security unit of the owner's province (role specialist);
- owner: the head of the owner organisation or of a body above it (role unit_head);
- ministry: recorded by the province's specialised unit, which forwards the dossier and enters
  the ministry's result (role specialist);
- prime_minister: the owner records the Prime Minister's decision (role unit_head).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from attt.core import rules
from attt.orgs.roles import Role

BODY_ROLES: dict[str, frozenset[str]] = {
    "owner_security_unit": frozenset({Role.SPECIALIST}),
    "owner": frozenset({Role.UNIT_HEAD}),
    "ministry": frozenset({Role.SPECIALIST}),
    "prime_minister": frozenset({Role.UNIT_HEAD}),
}
BODY_LABELS = {
    "owner_security_unit": _("đơn vị chuyên trách ATTT của chủ quản"),
    "owner": _("chủ quản hệ thống"),
    "ministry": _("Bộ chủ quản (Bộ Công an)"),
    "prime_minister": _("Thủ tướng Chính phủ"),
}


def body_label(body: str) -> str:
    return str(BODY_LABELS.get(body, body))


def acts_for(user, body: str, system) -> bool:
    """Whether `user` may act for `body` on `system` (scope: the owner organisation's path)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = BODY_ROLES.get(body, frozenset())
    owner_path = system.owner.path
    return any(owner_path.startswith(prefix) for prefix in user.scope_paths(roles=roles))


def require_body(user, action: str, body: str, dossier) -> None:
    rules.require(user, action, dossier)
    if not acts_for(user, body, dossier.system):
        raise PermissionDenied(_("Theo chế độ quy định, bước này do %(body)s thực hiện; bạn không có thẩm quyền.")
                               % {"body": body_label(body)})
