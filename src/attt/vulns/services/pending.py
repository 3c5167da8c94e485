"""Findings of a host kept while it belonged to no system (PendingFinding) land on the system the
unit assigns the host to, as an import would have put them there: de-duplicated on the system by
hash (a known one is left as it is, a fixed one seen again reopens), the deadline to fix from the
severity, the system's level and the day the scan first reported it. In batches of 1,000, so memory
does not grow with the number of findings."""
from __future__ import annotations

from collections import Counter

from django.db.models import F
from django.utils import timezone

from attt.core import clock

from .. import sla
from ..models import Finding, FindingEvent, PendingFinding
from .tally import refresh_tally

BATCH = 1000


def land_pending(*, assignment, system) -> Counter:
    """Move the assignment's pending findings onto `system` (the caller checked the rights and
    holds the transaction); returns the counts new / known / reopened."""
    counts: Counter = Counter()
    level = system.approved_level or system.proposed_level
    now = clock.now()
    after = 0
    while True:
        rows = list(PendingFinding.objects.filter(assignment=assignment, pk__gt=after).order_by("pk")[:BATCH])
        if not rows:
            break
        after = rows[-1].pk
        known = {h: (pk, state, fixed_at) for pk, h, state, fixed_at in Finding.objects.filter(
            system=system, hash__in=[r.hash for r in rows]).values_list("pk", "hash", "state", "fixed_at")}
        new, reopen = [], []
        for r in rows:
            if r.hash not in known:
                cves = sorted(set(r.cves or []))
                new.append(Finding(
                    system=system, scanner=r.scanner, hash=r.hash, host=r.host, port=r.port, protocol=r.protocol,
                    plugin_id=r.plugin_id, title=r.title, severity=r.severity, cves=cves,
                    cve_text=(" " + " ".join(cves) + " ")[:1000] if cves else "", description=r.description,
                    solution=r.solution, state=Finding.State.OPEN, active=True, first_seen=r.first_seen,
                    last_seen=r.last_seen, first_scan_id=r.first_scan_id, last_scan_id=r.last_scan_id,
                    due_date=sla.due_date(r.severity, level, timezone.localdate(r.first_seen)),
                    owner_path=system.owner_path, operator_path=system.operator_path))
                continue
            pk, state, fixed_at = known[r.hash]
            if state == Finding.State.FIXED and (fixed_at is None or fixed_at < r.last_seen):
                reopen.append((pk, r))
            else:  # open, or decided by people, or fixed after the scan that reported it
                counts["known"] += 1
        Finding.objects.bulk_create(new, batch_size=BATCH)
        for pk, r in reopen:  # rare: a fixed finding of this host that the pending scan saw again
            Finding.objects.filter(pk=pk).update(
                state=Finding.State.OPEN, active=True, fixed_at=None, closed_by_scan=None,
                reopened=F("reopened") + 1, last_seen=r.last_seen, last_scan_id=r.last_scan_id)
        FindingEvent.objects.bulk_create([FindingEvent(finding_id=pk, kind=FindingEvent.Kind.REOPENED, at=now,
                                                       scan_id=r.last_scan_id, text=str(r.last_scan)) for pk, r in reopen])
        PendingFinding.objects.filter(pk__in=[r.pk for r in rows]).delete()
        counts.update(new=len(new), reopened=len(reopen))
    refresh_tally([system.pk])
    return counts
