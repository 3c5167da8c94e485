"""Latency of the home page, the organisation list and the tree, at one province (the demo, as its
province leader) and at national scale (34 provinces × 100 units, 1,000 users, as a superuser).

    .venv/bin/python bench/bench_shell.py [--provinces 34 --units 100 --users 1000 --runs 30]
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
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    data = setup_django("shell")
    from django.db import connection
    from django.test import Client

    from attt import demo, seed
    from attt.orgs.models import Organisation, User

    started = time.perf_counter()
    demo.build()
    print(f"demo province built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    seed.run(provinces=args.provinces, units=args.units, users=args.users, out=print)
    print(f"seed: {Organisation.objects.count()} organisations, {User.objects.count()} users "
          f"in {time.perf_counter() - started:.1f} s on {connection.vendor} ({data})")

    leader = User.objects.get(username="lanhdao")
    client = Client()
    client.force_login(leader)
    province = Organisation.objects.get(code="P08")
    pages = ["/", "/orgs/", "/orgs/?q=xa+minh", "/orgs/tree/", f"/orgs/tree/?parent={province.pk}",
             f"/orgs/{province.pk}/", "/api/v1/organisations", "/search/?q=cong+an"]
    print_rows("One province (Tuyên Quang, province leader)", [measure(client, p, args.runs) for p in pages])

    root = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-root", "root@bench.local", None)
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=root).exists():
        TOTP.activate(root, generate_totp_secret())  # superusers must have a second factor
    national = Client()
    national.force_login(root)
    some_province = Organisation.objects.filter(code__startswith="SEED-P").first()
    pages = ["/", "/orgs/", "/orgs/?q=phuong+mau+7", "/orgs/tree/", f"/orgs/tree/?parent={some_province.pk}",
             "/api/v1/organisations", "/search/?q=so+tai+chinh"]
    print_rows(f"National scale ({Organisation.objects.count()} organisations, superuser)",
               [measure(national, p, args.runs) for p in pages])


if __name__ == "__main__":
    main()
