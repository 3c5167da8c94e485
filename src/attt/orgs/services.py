"""Writes on the organisation tree, users, memberships and tokens. Each one checks permission
first, runs in one transaction and leaves its audit event."""
from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from . import rules as org_rules
from .events import subtree_moved
from .models import ApiToken, Membership, Organisation, OrganisationName, User
from .roles import Role

ORG_FIELDS = ["code", "name", "short_name", "kind", "admin_code", "incident_phone", "incident_email",
              "address", "valid_from", "valid_to", "abbreviation", "head_title", "head_name", "deputy_title",
              "deputy_name"]


def _path_for(org: Organisation, parent: Organisation | None) -> tuple[str, int]:
    if parent is None:
        return f"/{org.pk}/", 0
    return f"{parent.path}{org.pk}/", parent.depth + 1


def _check_code(code: str, *, exclude_pk: int | None = None) -> str:
    code = (code or "").strip()
    if not code:
        raise DomainError(_("Mã tổ chức không được để trống."), field="code")
    qs = Organisation.objects.filter(code=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError(_("Mã “%(code)s” đã được dùng cho tổ chức khác.") % {"code": code}, field="code")
    return code


def _check_dates(valid_from, valid_to) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."), field="valid_to")


@transaction.atomic
def org_create(*, actor: User | None, parent: Organisation | None, **fields) -> Organisation:
    """Create an organisation under `parent` (None: a new root, which only superusers may make)."""
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise DomainError(_("Chỉ quản trị cấp cao mới được tạo tổ chức gốc."))
    elif actor is not None:
        rules.require(actor, "org.manage", parent)
    fields = {k: v for k, v in fields.items() if k in ORG_FIELDS}
    fields["code"] = _check_code(fields.get("code", ""))
    if not (fields.get("name") or "").strip():
        raise DomainError(_("Tên tổ chức không được để trống."), field="name")
    if fields.get("kind") not in Organisation.Kind.values:
        raise DomainError(_("Loại tổ chức không hợp lệ."), field="kind")
    _check_dates(fields.get("valid_from"), fields.get("valid_to"))
    org = Organisation(parent=parent, **fields)
    org.save()
    org.path, org.depth = _path_for(org, parent)
    org.save(update_fields=["path", "depth"])
    audit.record(actor=actor, action="org.create", obj=org)
    return org


@transaction.atomic
def org_update(*, actor: User | None, org: Organisation, **fields) -> Organisation:
    """Edit an organisation. A new name keeps the former one in its history."""
    if actor is not None:
        rules.require(actor, "org.manage", org)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org)
    fields = {k: v for k, v in fields.items() if k in ORG_FIELDS}
    if "code" in fields:
        fields["code"] = _check_code(fields["code"], exclude_pk=org.pk)
    if "kind" in fields and fields["kind"] not in Organisation.Kind.values:
        raise DomainError(_("Loại tổ chức không hợp lệ."), field="kind")
    if "name" in fields and not (fields["name"] or "").strip():
        raise DomainError(_("Tên tổ chức không được để trống."), field="name")
    if "name" in fields and fields["name"] != org.name:
        OrganisationName.objects.create(organisation=org, name=org.name, valid_to=clock.today())
    for key, value in fields.items():
        setattr(org, key, value)
    _check_dates(org.valid_from, org.valid_to)
    org.save()
    audit.record(actor=actor, action="org.update", obj=org, before=before, after=audit.snapshot(org))
    return org


@transaction.atomic
def org_move(*, actor: User | None, org: Organisation, new_parent: Organisation) -> Organisation:
    """Move a subtree under another parent; refuses cycles. Paths of the subtree and the scope
    of memberships inside it are rewritten in SQL."""
    if actor is not None:
        rules.require(actor, "org.manage", org)
        rules.require(actor, "org.manage", new_parent)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise DomainError(_("Không thể chuyển một tổ chức vào chính nó hoặc đơn vị cấp dưới của nó."),
                          field="parent")
    old_path, old_parent_id = org.path, org.parent_id
    new_path = f"{new_parent.path}{org.pk}/"
    depth_delta = new_parent.depth + 1 - org.depth
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_delta,
    )
    Organisation.objects.filter(pk=org.pk).update(parent=new_parent)
    _refresh_scopes(Membership.objects.filter(organisation__path__startswith=new_path))
    org.refresh_from_db()
    subtree_moved.send(sender=Organisation, organisation=org, old_path=old_path, new_path=new_path)
    audit.record(actor=actor, action="org.move", obj=org,
                 changes={"parent_id": [old_parent_id, new_parent.pk], "path": [old_path, new_path]})
    return org


def _refresh_scopes(memberships) -> None:
    batch = []
    for m in memberships.select_related("organisation"):
        m.scope_path = m.compute_scope_path()
        batch.append(m)
    Membership.objects.bulk_update(batch, ["scope_path"], batch_size=1000)


@transaction.atomic
def org_merge(*, actor: User | None, merged: list[Organisation], successor: Organisation,
              on: dt.date | None = None) -> Organisation:
    """Merge units into a successor (the 2025 mergers): each merged unit ends on `on`, points to
    its successor and keeps all its records, which stay readable."""
    on = on or clock.today()
    for org in merged:
        if actor is not None:
            rules.require(actor, "org.manage", org)
        if org.pk == successor.pk:
            raise DomainError(_("Một tổ chức không thể sáp nhập vào chính nó."))
        if successor.path.startswith(org.path):
            raise DomainError(_("Không thể sáp nhập vào một đơn vị cấp dưới của chính nó."))
        if org.valid_to is not None:
            raise DomainError(_("“%(name)s” đã hết hiệu lực.") % {"name": org.name})
    for org in merged:
        before = audit.snapshot(org, ["valid_to", "successor"])
        org.valid_to, org.successor = on, successor
        org.save(update_fields=["valid_to", "successor", "updated_at", "search_text"])
        audit.record(actor=actor, action="org.merge", obj=org, before=before,
                     after=audit.snapshot(org, ["valid_to", "successor"]))
    return successor


@transaction.atomic
def user_create(*, actor: User | None, username: str, email: str = "", full_name: str = "",
                password: str | None = None) -> tuple[User, str | None]:
    """Create an account. Without a password none is usable until a reset; returns the user and
    the password it was given (None when none)."""
    if actor is not None and not actor.is_superuser:
        rules.require(actor, "user.manage")
    username = (username or "").strip()
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("Tên đăng nhập “%(u)s” đã tồn tại.") % {"u": username}, field="username")
    if email and User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("Email “%(e)s” đã được dùng.") % {"e": email}, field="email")
    user = User(username=username, email=email, full_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(actor=actor, action="user.create", obj=user)
    return user, password


def _require_grant(*, actor: User | None, user: User | None, organisation: Organisation, role: str,
                   action: str) -> None:
    """Refuse, and record the refusal, when `actor` may not grant or revoke `role` at `organisation`
    (see orgs/rules.py). Runs before the service's transaction, so that the refusal stays recorded."""
    if actor is None:
        return
    reason = org_rules.grant_refusal(actor, user=user, organisation=organisation, role=role)
    if reason is None:
        return
    username = user.username if user is not None else ""
    audit.record(actor=actor, action=f"{action}_refused", organisation=organisation,
                 object_type="orgs.membership", object_id="",
                 object_repr=f"{username} · {role} · {organisation.code}",
                 changes={"user": [None, username], "role": [None, role], "organisation": [None, organisation.code],
                          "reason": [None, str(reason)]})
    raise PermissionDenied(reason)


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."), field="role")


def membership_grant(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    """Give `user` a role at `organisation`. Only an administrator whose scope covers the role's reach
    may (orgs/rules.py), never on their own account; a refusal is recorded and raises PermissionDenied."""
    _check_role(role)
    _require_grant(actor=actor, user=user, organisation=organisation, role=role, action="membership.grant")
    return _membership_grant(actor=actor, user=user, organisation=organisation, role=role)


@transaction.atomic
def _membership_grant(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role,
        defaults={"scope_path": "", "active": True},
    )
    membership.active = True
    membership.scope_path = membership.compute_scope_path()
    membership.save()
    user.forget_memberships()
    audit.record(actor=actor, action="membership.grant", obj=membership, organisation=organisation,
                 changes={"user": [None, user.username], "role": [None, role]})
    return membership


def user_create_with_role(*, actor: User | None, username: str, email: str, full_name: str,
                          organisation: Organisation, role: str) -> User:
    """Create an account with its first role, both or neither. The grant is checked first."""
    _check_role(role)
    _require_grant(actor=actor, user=None, organisation=organisation, role=role, action="membership.grant")
    with transaction.atomic():
        user, _pw = user_create(actor=actor, username=username, email=email, full_name=full_name)
        _membership_grant(actor=actor, user=user, organisation=organisation, role=role)
    return user


def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    """End a membership; the same rule as granting it applies (orgs/rules.py)."""
    _require_grant(actor=actor, user=membership.user, organisation=membership.organisation, role=membership.role,
                   action="membership.revoke")
    _membership_revoke(actor=actor, membership=membership)


@transaction.atomic
def _membership_revoke(*, actor: User | None, membership: Membership) -> None:
    membership.active = False
    membership.save(update_fields=["active", "updated_at"])
    membership.user.forget_memberships()
    audit.record(actor=actor, action="membership.revoke", obj=membership, organisation=membership.organisation,
                 changes={"active": [True, False]})


TOKEN_PREFIX = "attt_"


@transaction.atomic
def token_create(*, actor: User, name: str, expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A personal API token for `actor`. The plain key is returned once and never stored."""
    name = (name or "").strip()[:100]
    if not name:
        raise DomainError(_("Hãy đặt tên cho khóa API."), field="name")
    if expires_at is not None and expires_at <= clock.now():
        raise DomainError(_("Ngày hết hạn phải ở tương lai."), field="expires_at")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        token = ApiToken.objects.create(user=actor, name=name, prefix=key[:12],
                                        key_hash=ApiToken.hash_key(key), expires_at=expires_at)
    except IntegrityError:  # pragma: no cover - a 256-bit collision
        raise DomainError(_("Không tạo được khóa, hãy thử lại.")) from None
    audit.record(actor=actor, action="token.create", obj=token, changes={"name": [None, name]})
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise DomainError(_("Không tìm thấy khóa API."))
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="token.revoke", obj=token, changes={"revoked": [False, True]})


def token_authenticate(key: str) -> User | None:
    """The user of a valid, unrevoked, unexpired token, or None."""
    if not key or not key.startswith(TOKEN_PREFIX) or len(key) > 100:
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        _token_touch(token.pk, now)
    return token.user


def _token_touch(pk: int, now) -> None:
    """Note the token's use, at most once a minute and never at the cost of the request: if the
    database is busy with another user's write, the note is skipped (the next call retries)."""
    from django.db import OperationalError, connection

    short = connection.vendor == "sqlite" and not connection.in_atomic_block
    try:
        if short:  # wait a quarter of a second for the write lock, not the full busy timeout
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 250")
        with transaction.atomic():  # a savepoint when the caller is already in a transaction
            ApiToken.objects.filter(pk=pk).update(last_used_at=now)
    except OperationalError:
        pass
    finally:
        if short:
            timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(float(timeout) * 1000)}")
