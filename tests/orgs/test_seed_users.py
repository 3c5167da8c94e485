"""`attt seed` leaves one user per role per province who can sign in, listed with the password in
the data directory; the bulk users still cannot sign in."""
import csv

from django.conf import settings

from attt.orgs.roles import Role


def test_seed_writes_signable_users_per_role_and_province(db, client):
    from attt.orgs import seed as orgs_seed
    from attt.orgs.models import Membership, User
    from attt.seed import SeedContext

    ctx = SeedContext(provinces=2, units=3, users=5, systems=0, out=lambda *a: None)
    orgs_seed.generate(ctx)
    with open(settings.DATA_DIR / orgs_seed.SIGNABLE_FILE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 * len(Role)
    assert {r["role"] for r in rows} == set(Role.values)
    officer = next(r for r in rows if r["role"] == Role.UNIT_OFFICER and r["organisation"].endswith("U0000"))
    assert client.login(username=officer["username"], password=officer["password"])
    m = Membership.objects.get(user__username=officer["username"])
    assert m.role == Role.UNIT_OFFICER and m.organisation.code == officer["organisation"] and m.organisation.depth == 1
    leader = Membership.objects.get(user__username=next(r["username"] for r in rows if r["role"] == Role.PROVINCE_LEADER))
    assert leader.organisation.depth == 0 and leader.scope_path == leader.organisation.path
    assert not User.objects.get(username="seed00001").has_usable_password()
