"""Reminders (đôn đốc): before a deadline and when overdue, by email and in-app notification.
Each reminder is one row per (assignment, kind, day): running twice a day sends nothing twice."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from ..models import Assignment, Directive, Notification, Reminder
from .publish import unit_users


def overdue_repeat_days() -> int:
    """How often an overdue unit is reminded again (days): `settings.DIRECTIVE_OVERDUE_REPEAT_DAYS`,
    from the environment variable ATTT_DIRECTIVE_OVERDUE_REPEAT_DAYS (default 7, at least 1)."""
    return max(1, int(settings.DIRECTIVE_OVERDUE_REPEAT_DAYS))


def _message(assignment: Assignment, kind: str, today: dt.date) -> tuple[str, str]:
    directive, task = assignment.directive, assignment.task
    due = assignment.due_on.strftime("%d/%m/%Y") if assignment.due_on else "—"
    if kind == Reminder.Kind.BEFORE:
        title = _("Sắp đến hạn (%(d)s): nhiệm vụ %(r)s của văn bản %(n)s") % {
            "d": due, "r": task.ref, "n": directive.number}
    else:
        days = (today - assignment.due_on).days if assignment.due_on else 0
        title = _("Quá hạn %(k)s ngày: nhiệm vụ %(r)s của văn bản %(n)s") % {
            "k": days, "r": task.ref, "n": directive.number}
    body = _("Kính gửi %(org)s,\n\nNhiệm vụ: %(t)s\nHạn hoàn thành: %(d)s\nVăn bản: %(n)s — %(s)s\n\n"
             "Đề nghị đơn vị cập nhật kết quả thực hiện trên hệ thống ATTT.") % {
        "org": assignment.organisation.name, "t": task.text[:500], "d": due, "n": directive.number,
        "s": directive.subject}
    return title[:300], body


BATCH = 200  # reminders per transaction: the audit-chain lock is held for one short batch only


def _send(assignments: list[Assignment], kind: str, *, actor=None, today: dt.date, progress=None) -> int:
    """Record one reminder per assignment (skipping those already sent today), notify, mail: in
    batches of BATCH, each its own short transaction with one audit event carrying its counts.
    A failure keeps the batches already sent (they were sent) and a run again sends the rest."""
    sent = 0
    for start in range(0, len(assignments), BATCH):
        if progress is not None:
            progress(100 * start / len(assignments),
                     _("Đang đôn đốc %(i)s/%(n)s việc") % {"i": start, "n": len(assignments)})
        sent += _send_batch(assignments[start:start + BATCH], kind, actor=actor, today=today)
    return sent


def _send_batch(batch: list[Assignment], kind: str, *, actor, today: dt.date) -> int:
    now = clock.now()
    by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        done = set(Reminder.objects.filter(assignment__in=[a.pk for a in batch], kind=kind, day=today)
                   .values_list("assignment_id", flat=True))
        todo = [a for a in batch if a.pk not in done]
        if not todo:
            return 0
        users = unit_users({a.organisation_id for a in todo})
        rows, emails_of = [], {}
        for assignment in todo:
            members = users.get(assignment.organisation_id, [])
            emails = sorted({u.email for u in members if u.email})
            if not emails and assignment.organisation.incident_email:
                emails = [assignment.organisation.incident_email]
            emails_of[assignment.pk] = emails
            rows.append(Reminder(assignment=assignment, kind=kind, day=today, sent_at=now, sent_by=by, emails=emails))
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent run may have sent some
        ours = set(Reminder.objects.filter(assignment__in=[a.pk for a in todo], kind=kind, day=today, sent_at=now)
                   .values_list("assignment_id", flat=True))
        notes, mails = [], []
        for assignment in todo:
            if assignment.pk not in ours:
                continue
            title, body = _message(assignment, kind, today)
            notes += [Notification(user=u, assignment=assignment, title=title, body=body, created_at=now)
                      for u in users.get(assignment.organisation_id, [])]
            if emails_of[assignment.pk]:
                mails.append((title, body, settings.DEFAULT_FROM_EMAIL, emails_of[assignment.pk]))
        Notification.objects.bulk_create(notes, batch_size=1000)
        if ours:  # last, so that the audit-chain lock is held only until this batch commits
            audit.record(actor=actor, action="directive.remind", object_type="directives.reminder", object_id="",
                         object_repr=_("%(n)s lời đôn đốc (%(k)s)") % {"n": len(ours), "k": Reminder.Kind(kind).label},
                         changes={"kind": kind, "day": today.isoformat(), "count": len(ours),
                                  "units": len({a.organisation_id for a in todo if a.pk in ours}),
                                  "assignments": sorted(ours)})
        if mails:
            transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(ours)


def _open_published():
    return (Assignment.objects.filter(directive__state=Directive.State.PUBLISHED, due_on__isnull=False)
            .exclude(status__in=Assignment.CLOSED)
            .select_related("directive", "task", "organisation").order_by("pk"))


def reminders_send_due(*, on: dt.date | None = None) -> dict:
    """The daily job: remind units N days before a deadline (N per directive, default 3) and
    when overdue (again every `overdue_repeat_days()` days)."""
    today = on or clock.today()
    max_before = max(Directive.objects.filter(state=Directive.State.PUBLISHED)
                     .values_list("remind_days_before", flat=True).distinct() or [0])
    before = []
    window = _open_published().filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=max_before))
    already = set(Reminder.objects.filter(kind=Reminder.Kind.BEFORE, assignment__in=window)
                  .values_list("assignment_id", flat=True))
    for assignment in window:
        days_left = (assignment.due_on - today).days
        if days_left <= assignment.directive.remind_days_before and assignment.pk not in already:
            before.append(assignment)
    repeat = overdue_repeat_days()
    late = _open_published().filter(due_on__lt=today)
    recent = set(Reminder.objects.filter(kind__in=[Reminder.Kind.OVERDUE, Reminder.Kind.MANUAL], assignment__in=late,
                                         day__gt=today - dt.timedelta(days=repeat))
                 .values_list("assignment_id", flat=True))
    overdue = [a for a in late if a.pk not in recent]
    return {"before": _send(before, Reminder.Kind.BEFORE, today=today),
            "overdue": _send(overdue, Reminder.Kind.OVERDUE, today=today)}


def directive_remind_late(*, actor, directive: Directive, progress=None) -> int:
    """The specialist's "remind all late units" action for one directive (run as a job: see
    `directive_remind_start`), in short batches."""
    rules.require(actor, "directive.manage", directive)
    if not directive.is_published:
        raise DomainError(_("Văn bản chưa giao việc nên chưa có đơn vị nào để đôn đốc."))
    today = clock.today()
    late = list(_open_published().filter(directive=directive, due_on__lt=today).order_by("pk"))
    return _send(late, Reminder.Kind.MANUAL, actor=actor, today=today, progress=progress)


def directive_remind_start(*, actor, directive: Directive):
    """Start "remind all late units" as a background job (checked here first, and again in the job)."""
    from attt.core import jobs

    rules.require(actor, "directive.manage", directive)
    if not directive.is_published:
        raise DomainError(_("Văn bản chưa giao việc nên chưa có đơn vị nào để đôn đốc."))
    return jobs.job_start_once(actor=actor, kind=REMIND, target=f"directive:{directive.pk}",
                               params={"directive": directive.pk},
                               label=_("Đôn đốc đơn vị quá hạn: %(n)s") % {"n": directive.number or directive.pk})


REMIND = "directives.remind"


@transaction.atomic
def notifications_mark_read(*, actor, ids=None) -> int:
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())
