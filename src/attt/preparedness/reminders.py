"""Contract expiry reminders: once, when a contract ends within `DAYS_BEFORE` days."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock

from .models import Contract, ResponsePlan

DAYS_BEFORE = 60
REVIEW_DAYS_BEFORE = 30


def contracts_remind(*, on: dt.date | None = None) -> int:
    from attt.directives.services.notify import notify_units

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


def plans_remind(*, on: dt.date | None = None) -> int:
    """Once per approval: the plan's yearly review is due within `REVIEW_DAYS_BEFORE` days (or past)."""
    from attt.directives.services.notify import notify_units

    on = on or clock.today()
    sent = 0
    for plan in ResponsePlan.objects.filter(review_due__lte=on + dt.timedelta(days=REVIEW_DAYS_BEFORE),
                                            review_reminded_on__isnull=True):
        with transaction.atomic():
            title = _("Phương án “%(t)s” đến hạn rà soát (%(d)s)") % {"t": plan.title,
                                                                      "d": plan.review_due.strftime("%d/%m/%Y")}
            body = _("Hãy rà soát, cập nhật phương án ứng phó sự cố và trình phê duyệt phiên bản mới.")
            notify_units([plan.organisation_id], title, body)
            plan.review_reminded_on = on
            plan.save(update_fields=["review_reminded_on", "updated_at"])
            audit.record(action="plan.remind", obj=plan, changes={"review_due": plan.review_due.isoformat()})
            sent += 1
    return sent
