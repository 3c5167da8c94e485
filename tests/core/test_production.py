"""Production: the project's static assets are found and served by the manifest storage, `attt
serve` refuses to start on a bad configuration with one line (exit 2, no traceback), and the
per-unit fan-out job processes each unit once.

The whole production configuration (gunicorn, two consumers, PostgreSQL, Redis, every page) is
exercised by scripts/prod-smoke."""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from attt import production

ATTT = str(Path(sys.executable).parent / "attt")
GOOD_KEY = secrets.token_urlsafe(64)
GOOD_AUDIT_KEY = secrets.token_urlsafe(64)


@pytest.mark.parametrize("name", ["attt/app.css", "attt/app.js"])
def test_project_assets_are_found_by_the_finders(name):
    found = finders.find(name)
    assert found and Path(found).is_file()


def test_manifest_storage_renders_pages_with_hashed_assets(db, settings, tmp_path):
    """What production does: collectstatic into STATIC_ROOT, then pages name the hashed files."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"attt/app.css"' in manifest and '"attt/app.js"' in manifest
    response = Client(raise_request_exception=False).get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    for asset in re.findall(r'(?:href|src)="/static/(attt/app\.[0-9a-f]{12}\.(?:css|js))"', html):
        assert (tmp_path / asset).is_file()
    assert len(re.findall(r"/static/attt/app\.[0-9a-f]{12}\.(?:css|js)", html)) == 2


def _serve(extra: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATTT_") and k != "DATABASE_URL"}
    env.update({"ATTT_PRODUCTION": "1", **extra})
    return subprocess.run([ATTT, "serve", "--port", "0", *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("extra,reason", [
    ({}, "ATTT_SECRET_KEY is not set"),
    ({"ATTT_SECRET_KEY": "short-key"}, "ATTT_SECRET_KEY is weak"),
    ({"ATTT_SECRET_KEY": "ab" * 40}, "ATTT_SECRET_KEY is weak"),
    ({"ATTT_SECRET_KEY": "django-insecure-" + GOOD_KEY}, "ATTT_SECRET_KEY is weak"),
    ({"ATTT_SECRET_KEY": GOOD_KEY}, "ATTT_AUDIT_KEY is not set"),
    ({"ATTT_SECRET_KEY": GOOD_KEY, "ATTT_AUDIT_KEY": "short"}, "ATTT_AUDIT_KEY is weak"),
    ({"ATTT_SECRET_KEY": GOOD_KEY, "ATTT_AUDIT_KEY": GOOD_AUDIT_KEY, "ATTT_DEBUG": "1"}, "ATTT_DEBUG is on in production"),
    ({"ATTT_SECRET_KEY": GOOD_KEY, "ATTT_AUDIT_KEY": GOOD_AUDIT_KEY}, "production needs Redis"),
], ids=["missing-key", "short-key", "low-variety-key", "insecure-key", "missing-audit-key", "short-audit-key",
        "debug", "no-redis"])
def test_serve_refuses_a_bad_environment_in_one_line(extra, reason):
    done = _serve(extra)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and " / " in lines[0]  # Vietnamese / English


def test_serve_refuses_unreachable_redis_and_database(tmp_path):
    base = {"ATTT_SECRET_KEY": GOOD_KEY, "ATTT_AUDIT_KEY": GOOD_AUDIT_KEY, "ATTT_DATA_DIR": str(tmp_path)}
    done = _serve({**base, "ATTT_REDIS_URL": "redis://127.0.0.1:1/0"})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Redis unreachable" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    done = _serve({**base, "ATTT_REDIS_URL": "redis://127.0.0.1:1/0",
                   "DATABASE_URL": "postgresql://attt@127.0.0.1:1/attt"})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "database unreachable" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "static" / "staticfiles.json").exists()  # refused before collectstatic


def test_worker_refuses_like_serve():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATTT_")}
    env.update({"ATTT_PRODUCTION": "1", "ATTT_SECRET_KEY": "x" * 60})
    done = subprocess.run([ATTT, "worker"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "ATTT_SECRET_KEY is weak" in done.stderr and "Traceback" not in done.stderr


def test_demo_environment_is_not_checked_as_production():
    assert production.environment_problem({"ATTT_DEBUG": "1"}) is None
    assert production.environment_problem({"ATTT_PRODUCTION": "1", "ATTT_SECRET_KEY": GOOD_KEY,
                                           "ATTT_AUDIT_KEY": GOOD_AUDIT_KEY,
                                           "ATTT_REDIS_URL": "redis://r:6379/0"}) is None


def test_duties_fan_out_processes_every_unit_once(db, settings, tmp_path):
    """One job per active unit (Huey runs them inline in tests); each leaves one audit event."""
    settings.DATA_DIR = tmp_path
    from attt import demo
    from attt.core.models import AuditEvent
    from attt.obligations.models import Occurrence
    from attt.obligations.tasks import duties_fan_out, unit_ids

    demo.build()
    Occurrence.objects.filter(organisation_id__in=unit_ids()[:3], submissions__isnull=True).delete()
    queued = duties_fan_out(run="t1")
    events = AuditEvent.objects.filter(action="obligations.unit_duties")
    units = sorted(int(pk) for pk in events.values_list("object_id", flat=True))
    assert queued == len(unit_ids()) > 10
    assert units == sorted(unit_ids())
    assert all(changes["run"] == "t1" for changes in events.values_list("changes", flat=True))
    assert sum(changes["created"] for changes in events.values_list("changes", flat=True)) > 0


def test_system_check_names_a_template_asset_the_finders_miss(settings):
    from django.core.checks import run_checks

    assert [e for e in run_checks() if e.id == "attt.E001"] == []
    settings.STATICFILES_DIRS = []
    errors = [e for e in run_checks() if e.id == "attt.E001"]
    assert any("attt/app.css" in e.msg for e in errors) and any("attt/app.js" in e.msg for e in errors)
