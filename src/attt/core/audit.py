"""The audit trail: every service records what it did, in its own transaction.

Events are chained with HMAC-SHA256: each event's hash covers its content and the previous hash,
keyed with ATTT_AUDIT_KEY, a secret that is not in the database, so that someone who can write the
database cannot recompute the chain after an edit. `checkpoint()` anchors the chain outside the
database: a file (last sequence, last hash, time, HMAC signature) in ATTT_AUDIT_CHECKPOINT_DIR,
optionally mailed. `verify()` recomputes the chain with the key and checks it against every
checkpoint, so that removing or truncating events up to the latest checkpoint, or wiping the
trail, is detected. Events after the latest checkpoint can still be cut by someone who can write
the database: checkpoint often (the worker does it daily). See docs/security.md.

Installs from before the keyed chain hold a plain SHA-256 chain: `rekey()` (`attt audit rekey`)
verifies it once and re-keys it; it refuses once a checkpoint exists.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import os
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from . import clock
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


@dataclass
class RequestInfo:
    ip: str | None = None
    user: object | None = None
    memo: dict = dc_field(default_factory=dict)  # what one request reads once (attt.core.cached)


current_request: ContextVar[RequestInfo | None] = ContextVar("attt_request", default=None)


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (set, frozenset, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of `obj` (foreign keys as ids), JSON-ready."""
    out = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "search_text", "key_hash", "updated_at"}:
            continue
        out[field.attname if field.is_relation else field.name] = _plain(getattr(obj, field.attname))
    return out


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _subkey(purpose: str) -> bytes:
    """One key per use (chain, checkpoint), derived from ATTT_AUDIT_KEY."""
    return hmac.new(settings.ATTT_AUDIT_KEY.encode("utf-8"), purpose.encode("ascii"), hashlib.sha256).digest()


def _blob(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "org_id": event.org_id,
        "org_path": event.org_path,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(event: AuditEvent) -> str:
    return hmac.new(_subkey("attt-audit-chain-v2"), _blob(event), hashlib.sha256).hexdigest()


def _legacy_digest(event: AuditEvent) -> str:
    """The plain SHA-256 of the first version, kept only to recognise and re-key old chains."""
    return hashlib.sha256(_blob(event)).hexdigest()


def _org_of(obj):
    """The organisation an object belongs to, for scoping the event."""
    if obj is None:
        return None
    if hasattr(obj, "path") and hasattr(obj, "kind"):
        return obj
    for name in getattr(obj, "audit_org_fields", ("organisation", "owner", "unit")):
        org = getattr(obj, name, None)
        if org is not None and hasattr(org, "path"):
            return org
    return None


def record(
    *,
    actor=None,
    action: str,
    obj: models.Model | None = None,
    organisation=None,
    before: dict | None = None,
    after: dict | None = None,
    changes: dict | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the service's transaction: it shares its fate."""
    info = current_request.get()
    if info is not None:
        info.memo.clear()  # this request changes the data: what it read once is read again
    if actor is None and info is not None:
        actor = info.user
    if changes is None:
        if before is None and after is None and obj is not None:
            after = snapshot(obj)
        elif after is None and obj is not None and before is not None:
            after = snapshot(obj, fields=None)
        changes = diff(before, after)
    org = organisation or _org_of(obj)
    at = clock.now()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            at=at,
            actor_id=getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None,
            actor_label=(actor.get_username() if getattr(actor, "is_authenticated", False) else "")[:200],
            org_id=getattr(org, "pk", None),
            org_path=getattr(org, "path", "") or "",
            action=action,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
            object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:300],
            changes=_plain(changes or {}),
            ip=info.ip if info else None,
            prev_hash=head.last_hash,
        )
        event.hash = _digest(event)
        event.save()
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


FAILURE_WINDOW_SECONDS = 60


def record_throttled(*, action: str, client: str | None, window: int | None = None, **kwargs) -> AuditEvent | None:
    """Record a repeated failure (a bad API token, ...) at most once per `window` seconds per client
    address, so that nobody can flood the trail without signing in. The event carries `count`:
    the failures from that address since its previous event, this one included. Counting lives in
    the shared cache; failures after the last event of a burst are counted into the next event."""
    from django.core.cache import cache

    ident = hashlib.sha256(f"{action}|{client or '-'}".encode()).hexdigest()[:32]
    count_key, gate_key = f"audit:failures:{ident}", f"audit:failures-gate:{ident}"
    cache.add(count_key, 0, timeout=86400)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=86400)
        count = 1
    if not cache.add(gate_key, 1, timeout=window or FAILURE_WINDOW_SECONDS):
        return None
    try:
        cache.decr(count_key, count)  # what this event reports; concurrent failures stay counted
    except ValueError:
        pass
    changes = dict(kwargs.pop("changes", None) or {})
    changes["count"] = count
    return record(action=action, changes=changes, **kwargs)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""  # English
    reason_vi: str = ""
    checkpoint: dict | None = None  # the latest valid checkpoint, if any
    warning: str = ""  # English; `warning_vi` in Vietnamese
    warning_vi: str = ""


def _fail(checked, seq, en, vi) -> VerifyResult:
    return VerifyResult(False, checked, seq, en, vi)


# ---------------------------------------------------------------- checkpoints (the outside anchor)

CHECKPOINT_ACTION = "audit.checkpoint"


def checkpoint_dir() -> Path:
    return Path(settings.ATTT_AUDIT_CHECKPOINT_DIR)


def _sign(fields: dict) -> str:
    blob = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(_subkey("attt-audit-checkpoint-v1"), blob, hashlib.sha256).hexdigest()


def _checkpoint_fields(data: dict) -> dict:
    return {"seq": data["seq"], "hash": data["hash"], "at": data["at"], "version": data["version"]}


def load_checkpoints() -> tuple[list[dict], list[str]]:
    """(valid checkpoints sorted by sequence, names of files that are not validly signed)."""
    valid, bad = [], []
    folder = checkpoint_dir()
    if not folder.is_dir():
        return valid, bad
    for path in sorted(folder.glob("checkpoint-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            fields = _checkpoint_fields(data)
            good = isinstance(data.get("signature"), str) and hmac.compare_digest(_sign(fields), data["signature"])
        except (ValueError, KeyError, TypeError, OSError):
            good = False
        if good and isinstance(fields["seq"], int):
            valid.append({**fields, "file": path.name})
        else:
            bad.append(path.name)
    valid.sort(key=lambda c: (c["seq"], c["at"]))
    return valid, bad


def checkpoint() -> dict:
    """Verify the chain, then write a signed checkpoint of its head outside the database, mail it if
    ATTT_AUDIT_CHECKPOINT_EMAIL is set, and record the checkpoint in the trail itself (so that a
    checkpoint directory emptied later is noticed). Refuses to sign a broken chain."""
    from .errors import DomainError

    result = verify()
    if not result.ok:
        raise DomainError(_verify_line(result))
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        now = clock.now().astimezone(dt.UTC)
        fields = {"seq": head.last_seq, "hash": head.last_hash, "at": now.isoformat(), "version": 1}
        data = {**fields, "signature": _sign(fields)}
        name = f"checkpoint-{head.last_seq:012d}-{now:%Y%m%dT%H%M%S%fZ}.json"
        text = json.dumps(data, indent=1, sort_keys=True)
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, folder / name)
        record(actor=None, action=CHECKPOINT_ACTION, object_type="audit", object_id=str(head.last_seq),
               object_repr=name, changes={"checkpoint": {"seq": head.last_seq, "hash": head.last_hash, "file": name}})
        recipients = list(settings.ATTT_AUDIT_CHECKPOINT_EMAIL)
        if recipients:
            from django.core.mail import send_mail

            transaction.on_commit(lambda: send_mail(
                f"ATTT audit checkpoint #{fields['seq']}", text, None, recipients, fail_silently=False))
    return {**data, "file": name}


# ---------------------------------------------------------------- verification

def verify(batch: int = 2000) -> VerifyResult:
    """Recompute the keyed chain in order, then check it against the head and every checkpoint.
    A changed row breaks its own hash; a removed row breaks the link of the next one; removed last
    rows break the head or, when the head was rolled back too, the latest checkpoint."""
    checkpoints, forged = load_checkpoints()
    if forged:
        return _fail(0, None, f"checkpoint file {forged[0]} is not signed with the audit key (forged or altered)",
                     f"tệp mốc kiểm tra {forged[0]} không được ký bằng khóa nhật ký (giả mạo hoặc bị sửa)")
    wanted = {c["seq"]: c for c in checkpoints}
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    all_legacy = True
    recorded_checkpoint = None
    qs = AuditEvent.objects.order_by("seq")
    start = 0
    while True:
        rows = list(qs.filter(seq__gt=start)[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return _fail(checked, expected_seq, f"event #{expected_seq} is missing",
                             f"thiếu sự kiện #{expected_seq}")
            if event.prev_hash != prev:
                return _fail(checked, event.seq, f"event #{event.seq} does not link to #{event.seq - 1}",
                             f"sự kiện #{event.seq} không nối với #{event.seq - 1}")
            if not hmac.compare_digest(_digest(event), event.hash):
                if all_legacy and _legacy_digest(event) == event.hash:
                    return _fail(checked, event.seq,
                                 f"event #{event.seq} is not keyed (plain SHA-256 chain of an earlier version): "
                                 "run `attt audit rekey` once",
                                 f"sự kiện #{event.seq} chưa được ký khóa (chuỗi SHA-256 của phiên bản cũ): "
                                 "chạy `attt audit rekey` một lần")
                return _fail(checked, event.seq, f"event #{event.seq} was altered",
                             f"sự kiện #{event.seq} đã bị sửa")
            all_legacy = False
            cp = wanted.get(event.seq)
            if cp is not None and not hmac.compare_digest(cp["hash"], event.hash):
                return _fail(checked, event.seq, f"event #{event.seq} differs from checkpoint {cp['file']}",
                             f"sự kiện #{event.seq} khác với mốc kiểm tra {cp['file']}")
            if event.action == CHECKPOINT_ACTION:
                recorded_checkpoint = event
            prev = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
        start = rows[-1].seq
    latest = checkpoints[-1] if checkpoints else None
    if latest and latest["seq"] > last_seq:
        when = _local(latest["at"])
        return _fail(checked, last_seq + 1,
                     f"events after #{last_seq} were removed: checkpoint {latest['file']} of {when} "
                     f"names #{latest['seq']}",
                     f"các sự kiện sau #{last_seq} đã bị xóa: mốc kiểm tra {latest['file']} lúc {when} "
                     f"ghi tới #{latest['seq']}")
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and last_seq:
        return _fail(checked, None, "the chain head is missing", "mất đầu chuỗi nhật ký")
    if head and (head.last_seq != last_seq or head.last_hash != prev):
        return _fail(checked, last_seq + 1, f"events after #{last_seq} were removed",
                     f"các sự kiện sau #{last_seq} đã bị xóa")
    if recorded_checkpoint is not None:
        noted = (recorded_checkpoint.changes or {}).get("checkpoint") or {}
        if not any(c["file"] == noted.get("file") and c["seq"] == noted.get("seq") for c in checkpoints):
            return _fail(checked, recorded_checkpoint.seq,
                         f"checkpoint file {noted.get('file')} recorded by event #{recorded_checkpoint.seq} "
                         f"is missing from {checkpoint_dir()}",
                         f"tệp mốc kiểm tra {noted.get('file')} (ghi ở sự kiện #{recorded_checkpoint.seq}) "
                         f"không còn trong {checkpoint_dir()}")
    result = VerifyResult(True, checked, checkpoint=latest)
    if latest is None:
        result.warning = "no checkpoint yet: removal of the last events cannot be detected; run `attt audit checkpoint`"
        result.warning_vi = ("chưa có mốc kiểm tra: không phát hiện được việc xóa các sự kiện cuối; "
                             "chạy `attt audit checkpoint`")
    elif latest["seq"] < last_seq:
        result.warning = f"events after #{latest['seq']} are not anchored by a checkpoint yet"
        result.warning_vi = f"các sự kiện sau #{latest['seq']} chưa có mốc kiểm tra"
    return result


def _local(iso: str) -> str:
    from django.utils import timezone

    try:
        return timezone.localtime(dt.datetime.fromisoformat(iso)).strftime("%d/%m/%Y %H:%M:%S")
    except (ValueError, TypeError):
        return str(iso)


def _verify_line(result: VerifyResult) -> str:
    """One line, Vietnamese then English, for the command line and logs."""
    if result.ok:
        return (f"Chuỗi nhật ký toàn vẹn: {result.checked} sự kiện. / Audit chain intact: {result.checked} events.")
    where = f" #{result.broken_seq}" if result.broken_seq else ""
    return (f"Chuỗi nhật ký bị phá vỡ tại sự kiện{where}: {result.reason_vi}. / "
            f"Audit chain broken at event{where}: {result.reason}.")


verify_line = _verify_line


# ---------------------------------------------------------------- re-keying an earlier plain chain

def rekey() -> int:
    """Re-key a chain written by an earlier version (plain SHA-256, possibly followed by keyed events
    written since the upgrade): verify it as it stands, then rewrite every hash with the key.
    Returns the number of events re-keyed. Refuses a broken chain, and refuses once any checkpoint
    exists: from then on the trail is anchored and nothing may rewrite it."""
    from .errors import DomainError

    checkpoints, forged = load_checkpoints()
    if checkpoints or forged:
        raise DomainError("Đã có mốc kiểm tra: chuỗi nhật ký không được ký lại. / "
                          "Checkpoints exist: the audit chain may not be re-keyed.")
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        events = list(AuditEvent.objects.order_by("seq"))
        prev, keyed = GENESIS, False
        for n, event in enumerate(events, start=1):
            plain_ok = not keyed and _legacy_digest(event) == event.hash
            keyed = keyed or not plain_ok
            if event.seq != n or event.prev_hash != prev or not (plain_ok or _digest(event) == event.hash):
                raise DomainError(f"Chuỗi nhật ký cũ bị phá vỡ tại sự kiện #{event.seq}: không ký lại. / "
                                  f"The earlier chain is broken at event #{event.seq}: not re-keyed.")
            prev = event.hash
        if (head.last_seq, head.last_hash) != (len(events), prev):
            raise DomainError("Đầu chuỗi nhật ký không khớp: không ký lại. / The chain head does not match: not re-keyed.")
        prev = GENESIS
        for event in events:
            event.prev_hash = prev
            event.hash = _digest(event)
            AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
            prev = event.hash
        head.last_hash = prev
        head.save(update_fields=["last_hash"])
        record(actor=None, action="audit.rekeyed", object_type="audit", object_id="",
               object_repr=f"{len(events)}", changes={"events": len(events)})
    return len(events)
