"""Response plans (phương án ứng phó sự cố) per system or group of systems, versioned: each
revision is a new version; the owner unit's head (or an administrator) approves it; review yearly."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.models import SearchableModel

from .base import OwnedModel


class Scenario(models.TextChoices):
    RANSOMWARE = "ransomware", _("Mã độc tống tiền")
    DEFACEMENT = "defacement", _("Thay đổi giao diện trang web")
    DDOS = "ddos", _("Tấn công từ chối dịch vụ (DDoS)")
    DATA_LEAK = "data_leak", _("Lộ, lọt dữ liệu")
    OUTAGE = "outage", _("Gián đoạn, ngừng hoạt động")
    OTHER = "other", _("Khác")


class ResponsePlan(SearchableModel, OwnedModel):
    """A plan of one owner unit covering one or more systems; its content lives in versions."""

    title = models.CharField(_("tên phương án"), max_length=300)
    systems = models.ManyToManyField("systems.System", verbose_name=_("hệ thống áp dụng"), related_name="response_plans")
    approved_version = models.ForeignKey("PlanVersion", verbose_name=_("phiên bản hiệu lực"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    review_due = models.DateField(_("hạn rà soát"), null=True, blank=True, db_index=True)
    review_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("phương án ứng phó sự cố")

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("preparedness:plan", args=[self.pk])

    def latest_version(self):
        return self.versions.order_by("-number").first()


class PlanVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã phê duyệt")
        SUPERSEDED = "superseded", _("Đã thay thế")

    plan = models.ForeignKey(ResponsePlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT)
    # [{"kind": Scenario, "description": str}], at least one
    scenarios = models.JSONField(_("kịch bản"), default=list)
    # [{"role": str, "name": str, "phone": str, "email": str}]
    contacts = models.JSONField(_("vai trò và liên hệ"), default=list, blank=True)
    escalation_team = models.CharField(_("báo cáo, đề nghị hỗ trợ: đội ứng cứu"), max_length=300, blank=True)
    escalation_national = models.CharField(_("báo cáo cơ quan điều phối quốc gia"), max_length=300, blank=True)
    rto_hours = models.PositiveIntegerField(_("thời gian khôi phục mục tiêu (giờ)"), null=True, blank=True)
    rpo_hours = models.PositiveIntegerField(_("lượng dữ liệu chấp nhận mất (giờ)"), null=True, blank=True)
    change_note = models.CharField(_("nội dung sửa đổi"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="uniq_plan_version")]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.number}"

    def scenario_rows(self) -> list[dict]:
        labels = dict(Scenario.choices)
        return [{"label": labels.get(s.get("kind"), s.get("kind")), "description": s.get("description", "")}
                for s in self.scenarios]

    def scenario_labels(self) -> list[str]:
        labels = dict(Scenario.choices)
        return [str(labels.get(s.get("kind"), s.get("kind"))) for s in self.scenarios]
