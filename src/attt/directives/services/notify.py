"""Notices to a unit's people: the in-app notification (directives own it) and an email, sent
after the transaction commits. Used by preparedness (contracts, plans, hosting) and vulns (expired
risk acceptances)."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from attt.core import clock


def notify_units(org_ids, title: str, body: str) -> int:
    from ..models import Notification
    from .publish import unit_users

    users = unit_users(set(org_ids))
    now, sent, mails = clock.now(), 0, []
    for members in users.values():
        Notification.objects.bulk_create([Notification(user=u, title=title[:300], body=body, created_at=now)
                                          for u in members])
        sent += len(members)
        emails = sorted({u.email for u in members if u.email})
        if emails:
            mails.append((title, body, settings.DEFAULT_FROM_EMAIL, emails))
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return sent
