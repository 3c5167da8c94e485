"""A record that proves a duty fulfils it: no second upload.

A sent quarterly report, an imported vulnerability scan, a drill that was run, an approved
response plan or dossier is already in ATTT. The service that creates such a record calls
`fulfil_by_record` in its own transaction; the open occurrence of the duty for that system or unit
(the period containing the record's date, else the latest open one begun before it) gets a
submission pointing at the record, accepted at once, and the audit trail says which record did it.

Coverage by a parent is regime data: a duty whose rule lists `covered_by_parent` kinds (the
quarterly report lists `service_centre`) is fulfilled for those child units by the parent's record.
"""
from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock

from .models import Occurrence, Submission

__all__ = ["fulfil_by_record", "fulfilled_by", "on_dossier_approved", "withdraw_record"]


def _open_occurrence(candidates, on: dt.date) -> Occurrence | None:
    """The open occurrence whose period contains `on`, else the latest one begun before it
    (a late record fulfils the period that is still open, and is marked late by its date)."""
    containing = [o for o in candidates if o.period_start <= on <= o.period_end]
    if containing:
        return containing[0]
    before = [o for o in candidates if o.period_start <= on]
    return before[0] if before else None


def _targets(*, duty: str, organisation, system):
    base = Occurrence.objects.select_for_update().select_related("rule").filter(
        rule__code=duty, status__in=Occurrence.OPEN).order_by("-period_start")
    if system is not None:
        yield base.filter(system=system)
        return
    yield base.filter(organisation=organisation, system__isnull=True)
    # Children covered by this unit's record, as the rule says (e.g. a commune's centre).
    covered = base.select_related("organisation").filter(organisation__parent=organisation, system__isnull=True).exclude(
        rule__covered_by_parent=[])
    by_org: dict[int, list[Occurrence]] = {}
    for occ in covered:
        if occ.organisation.kind in (occ.rule.covered_by_parent or []):
            by_org.setdefault(occ.organisation_id, []).append(occ)
    for occurrences in by_org.values():
        yield occurrences


@transaction.atomic
def fulfil_by_record(*, actor, duty: str, organisation, system=None, on: dt.date, record,
                     label: str) -> list[Occurrence]:
    """Fulfil the open occurrence(s) of `duty` (a regime duty id, e.g. "vulnerability-scan") for
    `system` or `organisation` with `record`, dated `on`. Idempotent for the same record."""
    record_type = ContentType.objects.get_for_model(record)
    already = set(Submission.objects.filter(record_type=record_type, record_id=record.pk)
                  .values_list("occurrence_id", flat=True))
    url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    label = (label or str(record))[:300]
    now = clock.now()
    fulfilled = []
    for candidates in _targets(duty=duty, organisation=organisation, system=system):
        occurrence = _open_occurrence(list(candidates), on)
        if occurrence is None or occurrence.pk in already:
            continue
        before = audit.snapshot(occurrence, ["status", "submitted_at"])
        version = occurrence.submissions.count() + 1
        Submission.objects.create(
            occurrence=occurrence, version=version, submitted_by=actor if getattr(actor, "pk", None) else None,
            note=_("Hoàn thành bởi: %(label)s") % {"label": label},
            record_type=record_type, record_id=record.pk, record_label=label, record_url=url[:300],
            review=Submission.Review.ACCEPTED, reviewed_at=now,
            review_comment=_("Tự động chấp nhận: hồ sơ trong ATTT chứng minh nhiệm vụ."))
        occurrence.status = Occurrence.Status.ACCEPTED
        occurrence.submitted_at = now
        occurrence.save(update_fields=["status", "submitted_at", "updated_at", "search_text"])
        audit.record(actor=actor, action="duty.fulfil", obj=occurrence, before=before,
                     after={**audit.snapshot(occurrence, ["status", "submitted_at"]), "version": version,
                            "record": f"{record_type.app_label}.{record_type.model}#{record.pk}",
                            "label": label})
        fulfilled.append(occurrence)
    return fulfilled


def fulfilled_by(record) -> list[Occurrence]:
    """The occurrences a record fulfilled (for its page: "this report fulfilled …")."""
    record_type = ContentType.objects.get_for_model(record)
    return list(Occurrence.objects.filter(submissions__record_type=record_type, submissions__record_id=record.pk)
                .select_related("organisation", "system").order_by("due_date"))


@transaction.atomic
def withdraw_record(*, actor, record, reason: str) -> list[Occurrence]:
    """A record that no longer proves anything (a report superseded and withdrawn, a scan
    deleted): the occurrences it fulfilled open again, their submission marked returned."""
    record_type = ContentType.objects.get_for_model(record)
    reopened = []
    for submission in Submission.objects.select_for_update().select_related("occurrence").filter(
            record_type=record_type, record_id=record.pk, review=Submission.Review.ACCEPTED):
        occurrence = submission.occurrence
        before = audit.snapshot(occurrence, ["status"])
        submission.review = Submission.Review.RETURNED
        submission.review_comment = reason[:5000]
        submission.save(update_fields=["review", "review_comment", "updated_at"])
        occurrence.status = Occurrence.Status.RETURNED
        occurrence.save(update_fields=["status", "updated_at", "search_text"])
        audit.record(actor=actor, action="duty.return", obj=occurrence, before=before,
                     after={**audit.snapshot(occurrence, ["status"]), "comment": reason[:200]})
        reopened.append(occurrence)
    return reopened


def on_dossier_approved(sender, *, dossier, actor, on, **kwargs) -> None:
    """The approved dossier fulfils the system's risk-assessment duty (regime duty
    `risk-assessment`: made when the level is determined, the dossier carries it)."""
    system = dossier.system
    fulfil_by_record(actor=actor, duty="risk-assessment", organisation=system.operator, system=system, on=on,
                     record=dossier, label=_("Hồ sơ đề xuất cấp độ HS-%(n)s, quyết định %(d)s")
                     % {"n": dossier.pk, "d": dossier.decision_number})
