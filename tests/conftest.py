"""Shared fixtures: a small province world with one user per role, and clients signed in as them.

`world` has two provinces. Province P: police (specialist), response team (responder), the
finance department (unit head), communes A and B (unit officers), and the province itself
(leader, auditor, admin). Province Q has one commune officer, for cross-province checks.
"""
from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from dataclasses import dataclass, field

import pytest
from django.test import Client

from attt.core import clock

ROLES = ["province_leader", "specialist", "responder", "unit_head", "unit_officer", "auditor", "admin"]
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class World:
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def org(self, key):
        return self.orgs[key]


def _org(key, world, parent, code, name, kind):
    from attt.orgs import services

    org = services.org_create(actor=None, parent=parent, code=code, name=name, kind=kind)
    world.orgs[key] = org
    return org


def enrol_totp(user) -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)


def _restore_migration_data() -> None:
    """Rows that data migrations load (the default assignee rules): a live-server or transactional
    test run earlier in the session flushed them, and the product expects them."""
    from attt.directives.defaults import load_default_rules
    from attt.directives.models import AssigneeRule

    if not AssigneeRule.objects.filter(province__isnull=True).exists():
        load_default_rules(AssigneeRule)


@pytest.fixture
def world(db) -> World:
    from attt.orgs import services
    from attt.orgs.models import Organisation as O

    _restore_migration_data()
    w = World()
    p = _org("province", w, None, "P1", "Tỉnh Thử Nghiệm", O.Kind.PROVINCE)
    _org("police", w, p, "P1-CA", "Công an tỉnh Thử Nghiệm", O.Kind.POLICE)
    _org("team", w, p, "P1-DUCSC", "Đội ứng cứu sự cố tỉnh", O.Kind.RESPONSE_TEAM)
    _org("finance", w, p, "P1-TC", "Sở Tài chính", O.Kind.DEPARTMENT)
    a = _org("commune_a", w, p, "P1-XA", "Xã An Bình", O.Kind.COMMUNE)
    _org("centre_a", w, a, "P1-XA-TT", "Trung tâm Phục vụ hành chính công xã An Bình", O.Kind.SERVICE_CENTRE)
    _org("commune_b", w, p, "P1-XB", "Phường Bình Minh", O.Kind.COMMUNE)
    _org("provider", w, p, "P1-VNPT", "VNPT Thử Nghiệm", O.Kind.PROVIDER)
    q = _org("province_q", w, None, "P2", "Tỉnh Bên Cạnh", O.Kind.PROVINCE)
    _org("commune_q", w, q, "P2-XC", "Xã Cát Tiên", O.Kind.COMMUNE)
    placements = {
        "province_leader": "province", "specialist": "police", "responder": "team", "unit_head": "finance",
        "unit_officer": "commune_a", "auditor": "province", "admin": "province",
    }
    for role, org_key in placements.items():
        user, _ = services.user_create(actor=None, username=role, email=f"{role}@test.local",
                                       full_name=role.replace("_", " ").title(), password="Mật-khẩu-thử-123")
        services.membership_grant(actor=None, user=user, organisation=w.orgs[org_key], role=role)
        if role in {"specialist", "admin"}:
            enrol_totp(user)
        w.users[role] = user
    for key, org_key in (("officer_b", "commune_b"), ("officer_q", "commune_q")):
        user, _ = services.user_create(actor=None, username=key, email=f"{key}@test.local", password="Mật-khẩu-thử-123")
        services.membership_grant(actor=None, user=user, organisation=w.orgs[org_key], role="unit_officer")
        w.users[key] = user
    return w


def sign_in_client(client: Client, user) -> Client:
    """Sign `client` in as `user` as the sign-in form would: the session records a password and,
    when the user has TOTP, the second factor (RequireMfaMiddleware looks for it)."""
    import time

    from allauth.mfa.models import Authenticator

    client.force_login(user)
    session = client.session
    records = [{"method": "password", "at": time.time(), "username": user.get_username()}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"})
    session["account_authentication_methods"] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def client_for(world):
    """client_for("specialist") is a Client signed in as that world user (MFA already enrolled)."""
    cache = {}

    def make(who: str) -> Client:
        if who not in cache:
            client = Client()
            if who != "anonymous":
                sign_in_client(client, world.users[who])
            cache[who] = client
        return cache[who]

    return make


@pytest.fixture(autouse=True)
def _isolate():
    """Each test starts with the real clock and an empty cache (rate limits, used TOTP codes)."""
    from django.core.cache import cache

    cache.clear()
    yield
    clock.reset()


# --- The clock at any hour ------------------------------------------------------------------------------
# ATTT_TEST_NOW="2026-11-29 00:30" (local time, Asia/Ho_Chi_Minh; "29/11/2026 00:30" also reads) starts
# every test of the run at that moment, for the whole process (Django's timezone.now(), auto_now fields,
# date.today(), time.time()), and lets time run on from there. `scripts/test-any-hour` runs the
# date-sensitive tests so at 00:30 and 23:30. Without the variable, tests see the real time.

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# Tests that read the clock, compute days or print dates: the any-hour runs take these (plus any test
# marked @pytest.mark.date_sensitive). Browser tests are left out (they take minutes); their services
# are covered here.
DATE_SENSITIVE = (
    "tests/core/test_clock.py", "tests/core/test_dates.py", "tests/core/test_api_and_tokens.py",
    "tests/regimes/", "tests/incidents/", "tests/reporting/", "tests/obligations/",
    "tests/directives/test_reminders.py", "tests/directives/test_publish.py", "tests/directives/test_pages.py",
    "tests/directives/test_api.py", "tests/systems/",
)


def parse_local(text: str) -> dt.datetime:
    """'2026-11-29 00:30' or '29/11/2026 00:30' (seconds optional) as an aware Asia/Ho_Chi_Minh datetime."""
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
                "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=LOCAL)
        except ValueError:
            continue
    raise pytest.UsageError(f"ATTT_TEST_NOW={text!r}: expected 'YYYY-MM-DD HH:MM' (local time)")


TEST_NOW = parse_local(os.environ["ATTT_TEST_NOW"]) if os.environ.get("ATTT_TEST_NOW") else None


def pytest_configure(config):
    config.addinivalue_line("markers", "date_sensitive: reads the clock or prints dates; run at any hour")


def pytest_report_header(config):
    if TEST_NOW is not None:
        return f"ATTT_TEST_NOW: every test starts at {TEST_NOW:%d/%m/%Y %H:%M} Asia/Ho_Chi_Minh ({TEST_NOW.astimezone(dt.UTC):%d/%m/%Y %H:%M} UTC)"


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath)
    for item in items:
        rel = os.path.relpath(str(item.path), root).replace(os.sep, "/")
        if rel.startswith(DATE_SENSITIVE):
            item.add_marker(pytest.mark.date_sensitive)


@pytest.fixture(autouse=True)
def _any_hour():
    if TEST_NOW is None:
        yield
        return
    import time_machine

    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture
def frozen_time():
    """frozen_time(moment) stops the whole process's time at `moment` (aware, naive = local, or a
    'YYYY-MM-DD HH:MM' local string) for the rest of the test: timezone.now(), auto_now fields and
    clock.now() all read it. frozen_time(moment, tick=True) lets it run on from there."""
    import time_machine

    travellers = []

    def freeze(moment, *, tick: bool = False) -> dt.datetime:
        if isinstance(moment, str):
            moment = parse_local(moment)
        moment = clock.aware(moment) if moment.tzinfo is None else moment
        clock.reset()
        traveller = time_machine.travel(moment, tick=tick)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()
