"""Helpers for benchmarks: a throw-away database, timing of pages with query counts.

Benchmarks print figures and never assert. Run them from the repository root, e.g.
`.venv/bin/python bench/bench_shell.py`; set DATABASE_URL to measure on PostgreSQL.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(name: str) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    data = Path(os.environ.get("ATTT_BENCH_DIR") or tempfile.mkdtemp(prefix=f"attt-bench-{name}-"))
    os.environ.setdefault("ATTT_DATA_DIR", str(data))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attt.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data


def measure(client, url: str, runs: int = 30) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and the session
    times = []
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"url": url, "status": response.status_code, "queries": queries,
            "p50": statistics.median(times), "p95": times[max(0, int(len(times) * 0.95) - 1)],
            "bytes": len(response.content)}


def print_rows(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(f"  {'page':<42}{'status':>7}{'queries':>9}{'p50 ms':>10}{'p95 ms':>10}{'KB':>8}")
    for r in rows:
        print(f"  {r['url'][:41]:<42}{r['status']:>7}{r['queries']:>9}{r['p50']:>10.1f}{r['p95']:>10.1f}"
              f"{r['bytes'] / 1024:>8.1f}")
