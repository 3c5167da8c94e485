"""The inventory: information systems, their components and the products they run."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, ScopedQuerySet, SearchableModel, TimeStampedModel

from .paths import PathField

ORG_FIELDS = {"owner": "owner_path", "owner_id": "owner_path", "operator": "operator_path",
              "operator_id": "operator_path"}


def _org_paths(ids) -> dict[int, str]:
    from attt.orgs.models import Organisation

    ids, paths = sorted({i for i in ids if i is not None}), {}
    for start in range(0, len(ids), 900):
        paths.update(Organisation.objects.filter(pk__in=ids[start:start + 900]).values_list("pk", "path"))
    return paths


class SystemQuerySet(ScopedQuerySet):
    """Keeps `owner_path`/`operator_path` right on the bulk writes that skip `save()`."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        paths = _org_paths([o.owner_id for o in objs] + [o.operator_id for o in objs])
        for obj in objs:
            obj.owner_path, obj.operator_path = paths.get(obj.owner_id, ""), paths.get(obj.operator_id, "")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        if any(f in ORG_FIELDS for f in fields):
            paths = _org_paths([o.owner_id for o in objs] + [o.operator_id for o in objs])
            for obj in objs:
                obj.owner_path, obj.operator_path = paths.get(obj.owner_id, ""), paths.get(obj.operator_id, "")
            fields = list(dict.fromkeys([*fields, "owner_path", "operator_path"]))
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if not any(f in ORG_FIELDS for f in kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        n = super().update(**kwargs)
        from ..scope import refresh_scope_paths

        refresh_scope_paths(self.model.objects.filter(pk__in=pks))
        return n

    update.alters_data = True


SystemManager = models.Manager.from_queryset(SystemQuerySet)


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
    approved_level = models.PositiveSmallIntegerField(_("cấp độ được phê duyệt"), null=True, blank=True)

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
    # The hosting provider (an organisation, e.g. the provincial data centre) whose attested controls
    # this system inherits (see attt.preparedness.hosting).
    hosted_by = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị cung cấp hạ tầng"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="hosted_systems")
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
    # Copies of owner.path and operator.path (see models/paths.py): visibility without joins.
    owner_path = PathField(max_length=400, db_index=True, editable=False, default="")
    operator_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("owner_path", "operator_path")
    audit_org_fields = ("operator", "owner")

    class Meta:
        ordering = ["name"]
        verbose_name = _("hệ thống thông tin")
        verbose_name_plural = _("hệ thống thông tin")
        indexes = [
            models.Index(fields=["status", "approved_level"]),
            models.Index(fields=["name", "id"], name="systems_sys_name_id_idx"),
            models.Index(fields=["approved_level", "proposed_level"], name="systems_sys_levels_idx"),
            # Covers the overview's per-unit figures: an index-only scan instead of the table.
            models.Index(fields=["owner_path", "operator_path", "status", "approved_level", "proposed_level",
                                 "plan_complete", "compliance", "soc_monitored"], name="systems_sys_figures_idx"),
        ]

    objects = SystemManager()

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.owner_path = self.owner.path if self.owner_id else ""
        self.operator_path = self.operator.path if self.operator_id else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"owner_path", "operator_path"}
        super().save(*args, **kwargs)

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
