"""Drills (diễn tập): planned, run, recorded; each finding is a remediation task of its own with an
owner unit, a deadline and an overdue state."""
from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.models import SearchableModel
from attt.core.paths import CopiedPathsModel, PathField

from .base import OwnedModel
from .plans import Scenario


class Drill(SearchableModel, OwnedModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("Đã lên kế hoạch")
        DONE = "done", _("Đã thực hiện")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên cuộc diễn tập"), max_length=300)
    scenario = models.CharField(_("kịch bản"), max_length=20, choices=Scenario.choices)
    plan = models.ForeignKey("ResponsePlan", verbose_name=_("phương án ứng phó"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="drills")
    systems = models.ManyToManyField("systems.System", verbose_name=_("hệ thống diễn tập"), related_name="drills",
                                     blank=True)
    participants = models.TextField(_("thành phần tham gia"), blank=True)
    planned_on = models.DateField(_("ngày dự kiến"), db_index=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.PLANNED,
                             db_index=True)
    held_on = models.DateField(_("ngày thực hiện"), null=True, blank=True, db_index=True)
    timeline = models.TextField(_("diễn biến"), blank=True)
    what_worked = models.TextField(_("kết quả, điểm làm tốt"), blank=True)

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("diễn tập")

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("preparedness:drill", args=[self.pk])


class DrillFinding(CopiedPathsModel):
    """A finding of a drill, and the remediation task it becomes: `organisation` must fix it by
    `deadline`. Visible to the drill's owner's subtree and to the fixing unit's subtree."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa khắc phục")
        DONE = "done", _("Đã khắc phục")

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("phát hiện"))
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị khắc phục"), on_delete=models.PROTECT,
                                     related_name="+")
    deadline = models.DateField(_("hạn khắc phục"), db_index=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    resolution = models.TextField(_("kết quả khắc phục"), blank=True)
    closed_on = models.DateField(_("ngày khắc phục"), null=True, blank=True)
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")
    drill_path = PathField(max_length=400, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_fields = ("org_path", "drill_path")
    copied_paths = {"org_path": "organisation__path", "drill_path": "drill__organisation__path"}
    audit_org_fields = ("organisation",)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("phát hiện qua diễn tập")

    def __str__(self) -> str:
        return self.description[:80]

    def scope_paths(self) -> list[str]:
        return [p for p in (self.org_path, self.drill_path) if p]

    def is_overdue_on(self, day) -> bool:
        return self.status == self.Status.OPEN and self.deadline < day

    @property
    def is_overdue(self) -> bool:
        from attt.core import clock

        return self.is_overdue_on(clock.today())
