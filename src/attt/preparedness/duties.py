"""The one place this app fulfils periodic duties with its own records (a plan's approval, a
drill done): `attt.obligations.fulfilment.fulfil_by_record`, called in our service's transaction."""
from __future__ import annotations

import datetime as dt


def fulfil(*, actor, duty: str, organisation, system=None, on: dt.date, record, label: str) -> list:
    from attt.obligations.fulfilment import fulfil_by_record

    return fulfil_by_record(actor=actor, duty=duty, organisation=organisation, system=system, on=on,
                            record=record, label=label)
