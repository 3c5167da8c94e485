"""The pages issue 11 found slow at national scale: duties list, calendar and API, home, the
completion matrix, the province dashboard, the dossier list (first and a deep page). Builds the
data with `attt seed` when the database has none (or reuses it), then prints p50/p95, query
counts and page size per page for a unit officer and a province specialist.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME ATTT_BENCH_DIR=/tmp/NAME \\
        .venv/bin/python bench/bench_pages.py [--provinces 34 --units 100 --systems 10000 --runs 20]
"""
from __future__ import annotations

import argparse
import time

from common import measure, print_rows, setup_django


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--systems", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--no-seed", action="store_true", help="measure the data present, write nothing")
    args = ap.parse_args()
    setup_django("pages")
    from django.db import connection
    from django.test import Client

    from attt import seed
    from attt.directives.models import Directive
    from attt.obligations.models import Occurrence
    from attt.orgs.models import Membership, Organisation
    from attt.orgs.roles import Role
    from attt.systems.models import Dossier, System

    started = time.perf_counter()
    if not args.no_seed:
        seed.run(provinces=args.provinces, units=args.units, users=args.users, systems=args.systems,
                 out=lambda *a: None)
    print(f"seed (or reuse): {time.perf_counter() - started:.1f} s on {connection.vendor}: "
          f"{Organisation.objects.count()} organisations, {System.objects.count()} systems, "
          f"{Dossier.objects.count()} dossiers, {Occurrence.objects.count()} occurrences, "
          f"{Directive.objects.count()} directives")

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    # A unit officer of the unit with the most occurrences, and a specialist of its province.
    busiest = (Occurrence.objects.filter(organisation__code__startswith="SEED-").values("organisation_id")
               .order_by().annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
               .order_by("-n").first())
    unit = Organisation.objects.get(pk=busiest["organisation_id"]) if busiest else None
    officer = (Membership.objects.filter(role=Role.UNIT_OFFICER, organisation__code__startswith="SEED-")
               .select_related("user", "organisation").order_by("organisation__path").first())
    if unit is not None:
        m = Membership.objects.filter(role=Role.UNIT_OFFICER, organisation=unit).select_related("user").first()
        officer = m or officer
    specialist = Membership.objects.filter(role=Role.SPECIALIST, organisation__code__startswith="SEED-",
                                           organisation__depth=0).select_related("user", "organisation").first()
    if not Authenticator.objects.filter(user=specialist.user).exists():
        TOTP.activate(specialist.user, generate_totp_secret())
    directive = (Directive.objects.filter(province__path=specialist.organisation.path)
                 .order_by("-id").first())

    duty_pages = ["/", "/duties/", "/duties/?view=list", "/api/v1/duties/occurrences"]
    client = Client()
    client.force_login(officer.user)
    print_rows(f"Unit officer of {officer.organisation.name}", [measure(client, p, args.runs) for p in duty_pages])
    pages = [*duty_pages, "/reports/dashboard/", "/systems/dossiers/", "/systems/dossiers/?page=40"]
    if directive is not None:
        pages.append(f"/directives/{directive.pk}/matrix/")
    client = Client()
    client.force_login(specialist.user)
    print_rows(f"Specialist of {specialist.organisation.name}", [measure(client, p, args.runs) for p in pages])


if __name__ == "__main__":
    main()
