"""Recurring duties at scale: time to generate a year of occurrences for the demo province and
for 34 provinces × 100 units (plus synthetic operating systems), the idempotent re-run, the
regeneration after a rule edit, and the calendar pages as the specialist and a superuser.

    .venv/bin/python bench/bench_obligations.py [--provinces 34 --units 100 --systems 2000 --runs 10]
"""
from __future__ import annotations

import argparse
import random
import time

from common import measure, print_rows, setup_django


def timed(label, fn):
    started = time.perf_counter()
    result = fn()
    print(f"  {label}: {time.perf_counter() - started:.2f} s ({result})")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--systems", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    data = setup_django("obligations")
    from django.db import connection
    from django.test import Client

    from attt import demo, seed
    from attt.obligations import services
    from attt.obligations.models import DutyRule, Occurrence
    from attt.orgs.models import Organisation, User
    from attt.systems.models import System

    started = time.perf_counter()
    demo.build()
    print(f"demo built in {time.perf_counter() - started:.1f} s: {Occurrence.objects.count()} occurrences "
          f"on {connection.vendor} ({data})")
    seed.run(provinces=args.provinces, units=args.units, users=200, out=lambda *a: None)
    units = list(Organisation.objects.filter(code__startswith="SEED-", depth=1).values_list("pk", flat=True))
    rng = random.Random(7)
    System.objects.bulk_create([System(name=f"Hệ thống mẫu {i}", owner_id=u, operator_id=u,
                                       approved_level=rng.choice([1, 2, 2, 3, 3, 4, 5]))
                                for i, u in enumerate(rng.choices(units, k=args.systems))], batch_size=1000)
    print(f"national: {Organisation.objects.count()} organisations, {System.objects.count()} systems")
    Occurrence.objects.filter(organisation__code__startswith="SEED-").delete()
    before = Occurrence.objects.count()
    timed("generate 12 months, national", lambda: services.generate_occurrences())
    print(f"  occurrences now {Occurrence.objects.count()} (+{Occurrence.objects.count() - before})")
    timed("generate again (idempotent)", lambda: services.generate_occurrences())
    rule = DutyRule.objects.get(key="new-nd331:quarterly-report", active=True)
    root = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-root", "root@bench.local", None)
    timed("edit the quarterly rule (regenerate future)",
          lambda: services.rule_update(actor=root, rule=rule, due={"kind": "quarterly", "day": 10}).version)

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    specialist = User.objects.get(username="chuyentrach")
    for user in (specialist, root):
        if not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, generate_totp_secret())  # specialists and superusers need a second factor
    client = Client()
    client.force_login(specialist)
    pages = ["/duties/", "/duties/?month=2026-12", "/duties/?view=list", "/duties/?view=list&state=overdue",
             "/api/v1/duties/occurrences", "/"]
    print_rows("One province (Tuyên Quang, specialist)", [measure(client, p, args.runs) for p in pages])
    national = Client()
    national.force_login(root)
    print_rows(f"National ({Occurrence.objects.count()} occurrences, superuser)",
               [measure(national, p, args.runs) for p in pages])


if __name__ == "__main__":
    main()
