"""The audit trail: every service records what it did, in its own transaction.

Events are hash-chained: each event's hash covers its content and the previous hash, and
`verify()` recomputes the chain and names the first event that was altered or removed.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction

from . import clock
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64


@dataclass
class RequestInfo:
    ip: str | None = None
    user: object | None = None


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
    if hasattr(value, "name") and hasattr(value, "url"):  # a file field
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


def _digest(event: AuditEvent) -> str:
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
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


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


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(batch: int = 2000) -> VerifyResult:
    """Recompute the chain in order. A changed row breaks its own hash; a removed row breaks the
    link of the next one (or, for the last rows, the head)."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    qs = AuditEvent.objects.order_by("seq")
    start = 0
    while True:
        rows = list(qs.filter(seq__gt=start)[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, f"event #{expected_seq} is missing")
            if event.prev_hash != prev:
                return VerifyResult(False, checked, event.seq, f"event #{event.seq} does not link to #{event.seq - 1}")
            if _digest(event) != event.hash:
                return VerifyResult(False, checked, event.seq, f"event #{event.seq} was altered")
            prev = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
        start = rows[-1].seq
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_seq != last_seq or head.last_hash != prev):
        return VerifyResult(False, checked, last_seq + 1, f"events after #{last_seq} were removed")
    return VerifyResult(True, checked)
