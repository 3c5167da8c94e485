"""Level proposal dossiers: the classification they carry, their steps with legal due dates,
the appraiser's comments per part and the documents on file (the quy chế among them)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core import clock
from attt.core.models import ScopedModel, TimeStampedModel

from .inventory import System


class Dossier(ScopedModel, TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
        EXPERT_OPINION = "expert_opinion", _("Chờ ý kiến chuyên môn")
        UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPRAISED = "appraised", _("Đã thẩm định, chờ phê duyệt")
        APPROVED = "approved", _("Đã phê duyệt")
        REJECTED = "rejected", _("Không phê duyệt")
        SUPERSEDED = "superseded", _("Thay bằng hồ sơ khác")

    OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.EXPERT_OPINION, State.UNDER_APPRAISAL, State.RETURNED,
                   State.APPRAISED)

    system = models.ForeignKey(System, verbose_name=_("hệ thống"), on_delete=models.CASCADE, related_name="dossiers")
    regime_code = models.CharField(_("chế độ quy định"), max_length=60)
    regime_version = models.PositiveIntegerField(_("phiên bản chế độ"), default=1)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    level = models.PositiveSmallIntegerField(_("cấp độ đề xuất"))
    criteria_level = models.PositiveSmallIntegerField(_("cấp độ theo tiêu chí"))
    deciding_criteria = models.JSONField(_("tiêu chí quyết định"), default=list, blank=True)
    explanation = models.TextField(_("giải thích phân loại"), blank=True)
    facts = models.JSONField(_("câu trả lời bảng hỏi"), default=dict, blank=True)
    higher_reason = models.TextField(_("lý do đề xuất cấp độ cao hơn"), blank=True)
    step_started = models.DateField(_("bước hiện tại bắt đầu"), null=True, blank=True)
    step_due = models.DateField(_("hạn của bước hiện tại"), null=True, blank=True, db_index=True)
    expert_opinion = models.TextField(_("ý kiến chuyên môn"), blank=True)
    appraisal_note = models.TextField(_("kết quả thẩm định"), blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người phê duyệt"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    approver_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    rejection_reason = models.TextField(_("lý do không phê duyệt"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    scope_fields = ("system__owner_path", "system__operator_path")
    audit_org_fields = ("owner_org",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hồ sơ đề xuất cấp độ")
        verbose_name_plural = _("hồ sơ đề xuất cấp độ")
        # The list's order (`-updated_at, -id`): a national list reads its first page off this index
        # instead of sorting every dossier.
        indexes = [models.Index(fields=["state", "step_due"]),
                   models.Index(fields=["-updated_at", "-id"], name="systems_dossier_recent_idx")]

    def __str__(self) -> str:
        return f"HS-{self.pk} · {self.system.name} · {_('cấp độ')} {self.level}"

    @property
    def owner_org(self):
        return self.system.owner

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def overdue(self) -> bool:
        return bool(self.is_open and self.step_due and self.step_due < clock.today())

    def get_absolute_url(self) -> str:
        from attt.core.links import row_url

        return row_url("systems:dossier", self.pk)


class DossierStep(models.Model):
    """One step of the workflow, with the due date the regime's clock gives it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(_("bước"), max_length=20, choices=Dossier.State.choices)
    started_on = models.DateField(_("bắt đầu"))
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    clock_label = models.CharField(_("thời hạn"), max_length=120, blank=True)
    finished_on = models.DateField(_("kết thúc"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    @property
    def overdue(self) -> bool:
        end = self.finished_on or clock.today()
        return bool(self.due_on and end > self.due_on)


class DossierComment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(_("thành phần hồ sơ"), max_length=60)
    text = models.TextField(_("nhận xét"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-round", "part", "id"]


def _document_path(instance, filename):
    return f"systems/dossiers/{instance.dossier_id}/{instance.sha256[:2]}/{instance.sha256}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    part = models.CharField(_("thành phần hồ sơ"), max_length=60)
    file = models.FileField(upload_to=_document_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    version = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["part", "-version"]
