"""`attt seed` at a small scale: every app's data (systems with controls, directives, duties,
incidents, warnings), one audit event per batch, TOTP secrets for the roles that need a second
factor (the codes they give sign in), and `--top-up` growing the data without duplicating it."""
from __future__ import annotations

import csv
import datetime as dt

from django.conf import settings

from attt.core import clock
from attt.core.models import AuditEvent


def test_seed_all_apps_then_top_up(db, client):
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    from attt import seed
    from attt.incidents.models import Incident, Warning, WarningTarget
    from attt.orgs import seed as orgs_seed
    from attt.orgs.models import Organisation
    from attt.orgs.roles import MFA_REQUIRED
    from attt.systems.models import Control, System

    clock.travel_to(dt.date(2026, 11, 21))
    seed.run(provinces=2, units=12, users=10, systems=300, out=lambda *a: None)
    assert System.objects.count() == 300 and System.objects.filter(owner_path="").count() == 0
    assert Control.objects.filter(system__approved_level__isnull=False).exists()
    assert Incident.objects.count() == 2 * 12 * 2
    closed = Incident.objects.filter(status="closed").count()
    assert 0.6 < closed / Incident.objects.count() < 0.95
    assert Warning.objects.count() == 2 * 12 and WarningTarget.objects.exists()
    # batches are audited with their counts, the chain stays whole
    event = AuditEvent.objects.filter(action="seed.systems").get()
    assert event.changes["systems"] == 300 and event.changes["controls"] == Control.objects.count()
    from attt.core import audit

    assert audit.verify().ok
    # TOTP secrets beside the passwords, for the roles that need them
    with open(settings.DATA_DIR / orgs_seed.TOTP_FILE, encoding="utf-8") as f:
        totp = list(csv.DictReader(f))
    with open(settings.DATA_DIR / orgs_seed.SIGNABLE_FILE, encoding="utf-8") as f:
        users = {r["username"]: r for r in csv.DictReader(f)}
    assert len(totp) == 2 * len(MFA_REQUIRED)
    assert all(users[r["username"]]["role"] in MFA_REQUIRED for r in totp)
    counter = next(iter(yield_hotp_counters_from_time()))
    assert len(f"{hotp_value(totp[0]['totp_secret'], counter):06d}") == 6
    # top-up: a third province with its units and users; systems grow to the new total
    seed.run(provinces=3, units=12, users=10, systems=450, out=lambda *a: None, top_up=True)
    assert Organisation.objects.filter(code__startswith="SEED-P", depth=0).count() == 3
    assert Organisation.objects.filter(code__startswith="SEED-P02-").count() == 12
    assert System.objects.count() == 450 and AuditEvent.objects.filter(action="seed.systems").count() == 2
    with open(settings.DATA_DIR / orgs_seed.SIGNABLE_FILE, encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(users) * 3 // 2
    # a run again without growth adds nothing
    seed.run(provinces=3, units=12, users=10, systems=450, out=lambda *a: None)
    assert System.objects.count() == 450 and Incident.objects.count() == 3 * 12 * 2
