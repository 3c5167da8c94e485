"""Load test of the production server at national scale, per role, with a real load tool (wrk).

1. builds (or reuses, growing it with `--top-up`) the seeded data with `attt seed` on PostgreSQL;
2. starts the production server as CI does (scripts/prod_smoke.py): `attt serve --no-worker`
   under ATTT_PRODUCTION=1 (gunicorn, ATTT_WEB_WORKERS processes), Redis for Huey and the cache;
3. signs in the seeded users of one province through the real login form (TOTP from
   seed-totp.csv for the roles that need it) and makes an API token for each;
4. drives the main pages and API lists of each role with `wrk` at 1 and 8 connections and prints
   p50 / p95 / p99 latency, throughput and, measured in-process with the same data, the SQL query
   count of each page.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/h_scale ATTT_BENCH_DIR=/tmp/h_scale \\
        .venv/bin/python bench/bench_load.py --systems 5000 [--provinces 34 --units 100 --seconds 10]

Needs `wrk` (apt-get install -y wrk), PostgreSQL and Redis. Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATTT = str(Path(sys.executable).parent / "attt")
sys.path.insert(0, str(ROOT / "scripts"))

LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"p50":%.3f,"p95":%.3f,"p99":%.3f,"requests":%d,"seconds":%.3f,"errors":%d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.duration / 1e6, errors))
end
"""

ROLES = ["unit_officer", "unit_head", "specialist", "province_leader", "auditor"]
PAGES = {
    "home": "/",
    "systems": "/systems/",
    "systems deep (keyset)": None,  # filled with the cursor of page 2 after sign-in
    "dossiers": "/systems/dossiers/",
    "duties list": "/duties/?view=list",
    "duties calendar": "/duties/",
    "directives": "/directives/",
    "directives inbox": "/directives/inbox/",
    "incidents": "/incidents/",
    "warnings": "/incidents/warnings/",
    "organisations": "/orgs/",
    "audit trail": "/orgs/audit/",
    "dashboard": "/reports/dashboard/",
}
API = {
    "API systems": "/api/v1/systems?limit=50",
    "API duties": "/api/v1/duties/occurrences?limit=50",
    "API incidents": "/api/v1/incidents?limit=50",
    "API organisations": "/api/v1/organisations?limit=50",
    "API assignments": "/api/v1/assignments?limit=50",
}


def env_for(data_dir: Path, args) -> dict:
    # the keys of an embedded-default data directory (seeded without ATTT_PRODUCTION), else our own
    k = {}
    for name, file in (("secret", "secret_key"), ("audit", "audit_key")):
        path = data_dir / file
        if not path.exists():
            path.write_text(secrets.token_urlsafe(64))
            path.chmod(0o600)
        k[name] = path.read_text().strip()
    env = {n: v for n, v in os.environ.items() if not n.startswith("ATTT_")}
    env.update({"ATTT_PRODUCTION": "1", "ATTT_SECRET_KEY": k["secret"], "ATTT_AUDIT_KEY": k["audit"],
                "ATTT_DATA_DIR": str(data_dir), "DATABASE_URL": os.environ["DATABASE_URL"],
                "ATTT_REDIS_URL": args.redis, "ATTT_ALLOWED_HOSTS": "127.0.0.1",
                "ATTT_WEB_WORKERS": str(args.web_workers), "ATTT_LOG_LEVEL": "ERROR",
                "DJANGO_SETTINGS_MODULE": "attt.settings"})
    return env


def wrk(url: str, headers: dict, connections: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
    cmd = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", f.name, *[x for k, v in headers.items() for x in ("-H", f"{k}: {v}")], url]
    done = subprocess.run(cmd, capture_output=True, text=True)
    os.unlink(f.name)
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not line:
        return {"error": (done.stderr or done.stdout)[-300:]}
    out = json.loads(line[-1])
    out["rps"] = out["requests"] / out["seconds"] if out["seconds"] else 0
    return out


def query_counts(users: dict[str, str], urls: dict[str, str], tokens: dict[str, str]) -> dict:
    """SQL queries per page and role, in-process (Django test client) on the same database."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from attt.orgs.models import User

    out = {}
    for role, username in users.items():
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
        user = User.objects.get(username=username)
        client.force_login(user)  # as the login form would (tests/conftest.py sign_in_client)
        session = client.session
        session["account_authentication_methods"] = [{"method": "password", "at": time.time()},
                                                     {"method": "mfa", "at": time.time(), "type": "totp"}]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
        for name, url in urls.items():
            headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"} if url.startswith("/api/") else {}
            client.get(url, secure=True, **headers)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, secure=True, **headers)
            out[(role, name)] = (len(ctx.captured_queries), response.status_code, len(response.content))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--systems", type=int, default=5000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", default="1,8")
    ap.add_argument("--roles", default=",".join(ROLES))
    ap.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    ap.add_argument("--port", type=int, default=8140)
    ap.add_argument("--web-workers", type=int, default=2)
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    ap.add_argument("--no-seed", action="store_true")
    args = ap.parse_args()
    if "DATABASE_URL" not in os.environ:
        print("set DATABASE_URL=postgresql://… (the load test measures the production configuration)")
        return 2
    data_dir = Path(os.environ.get("ATTT_BENCH_DIR") or "/tmp/attt-bench-load")
    data_dir.mkdir(parents=True, exist_ok=True)
    env = env_for(data_dir, args)
    if not args.no_seed:
        started = time.perf_counter()
        seeded = subprocess.run([ATTT, "seed", "--provinces", str(args.provinces), "--units", str(args.units),
                                 "--users", str(args.users), "--systems", str(args.systems), "--top-up"],
                                env=env, capture_output=True, text=True)
        print(seeded.stdout.strip())
        if seeded.returncode:
            print(seeded.stderr[-3000:])
            return 1
        print(f"seed or top-up: {time.perf_counter() - started:.1f} s")
    os.environ.update(env)
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    logging.getLogger("django.security").setLevel(logging.CRITICAL)
    from prod_smoke import Browser, sign_in

    from attt.orgs import seed as orgs_seed
    from attt.orgs.services import token_create
    from attt.orgs.models import User
    from attt.systems.models import System

    with open(data_dir / orgs_seed.SIGNABLE_FILE, encoding="utf-8") as f:
        accounts = [r for r in csv.DictReader(f)]
    with open(data_dir / orgs_seed.TOTP_FILE, encoding="utf-8") as f:
        totp = {r["username"]: r["totp_secret"] for r in csv.DictReader(f)}
    province = accounts[0]["organisation"].split("-U")[0]  # the first seeded province
    users = {}
    for r in accounts:
        if r["role"] in args.roles.split(",") and r["username"].upper().startswith(province + "-") and r["role"] not in users:
            users[r["role"]] = r
    log = open(data_dir / "serve.log", "w")
    server = subprocess.Popen([ATTT, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(args.port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                Browser(args.port).request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(1)
        print(f"\n{System.objects.count()} systems; production server on :{args.port} with {args.web_workers} "
              f"web processes; wrk {args.seconds} s per page and connection count; one province ({province})")
        cookies, tokens = {}, {}
        for role, r in users.items():
            browser = Browser(args.port)
            problem = sign_in(browser, r["username"], r["password"], totp.get(r["username"]))
            if problem:
                print(f"  {role}: sign-in failed: {problem}")
                continue
            cookies[role] = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
            tokens[role] = token_create(actor=User.objects.get(username=r["username"]), name="bench-load")[1]
        pages = dict(PAGES)
        # a deep page of the inventory: the cursor after the 20th page of a national superuser's list
        tenth = System.objects.order_by("name", "id")[min(999, System.objects.count() - 1)]
        from attt.core.keyset import encode

        pages["systems deep (keyset)"] = f"/systems/?after={encode([tenth.name, tenth.pk])}&p=21"
        pages.update(API)
        if args.pages:
            pages = {k: v for k, v in pages.items() if k in args.pages.split(",")}
        counts = query_counts({role: users[role]["username"] for role in cookies}, pages, tokens)
        conns = [int(c) for c in args.connections.split(",")]
        head = f"  {'role':<16}{'page':<24}{'st':>4}{'q':>4}{'KB':>6}"
        for c in conns:
            head += f"{'c' + str(c) + ' p50':>10}{'p95':>8}{'p99':>8}{'req/s':>8}"
        print(head)
        for role in cookies:
            for name, url in pages.items():
                headers = {"Host": f"127.0.0.1:{args.port}", "X-Forwarded-Proto": "https", "Accept-Language": "vi"}
                if url.startswith("/api/"):
                    headers["Authorization"] = f"Bearer {tokens[role]}"
                else:
                    headers["Cookie"] = cookies[role]
                q, status, size = counts.get((role, name), (0, 0, 0))
                row = f"  {role:<16}{name:<24}{status:>4}{q:>4}{size / 1024:>6.0f}"
                if status in (403, 404):  # not a page of this role
                    continue
                # warm-up, not measured: every web process loads the page's templates and code once
                wrk(f"http://127.0.0.1:{args.port}{url}", headers, args.web_workers, 1)
                for c in conns:
                    r = wrk(f"http://127.0.0.1:{args.port}{url}", headers, c, args.seconds)
                    if "error" in r:
                        row += f"  wrk: {r['error'][:60]}"
                        continue
                    mark = "!" if r["errors"] else ""
                    row += f"{r['p50']:>10.0f}{r['p95']:>8.0f}{r['p99']:>8.0f}{r['rps']:>7.1f}{mark or ' '}"
                print(row, flush=True)
        print("  (ms; '!' after req/s: some answers were not 2xx/3xx)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
