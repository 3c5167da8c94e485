"""Contract expiry reminders: once, when a contract ends within `DAYS_BEFORE` days."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock

from .models import Contract

DAYS_BEFORE = 60


def contracts_remind(*, on: dt.date | None = None) -> int:
    from .notify import notify_units

    on = on or clock.today()
    sent = 0
    due = Contract.objects.filter(ends_on__gte=on, ends_on__lte=on + dt.timedelta(days=DAYS_BEFORE),
                                  reminded_on__isnull=True).select_related("supplier")
    for contract in due:
        with transaction.atomic():
            title = _("Hợp đồng “%(t)s” sắp hết hạn (%(d)s)") % {"t": contract.title,
                                                                "d": contract.ends_on.strftime("%d/%m/%Y")}
            body = _("Hợp đồng với %(s)s hết hạn ngày %(d)s. Hãy gia hạn hoặc chuẩn bị bàn giao theo cam kết.") % {
                "s": contract.supplier.name, "d": contract.ends_on.strftime("%d/%m/%Y")}
            notify_units([contract.organisation_id], title, body)
            contract.reminded_on = on
            contract.save(update_fields=["reminded_on", "updated_at"])
            audit.record(action="contract.remind", obj=contract, changes={"ends_on": contract.ends_on.isoformat()})
            sent += 1
    return sent
