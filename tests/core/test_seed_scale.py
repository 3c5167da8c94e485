"""`attt seed` at a small scale: every app's data (systems with controls, directives, duties,
incidents, warnings, coverage figures and unit reports), one audit event per batch, TOTP secrets
for the roles that need a second factor (the codes they give sign in), and `--top-up` growing the
data without duplicating it (reporting included: new units, and a later quarter)."""
from __future__ import annotations

import csv
import datetime as dt

from django.conf import settings
from django.db.models import F

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
    # the bulk inserts copied each unit's path (what visible_to filters)
    assert not Incident.objects.exclude(org_path=F("unit__path")).exists()
    assert not WarningTarget.objects.exclude(org_path=F("unit__path")).exists()
    snapshots, reports = _reporting(province_count=2)
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
    grown_snapshots, grown_reports = _reporting(province_count=3)
    assert grown_snapshots == {**snapshots, **{k: v for k, v in grown_snapshots.items() if "SEED-P02-" in k}}
    assert grown_reports == {**reports, **{k: v for k, v in grown_reports.items() if "SEED-P02-" in k}}
    assert any("SEED-P02-" in k for k in grown_reports)  # the new province's units reported
    # a run again without growth adds nothing
    seed.run(provinces=3, units=12, users=10, systems=450, out=lambda *a: None)
    assert System.objects.count() == 450 and Incident.objects.count() == 3 * 12 * 2
    assert _reporting(province_count=3) == (grown_snapshots, grown_reports)
    events = AuditEvent.objects.filter(action="seed.reporting").count()
    # a top-up in the next quarter adds that quarter's figures and reports, once
    from attt.reporting import seed as reporting_seed

    clock.travel_to(dt.date(2027, 2, 10))
    ctx = seed.SeedContext(provinces=3, units=12, users=10, systems=450, out=lambda *a: None, top_up=True,
                           unit_ids=list(Organisation.objects.filter(code__startswith="SEED-", depth=1)
                                         .values_list("pk", flat=True)))
    reporting_seed.generate(ctx)
    reporting_seed.generate(ctx)
    later_snapshots, later_reports = _reporting(province_count=3, period="2027-Q1")
    assert set(later_snapshots) == set(grown_snapshots) and set(later_reports) <= set(later_snapshots)
    assert AuditEvent.objects.filter(action="seed.reporting").count() == events + 1
    assert _reporting(province_count=3) == (grown_snapshots, grown_reports)  # 2026-Q4 untouched


def _reporting(*, province_count: int, period: str = "2026-Q4") -> tuple[dict, dict]:
    """The seeded coverage snapshots and unit reports of `period` by unit code, after checking that
    every seeded unit has one snapshot, that about four in five submitted their report, and that a
    report carries its unit's snapshot figures."""
    from attt.reporting.models import CoverageSnapshot, Report
    from attt.reporting.periods import parse

    p = parse(period)
    snaps = {s.organisation.code: s for s in CoverageSnapshot.objects.filter(
        organisation__code__startswith="SEED-", as_of__gte=p.start, as_of__lte=p.end).select_related("organisation")}
    reports = {r.organisation.code: r for r in Report.objects.filter(
        organisation__code__startswith="SEED-", year=p.year, quarter=p.quarter).select_related("organisation")}
    assert len(snaps) == province_count * 12 and all(code.count("-") == 2 for code in snaps)
    assert 0.5 * len(snaps) < len(reports) <= len(snaps) and set(reports) <= set(snaps)
    for code, report in reports.items():
        assert report.status == Report.Status.SUBMITTED and report.kind == Report.Kind.UNIT
        figures = {f: v for f, _label, v in report.figures["coverage"]["figures"]}
        assert figures["computers_total"] == snaps[code].computers_total
        assert figures["security_budget"] == snaps[code].security_budget
    return ({code: s.pk for code, s in snaps.items()}, {code: r.pk for code, r in reports.items()})
