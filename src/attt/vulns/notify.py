"""Notices to a unit's people: the in-app notification (shared with directives) and an e-mail,
sent after the transaction commits (the path preparedness uses)."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from attt.core import clock


def notify_units(org_ids, title: str, body: str) -> int:
    from attt.directives.models import Notification
    from attt.directives.services.publish import unit_users

    now, sent, mails = clock.now(), 0, []
    for members in unit_users(set(org_ids)).values():
        Notification.objects.bulk_create([Notification(user=u, title=title[:300], body=body, created_at=now)
                                          for u in members])
        sent += len(members)
        emails = sorted({u.email for u in members if u.email})
        if emails:
            mails.append((title, body, settings.DEFAULT_FROM_EMAIL, emails))
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return sent
