"""Issue 10, item 3: the audit trail cannot be rewritten by someone who can write the database.

The chain is keyed (HMAC with ATTT_AUDIT_KEY, not in the database) and anchored outside it
(signed checkpoints in ATTT_AUDIT_CHECKPOINT_DIR). Each test is one tampering scenario of the
review, done with raw SQL as an attacker holding the database would, and asserts what `verify`
says. Two tests pin down what the anchor cannot promise (see docs/security.md).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from attt.core import audit
from attt.core.errors import DomainError
from attt.core.models import AuditEvent, AuditHead

EV = AuditEvent._meta.db_table
HEAD = AuditHead._meta.db_table


@pytest.fixture(autouse=True)
def _checkpoints(settings, tmp_path):
    settings.ATTT_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.ATTT_AUDIT_CHECKPOINT_EMAIL = []
    return settings.ATTT_AUDIT_CHECKPOINT_DIR


def _sql(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("seq"))


def _rechain(digest) -> None:
    """What an attacker does after an edit: recompute every link and hash, and the head."""
    prev = audit.GENESIS
    for event in _events():
        event.prev_hash = prev
        event.hash = digest(event)
        _sql(f"UPDATE {EV} SET prev_hash = %s, hash = %s WHERE id = %s", [event.prev_hash, event.hash, event.pk])
        prev = event.hash
    _sql(f"UPDATE {HEAD} SET last_seq = %s, last_hash = %s", [AuditEvent.objects.count(), prev])


def _roll_head_back_to(seq: int) -> None:
    last = AuditEvent.objects.get(seq=seq) if seq else None
    _sql(f"UPDATE {HEAD} SET last_seq = %s, last_hash = %s", [seq, last.hash if last else audit.GENESIS])


def _broken(result, *, seq=None, words=()):
    assert not result.ok, result
    if seq is not None:
        assert result.broken_seq == seq, result
    line = audit.verify_line(result)
    assert "Chuỗi nhật ký bị phá vỡ" in line and "Audit chain broken" in line
    for word in words:
        assert word in result.reason, result.reason
    return result


def test_an_untouched_chain_verifies_and_is_keyed(world):
    result = audit.verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 10
    first = _events()[0]
    # The stored hash is not the plain SHA-256 that anybody could recompute.
    assert first.hash != audit._legacy_digest(first)
    assert first.hash == hmac.new(audit._subkey("attt-audit-chain-v2"), audit._blob(first), hashlib.sha256).hexdigest()


# 1
def test_edit_a_field(world):
    victim = _events()[4]
    _sql(f"UPDATE {EV} SET object_repr = %s WHERE id = %s", ["giả mạo", victim.pk])
    _broken(audit.verify(), seq=victim.seq, words=["altered"])


# 2
def test_edit_and_recompute_plain_sha256_hashes(world):
    victim = _events()[4]
    _sql(f"UPDATE {EV} SET actor_label = %s WHERE id = %s", ["người khác", victim.pk])
    _rechain(audit._legacy_digest)
    result = _broken(audit.verify(), seq=1)
    # Recognised as a plain chain, which an intact install never has: it is not re-keyed blindly either.
    assert "not keyed" in result.reason


# 3
def test_edit_and_recompute_hmac_with_a_guessed_key(world):
    victim = _events()[4]
    _sql(f"UPDATE {EV} SET action = %s WHERE id = %s", ["org.view", victim.pk])
    guessed = hmac.new(settings.SECRET_KEY.encode(), b"attt-audit-chain-v2", hashlib.sha256).digest()
    _rechain(lambda e: hmac.new(guessed, audit._blob(e), hashlib.sha256).hexdigest())
    _broken(audit.verify(), seq=1, words=["altered"])


# 4
def test_delete_an_event_in_the_middle(world):
    victim = _events()[6]
    _sql(f"DELETE FROM {EV} WHERE id = %s", [victim.pk])
    _broken(audit.verify(), seq=victim.seq, words=["missing"])


# 5
def test_delete_the_last_event(world):
    last = _events()[-1]
    _sql(f"DELETE FROM {EV} WHERE id = %s", [last.pk])
    _broken(audit.verify(), seq=last.seq, words=["removed"])


# 6
def test_truncate_the_tail_and_roll_the_head_back_up_to_the_checkpoint(world):
    cp = audit.checkpoint()
    keep = cp["seq"] - 5
    _sql(f"DELETE FROM {EV} WHERE seq > %s", [keep])
    _roll_head_back_to(keep)
    result = _broken(audit.verify(), seq=keep + 1, words=["removed", cp["file"]])
    assert f"#{cp['seq']}" in result.reason_vi


# 7
def test_wipe_the_whole_trail(world):
    audit.checkpoint()
    _sql(f"DELETE FROM {EV}")
    _sql(f"DELETE FROM {HEAD}")
    _broken(audit.verify(), seq=1, words=["removed"])


# 8
def test_reorder_two_events(world):
    a, b = _events()[3], _events()[7]
    _sql(f"UPDATE {EV} SET seq = -1 WHERE id = %s", [a.pk])
    _sql(f"UPDATE {EV} SET seq = %s WHERE id = %s", [a.seq, b.pk])
    _sql(f"UPDATE {EV} SET seq = %s WHERE id = %s", [b.seq, a.pk])
    _broken(audit.verify(), seq=a.seq)


# 9
def test_append_a_forged_event_and_move_the_head(world):
    last = _events()[-1]
    fake = AuditEvent(seq=last.seq + 1, at=last.at, actor_label="admin", action="org.update", object_type="x",
                      object_id="1", object_repr="giả", changes={}, prev_hash=last.hash)
    fake.hash = audit._legacy_digest(fake)
    fake.save()
    _roll_head_back_to(fake.seq)
    _broken(audit.verify(), seq=fake.seq, words=["altered"])


# 10
def test_forge_a_checkpoint_without_the_key(world, _checkpoints):
    audit.checkpoint()
    keep = 5
    _sql(f"DELETE FROM {EV} WHERE seq > %s", [keep])
    _roll_head_back_to(keep)
    # The attacker also writes a checkpoint that agrees with the truncated chain, without the key.
    fields = {"seq": keep, "hash": AuditEvent.objects.get(seq=keep).hash, "at": "2030-01-01T00:00:00+00:00",
              "version": 1}
    blob = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    forged = {**fields, "signature": hashlib.sha256(blob).hexdigest()}
    for old in _checkpoints.glob("checkpoint-*.json"):
        old.unlink()
    (_checkpoints / "checkpoint-999999999999-20300101T000000000000Z.json").write_text(json.dumps(forged))
    _broken(audit.verify(), words=["not signed", "999999999999"])


# 11
def test_delete_the_checkpoint_directory_contents(world, _checkpoints):
    cp = audit.checkpoint()
    for path in _checkpoints.iterdir():
        path.unlink()
    # The trail itself recorded the checkpoint (keyed event): its file is missing.
    _broken(audit.verify(), seq=cp["seq"] + 1, words=["missing", cp["file"]])


# 12
def test_replace_the_latest_checkpoint_by_an_older_one_and_truncate(world, _checkpoints):
    first = audit.checkpoint()
    from attt.orgs import services

    services.org_update(actor=world.users["admin"], org=world.org("commune_b"), incident_phone="0207 000 000")
    second = audit.checkpoint()
    (_checkpoints / second["file"]).unlink()
    _broken(audit.verify(), seq=second["seq"] + 1, words=["missing", second["file"]])
    assert first["seq"] < second["seq"]


def test_verify_with_another_key_fails_from_the_first_event(world, settings):
    settings.ATTT_AUDIT_KEY = "not-the-key"
    _broken(audit.verify(), seq=1, words=["altered"])


def test_checkpoint_file_is_signed_and_recorded_in_the_trail(world, _checkpoints, settings,
                                                            django_capture_on_commit_callbacks):
    settings.ATTT_AUDIT_CHECKPOINT_EMAIL = ["luu-tru@so-khcn.gov.vn"]
    with django_capture_on_commit_callbacks(execute=True):
        cp = audit.checkpoint()
    data = json.loads((_checkpoints / cp["file"]).read_text())
    assert set(data) == {"seq", "hash", "at", "version", "signature"}
    assert data["seq"] == AuditEvent.objects.get(action=audit.CHECKPOINT_ACTION).seq - 1
    assert data["hash"] == AuditEvent.objects.get(seq=data["seq"]).hash
    (message,) = mail.outbox
    assert message.to == ["luu-tru@so-khcn.gov.vn"] and json.loads(message.body)["signature"] == data["signature"]
    result = audit.verify()
    assert result.ok and result.checkpoint["file"] == cp["file"]


def test_checkpoint_refuses_to_sign_a_broken_chain(world, _checkpoints):
    _sql(f"UPDATE {EV} SET object_repr = 'x' WHERE seq = 3")
    with pytest.raises(DomainError):
        audit.checkpoint()
    assert not _checkpoints.exists() or not list(_checkpoints.glob("checkpoint-*.json"))


def test_the_worker_writes_the_checkpoint_daily(world, _checkpoints):
    import datetime as dt

    from huey.contrib.djhuey import HUEY

    from attt.core import tasks

    task_class = tasks.audit_checkpoint_daily.task_class
    assert task_class in HUEY._registry._periodic_tasks
    assert task_class().validate_datetime(dt.datetime(2026, 11, 29, 0, 30))
    assert not task_class().validate_datetime(dt.datetime(2026, 11, 29, 1, 30))
    tasks.audit_checkpoint_daily.call_local()
    assert len(list(_checkpoints.glob("checkpoint-*.json"))) == 1


def test_limit_events_after_the_latest_checkpoint_can_be_cut(world):
    """What the anchor cannot promise: the tail written since the latest checkpoint (here the
    checkpoint's own event) can be removed by someone who can write the database."""
    cp = audit.checkpoint()
    _sql(f"DELETE FROM {EV} WHERE seq > %s", [cp["seq"]])
    _roll_head_back_to(cp["seq"])
    assert audit.verify().ok


def test_limit_a_wiped_trail_without_any_checkpoint_looks_like_a_new_install(world):
    _sql(f"DELETE FROM {EV}")
    _sql(f"DELETE FROM {HEAD}")
    result = audit.verify()
    assert result.ok and "no checkpoint" in result.warning


# Installs from round 1: a plain SHA-256 chain is re-keyed once, before any checkpoint.

def test_a_plain_chain_is_rekeyed_once(world):
    _rechain(audit._legacy_digest)
    assert "rekey" in audit.verify().reason
    count = AuditEvent.objects.count()
    assert audit.rekey() == count
    assert audit.verify().ok
    assert AuditEvent.objects.latest("seq").action == "audit.rekeyed"


def test_a_plain_chain_continued_by_keyed_events_after_the_upgrade_is_rekeyed(world):
    _rechain(audit._legacy_digest)  # round 1 wrote these
    from attt.orgs import services

    services.org_update(actor=world.users["admin"], org=world.org("commune_b"), incident_phone="0207 123 456")
    newest = AuditEvent.objects.latest("seq")
    assert newest.hash == audit._digest(newest)  # written keyed, linked to the plain chain
    assert not audit.verify().ok
    audit.rekey()
    assert audit.verify().ok


def test_removing_the_head_row_is_detected(world):
    _sql(f"DELETE FROM {HEAD}")
    _broken(audit.verify(), words=["head"])


def test_rekey_refuses_a_broken_plain_chain(world):
    _rechain(audit._legacy_digest)
    _sql(f"UPDATE {EV} SET object_repr = 'x' WHERE seq = 3")
    with pytest.raises(DomainError):
        audit.rekey()
    assert not audit.verify().ok and AuditEvent.objects.filter(action="audit.rekeyed").count() == 0


def test_rekey_is_refused_once_a_checkpoint_exists(world):
    audit.checkpoint()
    _rechain(audit._legacy_digest)  # the attacker's plain chain cannot be blessed by rekey
    with pytest.raises(DomainError):
        audit.rekey()
    assert not audit.verify().ok


def test_cli_checkpoint_then_truncate_makes_verify_exit_non_zero(tmp_path):
    env = {"ATTT_DATA_DIR": str(tmp_path), "PYTHONPATH": "src", "PATH": "/usr/bin:/bin", "ATTT_TESTING": "0"}
    root = Path(__file__).resolve().parents[2]
    setup = ("import django,os;os.environ['DJANGO_SETTINGS_MODULE']='attt.settings';django.setup();"
             "from django.core.management import call_command;call_command('migrate',verbosity=0);"
             "from attt.core import audit;[audit.record(action='t.%d'%i,object_type='t',object_id=str(i),"
             "object_repr='x') for i in range(5)]")
    subprocess.run([sys.executable, "-c", setup], cwd=root, env=env, check=True)

    def attt(*args):
        return subprocess.run([sys.executable, "-m", "attt.cli", *args], check=False, cwd=root, env=env,
                              capture_output=True, text=True)

    assert (tmp_path / "audit_key").stat().st_mode & 0o777 == 0o600
    made = attt("audit", "checkpoint")
    assert made.returncode == 0, made.stderr
    assert len(list((tmp_path / "audit-checkpoints").glob("checkpoint-000000000005-*.json"))) == 1
    assert attt("audit", "verify").returncode == 0
    db = sqlite3.connect(tmp_path / "attt.sqlite3")
    db.execute("DELETE FROM core_auditevent WHERE seq > 2")
    db.execute("UPDATE core_audithead SET last_seq = 2, last_hash = (SELECT hash FROM core_auditevent WHERE seq = 2)")
    db.commit()
    db.close()
    bad = attt("audit", "verify")
    assert bad.returncode == 1
    assert "Chuỗi nhật ký bị phá vỡ tại sự kiện #3" in bad.stderr and "Audit chain broken at event #3" in bad.stderr
