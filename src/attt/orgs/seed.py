"""Scale data for the organisation tree: provinces, their units and users, in batches."""
from __future__ import annotations

import random

from django.db import transaction
from vietnam_provinces import Province

from attt.core import audit
from attt.core.text import fold

from .models import Membership, Organisation, User
from .roles import Role

BATCH = 1000
DEPARTMENTS = ["Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Sở Tư pháp", "Sở Công Thương", "Công an tỉnh"]


def _bulk(objs):
    for org in objs:
        org.search_text = fold(org.search_source())
    created = Organisation.objects.bulk_create(objs, batch_size=BATCH)
    if created and created[0].pk is None:  # pragma: no cover - backends without RETURNING
        created = list(Organisation.objects.filter(code__in=[o.code for o in objs]))
    return created


@transaction.atomic
def generate(ctx) -> None:
    rng = random.Random(20251121)
    existing = Organisation.objects.filter(code__startswith="SEED-").count()
    present = set(Organisation.objects.filter(code__startswith="SEED-P", depth=0).values_list("code", flat=True))
    wanted = [i for i in range(ctx.provinces) if f"SEED-P{i:02d}" not in present]
    if existing and not (getattr(ctx, "top_up", False) and wanted):
        ctx.out(f"  seed data already present ({existing} organisations); reusing it")
        _reuse(ctx)
        return
    names = [p.name for p in Province.iter_all()]
    roots = _bulk([Organisation(code=f"SEED-P{i:02d}", name=f"Tỉnh {names[i % len(names)]} (mẫu {i})",
                                kind=Organisation.Kind.PROVINCE) for i in wanted])
    for org in roots:
        org.path = f"/{org.pk}/"
    Organisation.objects.bulk_update(roots, ["path"], batch_size=BATCH)
    ctx.province_ids = [o.pk for o in roots]
    units = []
    for root in roots:
        for j in range(ctx.units):
            if j < len(DEPARTMENTS):
                kind = Organisation.Kind.POLICE if "Công an" in DEPARTMENTS[j] else Organisation.Kind.DEPARTMENT
                name = f"{DEPARTMENTS[j]} {root.code}"
            else:
                kind = Organisation.Kind.COMMUNE
                name = f"{rng.choice(['Xã', 'Phường'])} Mẫu {j} {root.code}"
            units.append(Organisation(code=f"{root.code}-U{j:04d}", name=name, kind=kind, parent=root, depth=1))
    created = []
    for start in range(0, len(units), BATCH):
        created.extend(_bulk(units[start:start + BATCH]))
    parents = {o.pk: o for o in roots}
    for org in created:
        org.path = f"{parents[org.parent_id].path}{org.pk}/"
    Organisation.objects.bulk_update(created, ["path"], batch_size=BATCH)
    ctx.unit_ids = [o.pk for o in created]
    first = User.objects.filter(username__startswith="seed").count()
    users = [User(username=f"seed{i:05d}", full_name=f"Người dùng mẫu {i}", email=f"seed{i:05d}@seed.attt.local",
                  password="!") for i in range(first, max(first, ctx.users) if not present else first + len(wanted) * 30)]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    if users and users[0].pk is None:  # pragma: no cover
        users = list(User.objects.filter(username__startswith="seed"))
    ctx.user_ids = [u.pk for u in users]
    by_pk = {o.pk: o for o in [*roots, *created]}
    memberships = []
    for i, user in enumerate(users):
        if i % 20 == 0:
            org, role = by_pk[ctx.province_ids[i % len(ctx.province_ids)]], Role.SPECIALIST
        else:
            org, role = by_pk[ctx.unit_ids[rng.randrange(len(ctx.unit_ids))]], Role.UNIT_OFFICER
        m = Membership(user=user, organisation=org, role=role)
        m.scope_path = m.compute_scope_path()
        memberships.append(m)
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    signable = _signable_users(roots, created, append=bool(present))
    audit.record(actor=None, action="seed.orgs", object_type="orgs.organisation", object_id="",
                 object_repr=f"{len(roots)} tỉnh mẫu",
                 changes={"provinces": len(roots), "units": len(created), "users": len(users), "signable": signable})
    if present:
        _reuse(ctx)
    ctx.out(f"  {len(roots)} provinces, {len(created)} units, {len(users)} users; "
            f"{signable} users who can sign in (see {SIGNABLE_FILE})")


SIGNABLE_FILE = "seed-users.csv"
UNIT_ROLES = {Role.UNIT_HEAD, Role.UNIT_OFFICER}


def _reuse(ctx) -> None:
    ctx.province_ids = list(Organisation.objects.filter(code__startswith="SEED-", depth=0).values_list("pk", flat=True))
    ctx.unit_ids = list(Organisation.objects.filter(code__startswith="SEED-", depth__gt=0).values_list("pk", flat=True))
    ctx.user_ids = list(User.objects.filter(username__startswith="seed").values_list("pk", flat=True))


def _signable_users(roots, units, *, append: bool = False) -> int:
    """One user per role per province who can sign in (the others have unusable passwords), all
    with one random password hashed once (hashing is deliberately slow), written with their
    usernames to `seed-users.csv` in the data directory. Unit roles sit in the province's first unit."""
    import csv
    import secrets

    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    password = secrets.token_urlsafe(12)
    hashed = make_password(password)
    first_unit = {}
    for org in units:
        first_unit.setdefault(org.parent_id, org)
    rows, users, memberships = [], [], []
    for root in roots:
        for role in Role:
            org = first_unit.get(root.pk, root) if role in UNIT_ROLES else root
            username = f"{root.code.lower()}-{role.value.replace('_', '-')}"
            users.append(User(username=username, full_name=f"{role.label} {root.code}", password=hashed,
                              email=f"{username}@seed.attt.local"))
            rows.append((username, password, role.value, org.code))
            memberships.append((org, role))
    users = User.objects.bulk_create(users, batch_size=BATCH)
    if users and users[0].pk is None:  # pragma: no cover
        users = list(User.objects.filter(username__in=[r[0] for r in rows]).order_by("pk"))
    made = []
    for user, (org, role) in zip(users, memberships):
        m = Membership(user=user, organisation=org, role=role)
        m.scope_path = m.compute_scope_path()
        made.append(m)
    Membership.objects.bulk_create(made, batch_size=BATCH)
    path = settings.DATA_DIR / SIGNABLE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    header = not (append and path.exists())
    with open(path, "a" if append else "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if header:
            writer.writerow(["username", "password", "role", "organisation"])
        writer.writerows(rows)
    path.chmod(0o600)
    _totp(users, memberships, append=append)
    return len(rows)


TOTP_FILE = "seed-totp.csv"


def _totp(users, memberships, *, append: bool = False) -> None:
    """The users whose role needs a second factor get a TOTP secret, enrolled as allauth does and
    written beside the passwords (`seed-totp.csv`: username, secret, otpauth URL) so that a
    benchmark or a person can compute the codes."""
    import csv

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings

    from .roles import MFA_REQUIRED

    rows = []
    for user, (_org, role) in zip(users, memberships):
        if role in MFA_REQUIRED:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            rows.append((user.username, secret, f"otpauth://totp/ATTT:{user.username}?secret={secret}&issuer=ATTT"))
    path = settings.DATA_DIR / TOTP_FILE
    header = not (append and path.exists())
    with open(path, "a" if append else "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if header:
            writer.writerow(["username", "totp_secret", "otpauth_url"])
        writer.writerows(rows)
    path.chmod(0o600)
