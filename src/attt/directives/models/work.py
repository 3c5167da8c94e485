"""The work fanned out to units: one assignment per (task, organisation), the unit's answer and
attachments, the reminders sent, and in-app notifications."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.links import row_url
from attt.core.models import ScopedModel, TimeStampedModel
from attt.core.paths import CopiedPathsModel, PathField


class Assignment(TimeStampedModel, CopiedPathsModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANNOT = "cannot", _("Không thực hiện được")

    CLOSED = (Status.DONE, Status.CANNOT)

    task = models.ForeignKey("directives.Task", on_delete=models.CASCADE, related_name="assignments")
    directive = models.ForeignKey("directives.Directive", on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                     related_name="directive_assignments")
    due_on = models.DateField(_("hạn"), null=True, blank=True, db_index=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED,
                              db_index=True)
    reason = models.TextField(_("lý do không thực hiện được"), blank=True)
    report = models.TextField(_("báo cáo kết quả"), blank=True)
    responded_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    # A copy of organisation.path (attt.core.paths): `visible_to` is a prefix filter on this table.
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("org_path",)
    copied_paths = {"org_path": "organisation__path"}
    audit_org_fields = ("organisation",)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("việc được giao")
        verbose_name_plural = _("việc được giao")
        constraints = [models.UniqueConstraint(fields=["task", "organisation"], name="uniq_assignment")]
        indexes = [models.Index(fields=["directive", "organisation"])]

    def __str__(self) -> str:
        return f"{self.task.ref} · {self.organisation}"

    def get_absolute_url(self) -> str:
        return row_url("directives:assignment", self.pk)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def is_overdue(self, today) -> bool:
        return bool(self.due_on and not self.is_closed and self.due_on < today)


def _attachment_to(instance, filename: str) -> str:
    return f"directives/answers/{instance.sha256[:2]}/{instance.sha256}/{filename[-120:]}"


class Attachment(TimeStampedModel, ScopedModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_to, max_length=300)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    scope_fields = ("assignment__org_path",)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class Reminder(models.Model):
    """One reminder (đôn đốc) for one assignment on one day; the unique constraint makes sending
    idempotent."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Nhắc trước hạn")
        OVERDUE = "overdue", _("Quá hạn")
        MANUAL = "manual", _("Đôn đốc thủ công")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    day = models.DateField(_("ngày"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    emails = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["assignment", "kind", "day"], name="uniq_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d/%m/%Y} · {self.assignment_id}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directive_notifications")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title
