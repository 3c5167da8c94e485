"""Driver of scripts/api-fuzz: data set, tokens, server, schemathesis, counts (see the script)."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROLES = ("specialist", "unit_officer")
# the three figures the CI stage must hold at zero, and the schemathesis checks that count them
GATED = {"server errors": {"not_a_server_error"},
         "schema violations": {"response_schema_conformance", "content_type_conformance",
                               "response_headers_conformance"},
         "undeclared status codes": {"status_code_conformance"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> dict[str, str]:
    """Migrate, build the demo data set, and make one API token per role; returns {role: key}."""
    code = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from attt import demo
demo.build()
from attt.orgs.models import Membership
from attt.orgs.services import token_create
keys = {}
for role in %r:
    member = (Membership.objects.filter(role=role, active=True, user__is_active=True)
              .select_related("user").order_by("organisation__depth", "id").first())
    keys[role] = token_create(actor=member.user, name="api-fuzz")[1]
print("KEYS" + json.dumps(keys))
""" % (ROLES,)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"api-fuzz: preparing the data set failed:\n{out.stderr[-3000:]}")
    line = next(x for x in out.stdout.splitlines() if x.startswith("KEYS"))
    return json.loads(line[4:])


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("api-fuzz: the server stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"api-fuzz: no answer from {url} within {seconds} s")


def failures(report: Path) -> Counter:
    """Failed checks by name, from schemathesis' NDJSON event stream (one count per distinct failure);
    the number of test cases sent is under the key "cases"."""
    counts: Counter = Counter()
    seen = set()
    cases = set()
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for kind, body in event.items():
            if kind != "ScenarioFinished":
                continue
            recorder = body.get("recorder") or {}
            cases.update(recorder.get("cases") or {})
            for case_checks in (recorder.get("checks") or {}).values():
                for check in case_checks:
                    if str(check.get("status")).lower() == "failure":
                        failure = (check.get("failure_info") or {}).get("failure") or {}
                        key = (check.get("name"), recorder.get("label"), failure.get("code"), failure.get("title"))
                        if key not in seen:
                            seen.add(key)
                            counts[check.get("name")] += 1
    return counts, len(cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=int(os.environ.get("ATTT_FUZZ_EXAMPLES", "5")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("ATTT_FUZZ_SEED", "20251129")))
    parser.add_argument("--keep", action="store_true", help="keep the data directory and reports")
    parser.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="attt-fuzz-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "attt.settings", "ATTT_DATA_DIR": str(data_dir),
           "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)  # the embedded SQLite database in data_dir, never a shared one
    env.pop("ATTT_REDIS_URL", None)
    started = time.monotonic()
    keys = prepare(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "attt.cli", "manage", "runserver", f"127.0.0.1:{port}",
                               "--noreload"], env=env, stdout=subprocess.DEVNULL, stderr=open(data_dir / "server.log", "w"),
                              start_new_session=True)
    totals: Counter = Counter()
    try:
        wait_for(f"{base}/api/v1/openapi.json", server)
        print(f"api-fuzz: data set ready in {time.monotonic() - started:.0f} s; server at {base}; "
              f"seed {args.seed}, {args.examples} examples per operation")
        st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
        runs = {}
        for role, key in keys.items():  # the two roles side by side: one core each
            report = data_dir / f"{role}.ndjson"
            command = [
                st, "--config-file", str(ROOT / "scripts" / "api-fuzz.toml"), "run", f"{base}/api/v1/openapi.json",
                "--header", f"Authorization: Bearer {key}", "--checks", "all", "--seed", str(args.seed),
                "--max-examples", str(args.examples), "--phases", args.phases, "--workers", "1", "--no-shrink",
                "--request-timeout", "30", "--report", "ndjson", "--report-ndjson-path", str(report),
                "--output-truncate", "true",
            ]
            out = open(data_dir / f"{role}.out", "w")
            runs[role] = (subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=data_dir),  # its cache too
                          report, time.monotonic())
        for role, (process, report, t0) in runs.items():
            code = process.wait()
            counts, cases = failures(report) if report.exists() else (Counter(), 0)
            totals += counts
            gated = {label: sum(counts[c] for c in checks) for label, checks in GATED.items()}
            others = {k: v for k, v in counts.items() if not any(k in c for c in GATED.values())}
            print(f"  as {role}: {cases} test cases in {time.monotonic() - t0:.0f} s, schemathesis exit {code}; "
                  + ", ".join(f"{n} {label}" for label, n in gated.items())
                  + (f"; other failed checks: {others}" if others else ""))
            if code not in (0, 1) or not report.exists():
                print((data_dir / f"{role}.out").read_text()[-3000:])
                totals["runner_error"] += 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
    gated = {label: sum(totals[c] for c in checks) for label, checks in GATED.items()}
    print("api-fuzz: " + ", ".join(f"{n} {label}" for label, n in gated.items())
          + f"; all failed checks: {dict(totals) or 0}; {time.monotonic() - started:.0f} s in all")
    if args.keep or any(gated.values()) or totals:
        print(f"api-fuzz: reports and server log kept in {data_dir}")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if any(gated.values()) or totals["runner_error"] else 0


if __name__ == "__main__":
    sys.exit(main())
