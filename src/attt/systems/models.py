"""Information systems. (The inventory, classification, dossiers and controls grow here.)"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, SearchableModel, TimeStampedModel


class System(SearchableModel, ScopedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Phục vụ hoạt động nội bộ")
        PUBLIC_SERVICE = "public_service", _("Phục vụ người dân, doanh nghiệp")
        INFRASTRUCTURE = "infrastructure", _("Hạ tầng thông tin")
        INDUSTRIAL_CONTROL = "industrial_control", _("Điều khiển công nghiệp")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang xây dựng, chưa vận hành")
        OPERATING = "operating", _("Đang vận hành")
        RETIRED = "retired", _("Đã dừng vận hành")

    name = models.CharField(_("tên hệ thống"), max_length=255)
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("chủ quản"), on_delete=models.PROTECT,
                              related_name="owned_systems")
    operator = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị vận hành"), on_delete=models.PROTECT,
                                 related_name="operated_systems")
    kind = models.CharField(_("loại hệ thống"), max_length=30, choices=Kind.choices, default=Kind.INTERNAL)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPERATING,
                              db_index=True)
    go_live = models.DateField(_("ngày đưa vào vận hành"), null=True, blank=True)
    proposed_level = models.PositiveSmallIntegerField(_("cấp độ đề xuất"), null=True, blank=True)
    approved_level = models.PositiveSmallIntegerField(_("cấp độ được phê duyệt"), null=True, blank=True, db_index=True)

    scope_fields = ("owner__path", "operator__path")
    audit_org_fields = ("operator", "owner")

    class Meta:
        ordering = ["name"]
        verbose_name = _("hệ thống thông tin")
        verbose_name_plural = _("hệ thống thông tin")

    def __str__(self) -> str:
        return self.name

    def search_source(self) -> str:
        return self.name


class SystemProduct(models.Model):
    """A product (software or device) with its version that a system runs; warnings target
    systems by matching these."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="products")
    vendor = models.CharField(_("hãng"), max_length=120, blank=True)
    product = models.CharField(_("sản phẩm"), max_length=160)
    version = models.CharField(_("phiên bản"), max_length=60, blank=True)
    product_key = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["vendor", "product", "version"]
        verbose_name = _("sản phẩm của hệ thống")

    def __str__(self) -> str:
        return " ".join(p for p in (self.vendor, self.product, self.version) if p)

    def save(self, *args, **kwargs):
        from attt.core.text import fold

        self.product_key = fold(f"{self.vendor} {self.product}")
        super().save(*args, **kwargs)
