"""Regimes stored in the database: each version of a rule set (or of the holiday calendar) is a
row holding the parsed data as JSON. Amending a regime adds a version; old versions stay."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegimeVersion(models.Model):
    class Kind(models.TextChoices):
        REGIME = "regime", _("Chế độ quy định")
        CALENDAR = "calendar", _("Lịch ngày nghỉ")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.REGIME)
    code = models.CharField(_("mã"), max_length=60, db_index=True)
    version = models.PositiveIntegerField(_("phiên bản"))
    name = models.CharField(_("tên"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    data = models.JSONField(_("dữ liệu"))
    digest = models.CharField(max_length=64, editable=False)
    source = models.CharField(_("nguồn"), max_length=255, blank=True,
                              help_text=_("Tệp dữ liệu gốc, hoặc mục được sửa trên giao diện."))
    note = models.TextField(_("ghi chú thay đổi"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    is_current = models.BooleanField(_("đang áp dụng"), default=False, db_index=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("phiên bản chế độ quy định")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="uniq_regime_version"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(is_current=True), name="one_current_regime"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.code} (v{self.version})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        if self.kind == self.Kind.CALENDAR:
            return reverse("systems:regimes:calendar")
        return reverse("systems:regimes:detail", args=[self.code]) + (f"?v={self.version}" if not self.is_current else "")
