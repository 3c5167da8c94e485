"""The supplier register, contracts with their security commitments, and supplier assessments."""
from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.models import SearchableModel
from attt.core.paths import CopiedPathsQuerySet, PathCopy, PathField

from .base import OwnedModel

# The checklist of security commitments a contract binds the supplier to (seeds 002, 003).
COMMITMENTS = (
    ("confidentiality", _("Cam kết bảo mật thông tin")),
    ("incident_notification", _("Thông báo sự cố trong thời hạn cam kết")),
    ("access_control", _("Kiểm soát truy cập của nhân sự nhà cung cấp")),
    ("data_location", _("Dữ liệu lưu trữ tại Việt Nam, vị trí xác định")),
    ("exit", _("Bàn giao dữ liệu, chấm dứt hợp đồng an toàn")),
)


class RiskLevel(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")
    CRITICAL = "critical", _("Rất cao")


class SupplierQuerySet(CopiedPathsQuerySet):
    def visible_to(self, user, *, roles=None):
        """Rows of the provinces the user works in: `province_path IN (their roots)`, one indexed column."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        roots = {"/" + p.strip("/").split("/")[0] + "/" for p in user.scope_paths(roles=roles) if p.strip("/")}
        return self.filter(province_path__in=sorted(roots)) if roots else self.none()


class Supplier(SearchableModel, OwnedModel):
    """A supplier in the register of `organisation` (usually the province). Everyone in the province
    sees the register (a commune records its contracts with the province's suppliers); only the
    register's owner (and above) edits it: rules check `scope_paths()`, the owner's path."""

    name = models.CharField(_("tên nhà cung cấp"), max_length=300)
    tax_code = models.CharField(_("mã số thuế"), max_length=14)
    services = models.TextField(_("dịch vụ cung cấp"), blank=True)
    contacts = models.TextField(_("đầu mối liên hệ"), blank=True)
    certifications = models.TextField(_("chứng nhận, giấy phép"), blank=True)
    # Vendor names as systems list them in their products (SystemProduct.vendor), one per line: a
    # warning about the supplier's product reaches the systems that run it.
    vendor_names = models.TextField(_("tên hãng của sản phẩm (mỗi dòng một tên)"), blank=True)
    risk_level = models.CharField(_("mức rủi ro"), max_length=10, choices=RiskLevel.choices, blank=True)
    assessed_on = models.DateField(_("đánh giá gần nhất"), null=True, blank=True)
    province_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("province_path",)
    copied_paths = {**OwnedModel.copied_paths, "province_path": PathCopy("organisation__path", province=True)}
    objects = models.Manager.from_queryset(SupplierQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("nhà cung cấp")
        constraints = [models.UniqueConstraint(fields=["organisation", "tax_code"], name="uniq_supplier_tax_code")]

    def __str__(self) -> str:
        return self.name

    def search_source(self) -> str:
        return f"{self.name} {self.tax_code} {self.services}"

    def vendor_keys(self) -> list[str]:
        from attt.core.text import fold

        return sorted({fold(v) for v in self.vendor_names.splitlines() if v.strip()})

    def scope_paths(self) -> list[str]:
        """Who may act on the supplier: the register's owner and above (not the whole province)."""
        return [self.org_path or (self.organisation.path if self.organisation_id else "")]

    def get_absolute_url(self) -> str:
        return reverse("preparedness:supplier", args=[self.pk])


class Contract(SearchableModel, OwnedModel):
    """A contract of `organisation` (the client) with a supplier, serving some systems."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("nhà cung cấp"), on_delete=models.PROTECT,
                                 related_name="contracts")
    title = models.CharField(_("tên hợp đồng"), max_length=300)
    number = models.CharField(_("số hợp đồng"), max_length=80, blank=True)
    systems = models.ManyToManyField("systems.System", verbose_name=_("hệ thống liên quan"), related_name="contracts",
                                     blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"), db_index=True)
    commitments = models.JSONField(_("cam kết an toàn thông tin"), default=list, blank=True)  # keys of COMMITMENTS
    notify_hours = models.PositiveIntegerField(_("thời hạn thông báo sự cố (giờ)"), null=True, blank=True)
    data_location = models.CharField(_("nơi lưu trữ dữ liệu"), max_length=300, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["ends_on", "id"]
        verbose_name = _("hợp đồng")

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> str:
        return f"{self.title} {self.number}"

    def commitment_labels(self) -> list[str]:
        labels = dict(COMMITMENTS)
        return [str(labels.get(k, k)) for k in self.commitments]


class SupplierAssessment(OwnedModel):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("ngày đánh giá"))
    risk_level = models.CharField(_("mức rủi ro"), max_length=10, choices=RiskLevel.choices)
    notes = models.TextField(_("nhận xét"), blank=True)
    next_due = models.DateField(_("đánh giá lại trước"), null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("đánh giá nhà cung cấp")
