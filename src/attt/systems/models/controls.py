"""The checklist of a system: one control per requirement of its level in its regime, each
with a status, a responsible person, notes and versioned, hashed evidence files."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel

from .inventory import System


GROUP_LABELS = {"management": _("Yêu cầu quản lý"), "technical": _("Yêu cầu kỹ thuật")}


class Control(ScopedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        PARTIAL = "partial", _("Thực hiện một phần")
        IMPLEMENTED = "implemented", _("Đã thực hiện")
        NOT_APPLICABLE = "not_applicable", _("Không áp dụng")

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="controls")
    regime_code = models.CharField(max_length=60)
    requirement_id = models.CharField(_("mã yêu cầu"), max_length=120)
    level = models.PositiveSmallIntegerField(_("cấp độ"))
    group = models.CharField(_("nhóm"), max_length=30)
    category = models.CharField(_("mục"), max_length=40)
    title = models.CharField(_("yêu cầu"), max_length=300)
    summary = models.TextField(_("nội dung tóm tắt"), blank=True)
    clause = models.CharField(_("điều khoản"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True, help_text=_("Không còn thuộc danh mục của cấp độ hiện tại."))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED,
                              db_index=True)
    responsible = models.CharField(_("người phụ trách"), max_length=150, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    na_reason = models.TextField(_("lý do không áp dụng"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    scope_fields = ("system__owner_path", "system__operator_path")
    audit_org_fields = ("owner_org",)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["system", "requirement_id"], name="uniq_control_requirement")]

    def __str__(self) -> str:
        return self.title

    @property
    def group_label(self):
        """The requirement group as the regime names it ("Yêu cầu quản lý"), never its code."""
        return GROUP_LABELS.get(self.group, self.group)

    @property
    def owner_org(self):
        return self.system.owner


def _evidence_path(instance, filename):
    return f"systems/evidence/{instance.control.system_id}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    version = models.PositiveIntegerField(default=1)
    note = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name", "-version"]
