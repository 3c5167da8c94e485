"""SOC intake: alerts and heartbeats from a SOC source (token), de-duplicated, attached to systems;
an alert promoted to an incident through the incidents service."""
from __future__ import annotations

import hashlib
import secrets
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from ..models import Alert, SocContact, SocCoverage, SocSource
from ..scanparse import ScanError
from ..scanparse.alerts import parse_body
from .imports import scan_error
from .matching import HostMatcher
from .promotion import auto_promote

MAX_ALERTS = 10000
TOKEN_PREFIX = "soc_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def soc_source_create(*, actor, organisation, name: str) -> tuple[SocSource, str]:
    """A specialist registers a SOC for a unit's subtree; the token is shown once."""
    rules.require(actor, "soc.manage", organisation)
    if not (name or "").strip():
        raise DomainError(_("Cần nhập tên nguồn SOC."), field="name")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    source = SocSource.objects.create(organisation=organisation, name=name.strip()[:200], key_hash=hash_key(key))
    audit.record(actor=actor, action="soc.source_create", obj=source, organisation=organisation)
    return source, key


@transaction.atomic
def soc_source_update(*, actor, source: SocSource, name: str, active: bool) -> SocSource:
    """Rename a SOC source, or deactivate it (its token is refused from then on) and reactivate it."""
    rules.require(actor, "soc.manage", source)
    if not (name or "").strip():
        raise DomainError(_("Cần nhập tên nguồn SOC."), field="name")
    source = SocSource.objects.select_for_update().get(pk=source.pk)
    before = {"name": source.name, "active": source.active}
    source.name, source.active = name.strip()[:200], bool(active)
    source.save(update_fields=["name", "active", "updated_at"])
    audit.record(actor=actor, action="soc.source_update", obj=source, organisation=source.organisation, before=before,
                 after={"name": source.name, "active": source.active})
    return source


@transaction.atomic
def soc_source_reissue(*, actor, source: SocSource) -> str:
    """A new token for the source (shown once); the old one stops working at once."""
    rules.require(actor, "soc.manage", source)
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    SocSource.objects.filter(pk=source.pk).update(key_hash=hash_key(key), updated_at=clock.now())
    audit.record(actor=actor, action="soc.source_reissue", obj=source, organisation=source.organisation,
                 changes={"token": ["…", "…"]})
    return key


def source_for_token(key: str | None) -> SocSource | None:
    if not key or not key.startswith(TOKEN_PREFIX):
        return None
    return SocSource.objects.filter(key_hash=hash_key(key), active=True).select_related("organisation").first()


def _touch(system_ids: set[int], *, field: str, paths: dict[int, tuple[str, str]]) -> None:
    if not system_ids:
        return
    now = clock.now()
    existing = set(SocContact.objects.filter(system_id__in=system_ids).values_list("system_id", flat=True))
    SocContact.objects.filter(system_id__in=existing).update(**{field: now, "last_seen_at": now})
    SocContact.objects.bulk_create([
        SocContact(system_id=s, last_seen_at=now, owner_path=paths[s][0], operator_path=paths[s][1], **{field: now})
        for s in system_ids - existing], ignore_conflicts=True)


def _cover(source: SocSource, system_ids: set[int], *, field: str) -> None:
    """The source's own trace: when it last sent this kind of message, and the systems it covers."""
    now = clock.now()
    SocSource.objects.filter(pk=source.pk).update(**{field: now})
    if system_ids:
        SocCoverage.objects.bulk_create(
            [SocCoverage(source=source, system_id=s, last_seen_at=now, **{field: now}) for s in sorted(system_ids)],
            update_conflicts=True, unique_fields=["source", "system"], update_fields=[field, "last_seen_at"])


def _paths(system_ids) -> dict[int, tuple[str, str]]:
    from attt.systems.models import System

    return {pk: (o, op) for pk, o, op in System.objects.filter(pk__in=system_ids).values_list(
        "pk", "owner_path", "operator_path")}


@transaction.atomic
def alerts_ingest(*, source: SocSource, body: bytes, content_type: str = "") -> dict:
    """Receive one request of alerts; all or nothing. Returns counts and the hosts matching no system."""
    try:
        alerts = parse_body(body, content_type)
    except ScanError as exc:
        if exc.code == "bad_line":
            raise DomainError(_("Mục %(n)s không phải là cảnh báo Wazuh (JSON) hay dòng CEF; không có cảnh báo nào "
                                "được nhận.") % {"n": exc.detail}, code="bad_alert") from None
        raise scan_error(exc) from None
    if len(alerts) > MAX_ALERTS:
        raise DomainError(_("Tối đa %(n)s cảnh báo mỗi yêu cầu.") % {"n": MAX_ALERTS}, code="too_many")
    # One request of a source at a time (a row lock on the source; SQLite's IMMEDIATE transactions
    # already take turns): two requests at the same moment (Wazuh posts each alert by its own
    # integration process) would each insert the same alert, or each open an incident for one group.
    list(SocSource.objects.select_for_update().filter(pk=source.pk).values_list("pk", flat=True))
    matcher = HostMatcher(source.organisation)
    now = clock.now()
    fingerprints = Counter(a.fingerprint for a in alerts)
    known = dict(Alert.objects.filter(source=source, fingerprint__in=list(fingerprints)).values_list("fingerprint", "pk"))
    matched: dict[str, int | None] = {}
    new, unmatched = {}, set()
    for a in alerts:
        system_id = next((s for s in (matcher.match(h) for h in a.hosts) if s), None)
        matched[a.fingerprint] = system_id
        if system_id is None:
            unmatched.add(a.host or "?")
        if a.fingerprint not in known and a.fingerprint not in new:
            new[a.fingerprint] = a
    paths = _paths({s for s in matched.values() if s})
    rows = []
    for fp, a in new.items():
        sid = matched[fp]
        owner, operator = paths.get(sid, ("", ""))
        rows.append(Alert(source=source, org_path=source.organisation.path, kind=a.kind, fingerprint=fp,
                          host=a.host[:300], rule_id=a.rule_id[:100], level=a.level, title=a.title or "-",
                          occurred_at=a.occurred_at or now, received_at=now, count=fingerprints[fp], system_id=sid,
                          owner_path=owner, operator_path=operator, raw=a.raw))
    Alert.objects.bulk_create(rows, batch_size=1000)
    by_repeat: dict[int, list[int]] = {}
    for fp, pk in known.items():
        by_repeat.setdefault(fingerprints[fp], []).append(pk)
    for n, pks in by_repeat.items():
        Alert.objects.filter(pk__in=pks).update(count=F("count") + n, received_at=now)
    _touch({s for s in matched.values() if s}, field="last_alert_at", paths=paths)
    _cover(source, {s for s in matched.values() if s}, field="last_alert_at")
    promoted = auto_promote(source=source, alerts=list(new.values()))
    result = {"received": len(alerts), "new": len(rows), "duplicates": len(alerts) - len(rows),
              "unmatched_hosts": sorted(unmatched)}
    if promoted:
        result["incidents"] = promoted
    if unmatched:
        result["message"] = _("Không xác định được hệ thống của máy: %(h)s. Cảnh báo vẫn được lưu; hãy khai báo địa "
                              "chỉ cho hệ thống.") % {"h": ", ".join(sorted(unmatched)[:20])}
    audit.record(actor=None, action="soc.alerts", organisation=source.organisation, object_type="vulns.socsource",
                 object_id=str(source.pk), object_repr=source.name,
                 changes={k: v for k, v in result.items() if k in ("received", "new", "duplicates", "incidents")})
    return result


@transaction.atomic
def heartbeat(*, source: SocSource, hosts: list[str]) -> dict:
    if not hosts or not all(isinstance(h, str) and h.strip() for h in hosts):
        raise DomainError(_("Cần danh sách tên máy hoặc địa chỉ (hosts)."), field="hosts")
    matcher = HostMatcher(source.organisation)
    found = {h: matcher.match(h.strip()) for h in hosts[:MAX_ALERTS]}
    systems = {s for s in found.values() if s}
    _touch(systems, field="last_heartbeat_at", paths=_paths(systems))
    _cover(source, systems, field="last_heartbeat_at")
    return {"systems": len(systems), "unmatched_hosts": sorted(h for h, s in found.items() if not s)}


@transaction.atomic
def alert_promote(*, actor, alert: Alert, reporter_name: str = ""):
    """Make an incident of an alert through the incidents service (which starts the legal clocks)."""
    from attt.incidents.services import incidents as incident_services

    rules.require(actor, "alert.promote", alert)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.incident_id:
        raise DomainError(_("Cảnh báo này đã được chuyển thành sự cố."))
    system = alert.system
    unit = system.operator if system is not None else alert.source.organisation
    description = _("Cảnh báo từ SOC %(s)s: %(t)s (luật %(r)s, mức %(l)s, máy %(h)s, %(n)s lần).") % {
        "s": alert.source.name, "t": alert.title, "r": alert.rule_id or "-", "l": alert.level, "h": alert.host or "-",
        "n": alert.count}
    incident = incident_services.incident_report(
        actor=actor, unit=unit, systems=[system] if system is not None else [],
        fields={"title": alert.title[:255], "description": description, "detected_at": alert.occurred_at,
                "reporter_name": reporter_name or actor.get_full_name() or actor.get_username(),
                "detection_method": _("Cảnh báo SOC (%(s)s)") % {"s": alert.source.name}})
    alert.incident = incident
    alert.save(update_fields=["incident"])
    audit.record(actor=actor, action="alert.promote", obj=alert, organisation=unit,
                 changes={"incident": [None, incident.pk]})
    return incident
