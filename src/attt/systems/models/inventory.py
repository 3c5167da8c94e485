"""The inventory: information systems, their components and the products they run."""
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

    class Hosting(models.TextChoices):
        OWN_DC = "own_dc", _("Trung tâm dữ liệu của đơn vị")
        RENTED_DC = "rented_dc", _("Thuê trung tâm dữ liệu")
        CLOUD = "cloud", _("Điện toán đám mây")
        PROVINCE_DC = "province_dc", _("Trung tâm dữ liệu dùng chung của tỉnh")

    class Info(models.TextChoices):
        PUBLIC = "public", _("Thông tin công cộng")
        PRIVATE = "private", _("Thông tin riêng")
        PERSONAL = "personal", _("Thông tin cá nhân")
        STATE_SECRET = "state_secret", _("Bí mật nhà nước")

    description = models.TextField(_("mô tả, phạm vi"), blank=True)
    regime_code = models.CharField(_("chế độ quy định áp dụng"), max_length=60, blank=True, default="",
                                   help_text=_("Để trống: chế độ đang có hiệu lực."))
    parent = models.ForeignKey("self", verbose_name=_("thuộc hệ thống"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="components")
    info_types = models.JSONField(_("loại thông tin xử lý"), default=list, blank=True)
    personal_subjects = models.PositiveIntegerField(_("số chủ thể dữ liệu cá nhân cơ bản"), default=0)
    sensitive_subjects = models.PositiveIntegerField(_("số chủ thể dữ liệu cá nhân nhạy cảm"), default=0)
    users_count = models.PositiveIntegerField(_("số người sử dụng"), default=0)
    service_maturity = models.PositiveSmallIntegerField(_("mức độ dịch vụ công trực tuyến"), default=0)
    hosting = models.CharField(_("nơi đặt hệ thống"), max_length=20, choices=Hosting.choices, default=Hosting.OWN_DC)
    network_zones = models.TextField(_("các vùng mạng"), blank=True)
    addresses = models.TextField(_("địa chỉ IP"), blank=True)
    domains = models.TextField(_("tên miền"), blank=True)
    soc_monitored = models.BooleanField(_("được giám sát bởi SOC"), default=False)
    soc_provider = models.CharField(_("đơn vị giám sát (SOC)"), max_length=200, blank=True)
    central_antimalware = models.BooleanField(_("có phòng chống mã độc tập trung"), default=False)
    # Kept up to date by the controls service, so that province figures are one SQL query.
    compliance = models.DecimalField(_("mức đáp ứng yêu cầu (%)"), max_digits=5, decimal_places=1, null=True,
                                     blank=True, db_index=True)
    plan_complete = models.BooleanField(_("đã triển khai đầy đủ phương án"), default=False, db_index=True)

    scope_fields = ("owner__path", "operator__path")
    audit_org_fields = ("operator", "owner")

    class Meta:
        ordering = ["name"]
        verbose_name = _("hệ thống thông tin")
        verbose_name_plural = _("hệ thống thông tin")
        indexes = [models.Index(fields=["status", "approved_level"])]

    def __str__(self) -> str:
        return self.name

    def search_source(self) -> str:
        return f"{self.name} {self.domains}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("systems:detail", args=[self.pk])

    @property
    def level(self) -> int | None:
        return self.approved_level or self.proposed_level

    def info_labels(self) -> list[str]:
        labels = dict(self.Info.choices)
        return [str(labels.get(v, v)) for v in self.info_types or []]


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
