"""Production smoke: the production configuration on PostgreSQL and Redis, driven over HTTP.

Called by scripts/prod-smoke (CI stage). Steps:
  1. a fresh PostgreSQL database (ATTT_SMOKE_DB, default attt_smoke) and an emptied Redis db
     (ATTT_SMOKE_REDIS, default redis://127.0.0.1:6379/1);
  2. `attt demo --no-serve` builds the demo province under ATTT_PRODUCTION=1;
  3. `attt serve --no-worker` (gunicorn, 2 web processes) and two `attt worker --workers 1`
     (2 Huey consumers) on 127.0.0.1:<free port>;
  4. every demo account signs in through the real login form (TOTP computed for the roles that
     need it), then follows every link reachable from home (the pages of the access matrix a role
     can reach), fetching every /static/ asset the pages reference; any 5xx, any missing static
     asset or a failed sign-in fails the run;
  5. a real fan-out job (obligations.tasks.duties_fan_out: one job per unit) must be done by both
     consumers, each unit exactly once (counted from the audit trail).
Exit 0 on success, 1 on failure; without PostgreSQL or Redis: skipped (exit 0), or failure under CI=true.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATTT = str(Path(sys.executable).parent / "attt")
PG_BASE = os.environ.get("ATTT_SMOKE_PG", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = os.environ.get("ATTT_SMOKE_DB", "attt_smoke")
REDIS_URL = os.environ.get("ATTT_SMOKE_REDIS", "redis://127.0.0.1:6379/1")
PAGES_PER_ROLE = int(os.environ.get("ATTT_SMOKE_PAGES", "400"))
PER_SHAPE = int(os.environ.get("ATTT_SMOKE_PER_SHAPE", "2"))  # pages of one URL shape (ids replaced) per role
CI = os.environ.get("CI", "").lower() == "true"

LINK = re.compile(r'href="(/[^"#]*)"')
ASSET = re.compile(r'(?:href|src)="(/static/[^"#?]*)')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SKIP = ("/static/", "/accounts/logout", "/django-admin", "/i18n/", "/media/")
t0 = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - t0:6.1f}s] {text}", flush=True)


def unavailable(what: str) -> int:
    if CI:
        print(f"FAIL: {what} (CI=true: the production smoke needs PostgreSQL and Redis)", file=sys.stderr)
        return 1
    print(f"SKIPPED: {what}. Start PostgreSQL and Redis (or set ATTT_SMOKE_PG / ATTT_SMOKE_REDIS) to run it.")
    return 0


def prepare_services() -> str | None:
    import psycopg
    import redis

    try:
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    except Exception as exc:
        return f"PostgreSQL unreachable at {PG_BASE}: {' '.join(str(exc).split())[:200]}"
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
        client.flushdb()
        client.close()
    except Exception as exc:
        return f"Redis unreachable at {REDIS_URL}: {exc}"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A minimal browser behind the TLS proxy: X-Forwarded-Proto https, its own cookie jar (the
    production cookies are Secure), manual redirects."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, referer: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "Accept-Language": "vi", "User-Agent": "attt-prod-smoke"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + (referer or path)})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for raw in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "max-age=0" in raw.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        conn.close()
        return response.status, response.getheader("Location") or "", response.getheader("Content-Type") or "", content

    def local(self, location: str) -> str:
        parts = urllib.parse.urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def get_following(self, path: str, limit: int = 5):
        for _ in range(limit):
            status, location, ctype, content = self.request("GET", path)
            if status in (301, 302, 303) and location:
                path = self.local(location)
                continue
            return status, path, ctype, content
        return status, path, ctype, content

    def form_post(self, path: str, fields: dict):
        status, _loc, _ct, content = self.request("GET", path)
        match = CSRF.search(content.decode(errors="ignore"))
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no form")
        return self.request("POST", path, {"csrfmiddlewaretoken": match.group(1), **fields})


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(browser: Browser, username: str, password: str, secret: str | None) -> str | None:
    status, location, _ct, _c = browser.form_post("/accounts/login/", {"login": username, "password": password})
    if status != 302:
        return f"login form answered {status}"
    path = browser.local(location)
    if "/2fa/authenticate" in path:
        if not secret:
            return "asked for a second factor it has not enrolled"
        status, location, _ct, _c = browser.form_post(path, {"code": totp_code(secret)})
        if status != 302:
            return f"TOTP step answered {status}"
    status, final, _ct, content = browser.get_following("/")
    if status != 200 or final.startswith("/accounts/"):
        return f"home answered {status} at {final}"
    return None


def shape(url: str) -> str:
    return re.sub(r"\d+", "#", url)


def crawl(browser: Browser, assets: dict, pattern_names: set) -> tuple[int, list]:
    from django.urls import Resolver404, resolve

    seen, queue, failures, visited = set(), ["/", "/search/?q=xa"], [], 0  # search is a form, not a link
    shapes: Counter = Counter()
    while queue and visited < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if shapes[shape(url)] >= PER_SHAPE:
            continue
        shapes[shape(url)] += 1
        visited += 1
        status, location, ctype, content = browser.request("GET", url)
        if status >= 500:
            failures.append(f"GET {url}: {status}")
            continue
        try:
            match = resolve(urllib.parse.urlsplit(url).path)
            pattern_names.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
        except Resolver404:
            pass
        if status in (301, 302, 303) and location:
            target = browser.local(location)
            if not target.startswith(SKIP) and target not in seen:
                queue.append(target)
        if status == 200 and "text/html" in ctype:
            html = content.decode(errors="ignore")
            for asset in ASSET.findall(html):
                assets.setdefault(asset, url)
            for href in LINK.findall(html):
                href = href.replace("&amp;", "&")
                if not href.startswith(SKIP) and href not in seen:
                    queue.append(href)
    return visited, failures


def own_patterns() -> set:
    """The URL names the access matrix covers (tests/authz/test_matrix.py: our namespaces)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    namespaces = {"orgs", "systems", "directives", "obligations", "incidents", "reporting", "regimes", "public"}
    names = set()

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name:
                name = prefix + entry.name
                if name.split(":")[0] in namespaces or name in {"home", "search"}:
                    names.add(name)

    walk(get_resolver())
    return names


def check_assets(browser: Browser, assets: dict) -> list:
    failures = []
    for asset, page in sorted(assets.items()):
        status, _loc, _ct, content = browser.request("GET", asset)
        if status != 200 or not content:
            failures.append(f"{asset} (on {page}): {status}")
    return failures


def fan_out(worker_pids: list[int]) -> tuple[list, dict]:
    from attt.core.models import AuditEvent
    from attt.obligations.tasks import duties_fan_out, unit_ids

    run = secrets.token_hex(6)
    expected = {str(pk) for pk in unit_ids()}
    queued = duties_fan_out(run=run)
    events = AuditEvent.objects.filter(action="obligations.unit_duties", changes__run=run)
    deadline = time.monotonic() + 180
    while events.count() < queued and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # a unit run twice would show up here
    rows = list(events.values_list("object_id", "changes"))
    failures = []
    per_unit = Counter(object_id for object_id, _c in rows)
    per_worker = Counter(changes["worker"] for _o, changes in rows)
    if set(per_unit) != expected:
        failures.append(f"fan-out: {len(expected - set(per_unit))} of {len(expected)} units never processed")
    twice = [unit for unit, n in per_unit.items() if n > 1]
    if twice:
        failures.append(f"fan-out: units processed more than once: {twice[:10]}")
    host = socket.gethostname()
    wanted = {f"{host}:{pid}" for pid in worker_pids}
    if set(per_worker) != wanted:
        failures.append(f"fan-out: consumers that took part {sorted(per_worker)}, expected both of {sorted(wanted)}")
    return failures, {"queued": queued, "units": len(expected), "per_worker": dict(per_worker)}


def main() -> int:
    problem = prepare_services()
    if problem:
        return unavailable(problem)
    data_dir = Path(tempfile.mkdtemp(prefix="attt-smoke-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATTT_") and k != "DATABASE_URL"}
    env.update({
        "ATTT_PRODUCTION": "1", "ATTT_SECRET_KEY": secrets.token_urlsafe(64), "ATTT_AUDIT_KEY": secrets.token_urlsafe(64), "ATTT_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"{PG_BASE}/{DB_NAME}", "ATTT_REDIS_URL": REDIS_URL, "ATTT_ALLOWED_HOSTS": "127.0.0.1",
        "ATTT_WEB_WORKERS": "2", "ATTT_WORKER_CONSUMERS": "1", "ATTT_LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "attt.settings",
    })
    procs: list[subprocess.Popen] = []
    logs = data_dir / "logs"
    logs.mkdir()
    failures: list[str] = []
    summary: dict = {"roles": {}}
    try:
        say(f"building the demo province on {DB_NAME} (PostgreSQL), Redis {REDIS_URL}")
        built = subprocess.run([ATTT, "demo", "--no-serve"], env=env, capture_output=True, text=True)
        if built.returncode != 0:
            print(built.stdout[-2000:], built.stderr[-4000:], file=sys.stderr)
            return 1
        accounts = json.loads((data_dir / "demo-accounts.json").read_text())
        say(f"demo built: {len(accounts)} accounts; starting attt serve (2 web) and 2 x attt worker on :{port}")
        with open(logs / "serve.log", "w") as out:
            procs.append(subprocess.Popen([ATTT, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
                                          env=env, stdout=out, stderr=subprocess.STDOUT))
        workers = []
        for i in (1, 2):
            with open(logs / f"worker{i}.log", "w") as out:
                periodic = [] if i == 1 else ["--no-periodic"]
                workers.append(subprocess.Popen([ATTT, "worker", "--workers", "1", *periodic], env=env, stdout=out,
                                                stderr=subprocess.STDOUT))
        procs.extend(workers)
        os.environ.update(env)
        import django

        django.setup()
        browser = Browser(port)
        deadline = time.monotonic() + 180
        while True:
            try:
                browser.request("GET", "/accounts/login/")  # any answer: the server is up
                break
            except OSError:
                pass
            if procs[0].poll() is not None or time.monotonic() > deadline:
                print((logs / "serve.log").read_text()[-3000:], file=sys.stderr)
                failures.append("attt serve did not come up")
                return 1
            time.sleep(0.5)
        say("serving; signing in as every demo role")

        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from attt.orgs.models import User
        from attt.orgs.roles import MFA_REQUIRED

        assets: dict = {}
        patterns: set = set()
        for username, password, role, _org in accounts:
            user = User.objects.get(username=username)
            secret = None
            if user.is_superuser or user.has_role(*MFA_REQUIRED):
                secret = generate_totp_secret()
                TOTP.activate(user, secret)  # what the user does at first sign-in, with a secret we know
            browser = Browser(port)
            try:
                problem = sign_in(browser, username, password, secret)
            except (RuntimeError, OSError) as exc:
                problem = str(exc)
            if problem:
                failures.append(f"{username} ({role}): sign-in failed: {problem}")
                continue
            visited, page_failures = crawl(browser, assets, patterns)
            failures += [f"{username}: {f}" for f in page_failures]
            summary["roles"][f"{username} ({role})"] = visited
            say(f"{username:12} {role}: {visited} pages, {len(page_failures)} failures{' (TOTP)' if secret else ''}")
        asset_failures = check_assets(Browser(port), assets)
        failures += [f"static asset missing: {f}" for f in asset_failures]
        summary["assets"] = len(assets)
        own = own_patterns()
        summary["patterns"] = f"{len(patterns & own)}/{len(own)}"
        say(f"{len(assets)} static assets checked, {len(asset_failures)} missing; {len(patterns & own)} of the "
            f"{len(own)} URL patterns of the access matrix reached by a link (the others take a POST, an "
            f"API token or an object no link leads to)")
        say("not reached by a link: " + ", ".join(sorted(own - patterns)))
        fan_failures, fan = fan_out([p.pid for p in workers])
        failures += fan_failures
        summary["fan_out"] = fan
        say(f"fan-out: {fan['queued']} jobs for {fan['units']} units; per consumer {fan['per_worker']}")
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(45)
            except subprocess.TimeoutExpired:
                p.kill()
        crashed = [p.args[1] for p in procs if p.returncode not in (0, -signal.SIGTERM, None)]
        if failures:
            for name in ("serve.log", "worker1.log", "worker2.log"):
                text = (logs / name).read_text() if (logs / name).exists() else ""
                if text.strip():
                    print(f"--- {name} (tail)\n{text[-1500:]}", file=sys.stderr)
        if crashed:
            failures.append(f"processes exited badly: {crashed}")
        shutil.rmtree(data_dir, ignore_errors=True)
    pages = sum(summary["roles"].values())
    print(f"\nProduction smoke: {len(summary['roles'])} roles, {pages} pages, {summary.get('assets', 0)} static "
          f"assets, {summary.get('patterns', 0)} access-matrix URL patterns reached, fan-out to {summary.get('fan_out', {}).get('units', 0)} "
          f"units {summary.get('fan_out', {}).get('per_worker', {})}, {time.monotonic() - t0:.0f}s")
    if failures:
        print(f"FAILED ({len(failures)}):", file=sys.stderr)
        for line in failures[:50]:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
