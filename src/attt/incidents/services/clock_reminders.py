"""The daily reminder of overdue legal clocks: for each incident whose reporting or closing
clock has run out and is not met yet, the province's specialists get an email, once per
(incident, clock, day); each reminder is recorded and audited."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from attt.core import audit, clock, dates

from .. import clocks, regime, selectors
from ..models import ClockReminder, Incident


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def specialist_emails(incident: Incident) -> list[str]:
    """The active specialists whose scope covers the incident's unit; else the province's
    incident mailbox."""
    from attt.orgs.models import Membership, Organisation

    emails = sorted(set(Membership.objects.filter(
        role="specialist", active=True, user__is_active=True, scope_path__in=_prefixes(incident.unit.path))
        .exclude(user__email="").values_list("user__email", flat=True)))
    if not emails:
        province = Organisation.objects.filter(path=incident.unit.province_path()).first()
        if province is not None and province.incident_email:
            emails = [province.incident_email]
    return emails


def _message(incident: Incident, state: clocks.ClockState, now: dt.datetime) -> tuple[str, str]:
    due = dates.time_day(state.due)
    subject = _("[ATTT] Quá hạn báo cáo sự cố #%(pk)s: %(c)s") % {"pk": incident.pk, "c": state.title[:120]}
    body = _("Sự cố #%(pk)s “%(t)s” của %(u)s (chế độ %(r)s).\n"
             "Thời hạn: %(c)s\nHạn: %(d)s — đã quá %(late)s.\nCăn cứ: %(s)s\n\n"
             "Đề nghị thực hiện báo cáo và ghi nhận trên hệ thống ATTT.") % {
        "pk": incident.pk, "t": incident.title, "u": incident.unit.name, "r": incident.regime_code,
        "c": state.title, "d": due, "late": clocks.humanise(now - state.due), "s": state.source or "—"}
    return subject[:250], body


BATCH = 200  # incidents per transaction: the audit-chain lock is held for one short batch only


def clock_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the specialists of every overdue, unmet clock (idempotent per incident, clock and day).
    Incidents are taken BATCH at a time (keyset on the id), each batch in its own short transaction
    with one audit event carrying its counts. Returns the number of reminders recorded now."""
    now = now or clock.now()
    today = timezone.localdate(now)
    candidates = (Incident.objects.exclude(status=Incident.Status.DISMISSED)
                  .filter(Q(notified_at__isnull=True) | Q(closed_at__isnull=True))
                  .select_related("unit").order_by("pk"))
    regimes = regime.Regimes()
    sent, last = 0, 0
    while True:
        batch = list(candidates.filter(pk__gt=last)[:BATCH])
        if not batch:
            return sent
        last = batch[-1].pk
        sent += _send_batch(batch, now=now, today=today, regimes=regimes)


def _send_batch(batch: list[Incident], *, now, today, regimes) -> int:
    due: list[tuple[Incident, clocks.ClockState, list[str]]] = []
    for incident in batch:
        overdue = [s for s in selectors.incident_clocks(incident, now=now, regimes=regimes) if s.state == "overdue"]
        if overdue:
            emails = specialist_emails(incident)
            due += [(incident, state, emails) for state in overdue]
    if not due:
        return 0
    with transaction.atomic():
        ClockReminder.objects.bulk_create(
            [ClockReminder(incident=i, clock_id=s.id, day=today, due=s.due, sent_at=now, emails=e) for i, s, e in due],
            ignore_conflicts=True)  # already reminded today (or by a concurrent run)
        ours = {(r.incident_id, r.clock_id): r.pk for r in ClockReminder.objects.filter(
            incident__in=[i.pk for i, _s, _e in due], day=today, sent_at=now)}
        mails = [(*_message(i, s, now), e) for i, s, e in due if (i.pk, s.id) in ours and e]
        if ours:  # last, so that the audit-chain lock is held only until this batch commits
            audit.record(actor=None, action="incident.clock_remind", object_type="incidents.incident", object_id="",
                         object_repr=_("%(n)s lời nhắc thời hạn sự cố") % {"n": len(ours)},
                         changes={"day": today.isoformat(), "count": len(ours),
                                  "reminders": [{"incident": i, "clock": c, "reminder": pk}
                                                for (i, c), pk in sorted(ours.items())]})
        if mails:
            transaction.on_commit(lambda: [send_mail(s, b, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
                                           for s, b, to in mails])
    return len(ours)
