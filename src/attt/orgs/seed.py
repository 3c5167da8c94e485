"""Scale data for the organisation tree: provinces, their units and users, in batches."""
from __future__ import annotations

import random

from django.db import transaction
from vietnam_provinces import Province

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
    if existing:
        ctx.out(f"  seed data already present ({existing} organisations); reusing it")
        ctx.province_ids = list(Organisation.objects.filter(code__startswith="SEED-", depth=0).values_list("pk", flat=True))
        ctx.unit_ids = list(Organisation.objects.filter(code__startswith="SEED-", depth__gt=0).values_list("pk", flat=True))
        ctx.user_ids = list(User.objects.filter(username__startswith="seed").values_list("pk", flat=True))
        return
    names = [p.name for p in Province.iter_all()]
    roots = _bulk([Organisation(code=f"SEED-P{i:02d}", name=f"Tỉnh {names[i % len(names)]} (mẫu {i})",
                                kind=Organisation.Kind.PROVINCE) for i in range(ctx.provinces)])
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
    users = [User(username=f"seed{i:05d}", full_name=f"Người dùng mẫu {i}", email=f"seed{i:05d}@seed.attt.local",
                  password="!") for i in range(ctx.users)]
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
    signable = _signable_users(roots, created)
    ctx.out(f"  {len(roots)} provinces, {len(created)} units, {len(users)} users; "
            f"{signable} users who can sign in (see {SIGNABLE_FILE})")


SIGNABLE_FILE = "seed-users.csv"
UNIT_ROLES = {Role.UNIT_HEAD, Role.UNIT_OFFICER}


def _signable_users(roots, units) -> int:
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
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["username", "password", "role", "organisation"])
        writer.writerows(rows)
    path.chmod(0o600)
    return len(rows)
