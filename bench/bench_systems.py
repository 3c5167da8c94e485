"""Inventory, dossier and compliance pages at national scale. Prints p50/p95 and query counts;
never asserts.

    ATTT_DATA_DIR=/tmp/bench-systems python bench/bench_systems.py --systems 50000
    DATABASE_URL=postgresql://... python bench/bench_systems.py --systems 50000

Seeds once (`attt seed` generators: 34 provinces × 100 units, users, then systems with dossiers
and control statuses) if the database has fewer seeded systems than asked.

Figures are noisy when the machine is busy: the load average is printed with them. Latest figures
(before/after copying the organisation paths onto System) are in docs/systems.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attt.settings")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--systems", type=int, default=50000)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from attt import seed
    from attt.orgs.models import Membership, User
    from attt.systems.models import Control, Dossier, System

    if System.objects.filter(name__startswith="Mẫu ").count() < args.systems:
        started = time.perf_counter()
        seed.run(provinces=args.provinces, units=args.units, users=1000, systems=args.systems, out=print)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    print(f"systems={System.objects.count()} dossiers={Dossier.objects.count()} controls={Control.objects.count()} "
          f"db={connection.vendor} load={' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    specialist = User.objects.filter(memberships__role="specialist").first()
    officer = Membership.objects.filter(role="unit_officer", organisation__owned_systems__isnull=False).first().user
    system = System.objects.filter(owner__path__startswith=officer.scope_paths()[0], controls__isnull=False).first()
    superuser = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin", "bench@attt.local", None)
    pages = [
        ("inventory, province specialist", specialist, "/systems/"),
        ("inventory search, specialist", specialist, "/systems/?q=van+ban&level=3"),
        ("inventory, national superuser", superuser, "/systems/"),
        ("inventory, unit officer", officer, "/systems/"),
        ("overview, province specialist", specialist, "/systems/overview/"),
        ("overview, national superuser", superuser, "/systems/overview/"),
        ("overdue dossiers, specialist", specialist, "/systems/dossiers/?overdue=1"),
        ("checklist of one system", officer, f"/systems/{system.pk}/controls/"),
        ("API systems page, specialist", specialist, "/api/v1/systems"),
    ]
    print(f"{'page':38} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        if user.is_superuser or user.has_role("specialist"):
            from allauth.mfa.totp.internal.auth import TOTP

            if not user.authenticator_set.exists():
                TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        status = client.get(url).status_code
        client.get(url)  # warm the SQLite page cache and the session
        times = []
        for _ in range(args.runs):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"{label:38} {statistics.median(times):8.1f} {p95:8.1f} {len(ctx.captured_queries):8d}"
              f"{'' if response.status_code == 200 else f'  (HTTP {response.status_code}, first {status})'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
