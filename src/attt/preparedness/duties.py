"""The one place this app fulfils periodic duties with its own records (a plan's approval, a
drill done): `attt.obligations.fulfilment.fulfil_by_record`, called in our service's transaction."""
from __future__ import annotations

import datetime as dt


def fulfil(*, actor, duty: str, organisation, system=None, on: dt.date, record, label: str) -> list:
    try:
        from attt.obligations.fulfilment import fulfil_by_record
    except ImportError:  # pragma: no cover - until the shared API lands on this branch
        return _fallback(duty=duty, organisation=organisation, system=system, on=on)
    return fulfil_by_record(actor=actor, duty=duty, organisation=organisation, system=system, on=on,
                            record=record, label=label)


def _fallback(*, duty, organisation, system, on):  # pragma: no cover
    from attt.obligations.models import Occurrence

    qs = Occurrence.objects.filter(rule__code=duty, status__in=Occurrence.OPEN, period_start__lte=on)
    qs = qs.filter(system=system) if system is not None else qs.filter(organisation=organisation, system__isnull=True)
    occ = qs.order_by("-period_start").first()
    if occ is None:
        return []
    occ.status = Occurrence.Status.ACCEPTED
    occ.save(update_fields=["status", "updated_at", "search_text"])
    return [occ]
