"""Publishing a directive (one assignment per task and unit) and a unit's answer."""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError
from attt.core.uploads import check_upload
from attt.orgs.models import Membership

from ..models import Assignment, Attachment, Directive, Notification
from ..resolve import Resolver
from ..rules import ASSIGNMENT_RESPONDERS
from ..signals import directive_published

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
# Answer files the units may attach (checked by content in attt.core.uploads).
ANSWER_TYPES = frozenset({"pdf", "docx", "xlsx", "odt", "ods", "zip", "png", "jpg", "jpeg", "txt", "csv"})


def unit_users(org_ids) -> dict[int, list]:
    """The active unit members (head and officers) of each organisation."""
    out: dict[int, list] = {}
    rows = (Membership.objects.filter(organisation_id__in=list(org_ids), active=True, role__in=ASSIGNMENT_RESPONDERS,
                                      user__is_active=True).select_related("user"))
    for membership in rows:
        users = out.setdefault(membership.organisation_id, [])
        if all(u.pk != membership.user_id for u in users):
            users.append(membership.user)
    return out


def _no_progress(percent, step=""):
    return None


def directive_publish_start(*, actor, directive: Directive):
    """Start publishing as a background job (attt.core.jobs); the page follows its progress.
    A second start while one runs returns the running job."""
    from attt.core import jobs

    rules.require(actor, "directive.manage", directive)
    if not directive.tasks.exists():
        raise DomainError(_("Văn bản chưa có nhiệm vụ nào để giao."))
    label = _("Giao việc văn bản %(n)s") % {"n": directive.number or directive.subject[:80] or directive.pk}
    return jobs.job_start_once(actor=actor, kind="directives.publish", label=label, target=f"directive:{directive.pk}",
                               params={"directive": directive.pk}, organisation=directive.province)


@transaction.atomic
def directive_publish(*, actor, directive: Directive, progress=_no_progress) -> dict:
    """Give every mapped unit its tasks. Publishing again after corrections adds what is missing
    and updates open due dates; it never removes a unit's answer. Writes in batches of 1,000 rows;
    `progress(percent, step)` hears where it stands (the job runner's reporter)."""
    rules.require(actor, "directive.manage", directive)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    tasks = list(directive.tasks.all())
    if not tasks:
        raise DomainError(_("Văn bản chưa có nhiệm vụ nào để giao."))
    resolver = Resolver(directive.province, directive.recipients)
    existing = {(a.task_id, a.organisation_id): a
                for a in directive.assignments.select_related("task", "organisation")}
    new, updated, unmapped = [], [], []
    for task in tasks:
        units = resolver.units_for(task.assignees)
        if not units:
            unmapped.append(task.ref or str(task.position))
        for org in units:
            current = existing.get((task.pk, org.pk))
            if current is None:
                new.append(Assignment(task=task, directive=directive, organisation=org, due_on=task.due_on))
            elif current.due_on != task.due_on and not current.is_closed:
                current.due_on = task.due_on
                current.save(update_fields=["due_on", "updated_at"])
                updated.append(current)
    if not new and not existing:
        raise DomainError(_("Chưa nhiệm vụ nào được ánh xạ tới đơn vị; hãy ánh xạ đơn vị thực hiện trước khi giao."))
    progress(20, _("Đang tạo %(n)s việc được giao") % {"n": len(new)})
    Assignment.objects.bulk_create(new, batch_size=1000)
    now = clock.now()
    was_published = directive.is_published
    directive.state = Directive.State.PUBLISHED
    if not was_published:
        directive.published_at, directive.published_by = now, actor
    directive.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    by_org: dict[int, int] = {}
    for assignment in new:
        by_org[assignment.organisation_id] = by_org.get(assignment.organisation_id, 0) + 1
    progress(40, _("Đang gửi thông báo cho đơn vị"))
    users = unit_users(by_org.keys())
    title = _("Văn bản %(n)s giao %(c)s nhiệm vụ cho đơn vị")
    Notification.objects.bulk_create([
        Notification(user=user, title=title % {"n": directive.number or directive.subject[:60], "c": count},
                     body=directive.subject, created_at=now)
        for org_id, count in by_org.items() for user in users.get(org_id, [])
    ], batch_size=1000)
    audit.record(actor=actor, action="directive.publish", obj=directive,
                 changes={"state": ["draft" if not was_published else "published", "published"],
                          "assignments_created": [None, len(new)], "assignments_updated": [None, len(updated)],
                          "tasks_without_unit": [None, unmapped]})
    progress(55, _("Đang tạo nghĩa vụ định kỳ"))
    # every assignment of the directive, with task and unit, without reading back what was just written
    assignments = sorted([*existing.values(), *new], key=lambda a: (a.task.position, a.task_id, a.pk or 0))
    replies = directive_published.send(sender=Directive, directive=directive, actor=actor, assignments=assignments,
                                       created=new, updated=updated)
    duties = sum(r.get("occurrences", 0) for _receiver, r in replies if isinstance(r, dict))
    return {"created": len(new), "updated": len(updated), "unmapped": unmapped, "duties": duties}


@transaction.atomic
def assignment_respond(*, actor, assignment: Assignment, status: str, report: str = "", reason: str = "",
                       files=()) -> Assignment:
    """The unit reports where it stands on one task, with a text and files."""
    rules.require(actor, "assignment.respond", assignment)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if status not in Assignment.Status.values:
        raise DomainError(_("Tình trạng không hợp lệ."), field="status")
    reason = (reason or "").strip()
    if status == Assignment.Status.CANNOT and not reason:
        raise DomainError(_("Hãy nêu lý do không thực hiện được."), field="reason")
    files = list(files or [])
    if len(files) + assignment.attachments.count() > MAX_ATTACHMENTS:
        raise DomainError(_("Mỗi nhiệm vụ đính kèm tối đa %(n)s tệp.") % {"n": MAX_ATTACHMENTS}, field="files")
    checked = [check_upload(f, max_bytes=MAX_ATTACHMENT_BYTES, allowed=ANSWER_TYPES, field="files") for f in files]
    before = audit.snapshot(assignment)
    assignment.status = status
    assignment.report = (report or "").strip()
    assignment.reason = reason if status == Assignment.Status.CANNOT else ""
    assignment.responded_at = clock.now()
    assignment.responded_by = actor
    assignment.save()
    for upload in checked:
        attachment = Attachment(assignment=assignment, filename=upload.name, content_type=upload.content_type,
                                size=upload.size, sha256=upload.sha256, uploaded_by=actor)
        attachment.file.save(upload.name, ContentFile(upload.data), save=False)
        attachment.save()
    after = audit.snapshot(assignment)
    after["attachments"] = [upload.name for upload in checked]
    audit.record(actor=actor, action="directive.respond", obj=assignment, before=before, after=after)
    return assignment
