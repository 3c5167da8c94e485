"""Keeping `FindingTally` (active findings per system and severity) right after each write."""
from __future__ import annotations

from django.db.models import Count

from ..models import Finding, FindingTally


def refresh_tally(system_ids) -> None:
    """Recount the active findings of these systems: one GROUP BY, one DELETE, one INSERT per 900 systems."""
    ids = sorted(set(system_ids))
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        rows = (Finding.objects.filter(system_id__in=chunk, state__in=Finding.ACTIVE)
                .values_list("system_id", "severity", "owner_path", "operator_path").annotate(n=Count("id")).order_by())
        FindingTally.objects.filter(system_id__in=chunk).delete()
        FindingTally.objects.bulk_create([FindingTally(system_id=sid, severity=sev, owner_path=o, operator_path=op,
                                                       active=n) for sid, sev, o, op, n in rows], batch_size=1000)
