"""The audit trail: every write leaves an event; the chain detects altered and removed rows."""
from __future__ import annotations

import subprocess
import sys

from django.db import connection

from attt.core import audit
from attt.core.models import AuditEvent
from attt.orgs import services


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_service_write_is_recorded_with_before_and_after(world):
    org = world.org("commune_b")
    services.org_update(actor=world.users["admin"], org=org, incident_phone="0207 111 222")
    event = AuditEvent.objects.filter(action="org.update").latest("seq")
    assert event.changes == {"incident_phone": ["", "0207 111 222"]}
    assert event.org_path == org.path and event.object_repr == org.name


def test_chain_verifies_then_detects_an_altered_row(world):
    result = audit.verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 10
    victim = AuditEvent.objects.order_by("seq")[5]
    _tamper(f"UPDATE {AuditEvent._meta.db_table} SET object_repr = %s WHERE id = %s", ["giả mạo", victim.pk])
    result = audit.verify()
    assert not result.ok and result.broken_seq == victim.seq and "altered" in result.reason


def test_chain_detects_a_removed_row_and_a_removed_tail(world):
    events = list(AuditEvent.objects.order_by("seq"))
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[3].pk])
    result = audit.verify()
    assert not result.ok and result.broken_seq == events[3].seq


def test_removing_the_last_event_is_detected(world):
    last = AuditEvent.objects.order_by("-seq").first()
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [last.pk])
    result = audit.verify()
    assert not result.ok and result.broken_seq == last.seq


def test_events_cannot_be_changed_through_the_orm(world):
    import pytest

    event = AuditEvent.objects.first()
    event.action = "x"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_failed_sign_in_is_recorded(world, client):
    client.post("/accounts/login/", {"login": "unit_officer", "password": "sai-mat-khau"})
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("seq")
    assert event.object_repr == "unit_officer" and event.ip == "127.0.0.1"


def test_refused_access_is_recorded(world, client_for):
    client_for("unit_officer").get("/orgs/import/")
    event = AuditEvent.objects.filter(action="authz.denied").latest("seq")
    assert event.actor_label == "unit_officer" and event.object_repr == "/orgs/import/"


def test_cli_audit_verify_exit_codes(tmp_path):
    env = {"ATTT_DATA_DIR": str(tmp_path), "PYTHONPATH": "src", "PATH": "/usr/bin:/bin", "ATTT_TESTING": "0"}
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    setup = ("import django,os;os.environ['DJANGO_SETTINGS_MODULE']='attt.settings';django.setup();"
             "from django.core.management import call_command;call_command('migrate',verbosity=0);"
             "from attt.core import audit;[audit.record(action='t.%d'%i,object_type='t',object_id=str(i),object_repr='x') for i in range(3)]")
    subprocess.run([sys.executable, "-c", setup], cwd=root, env=env, check=True)
    ok = subprocess.run([sys.executable, "-m", "attt.cli", "audit", "verify"], cwd=root, env=env,
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "3" in ok.stdout
    import sqlite3

    db = sqlite3.connect(tmp_path / "attt.sqlite3")
    db.execute("UPDATE core_auditevent SET action='t.X' WHERE seq=2")
    db.commit()
    db.close()
    bad = subprocess.run([sys.executable, "-m", "attt.cli", "audit", "verify"], cwd=root, env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "#2" in bad.stderr
