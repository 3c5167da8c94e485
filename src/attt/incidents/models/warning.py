"""Warnings (cảnh báo): what a specialist publishes, who is exposed, who acknowledged, who fixed."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, ScopedQuerySet, SearchableModel, TimeStampedModel
from attt.core.paths import CopiedPathsModel, PathField
from attt.core.text import fold


class WarningQuerySet(ScopedQuerySet):
    def visible_to(self, user, *, roles=None):
        """Visible to the issuer's scope and to the units it targets (no duplicate rows)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        prefixes = user.scope_paths(roles=roles)
        if not prefixes:
            return self.none()
        issuer = Q()
        target = Q()
        for prefix in prefixes:
            issuer |= Q(issuer__path__startswith=prefix)
            target |= Q(org_path__startswith=prefix)
        targeted = WarningTarget.objects.filter(target, warning=OuterRef("pk"))
        return self.filter(issuer | Q(Exists(targeted)))


class Warning(SearchableModel, ScopedModel, TimeStampedModel):
    class Severity(models.TextChoices):
        LOW = "low", _("Thấp")
        MEDIUM = "medium", _("Trung bình")
        HIGH = "high", _("Cao")
        CRITICAL = "critical", _("Nghiêm trọng")

    issuer = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT,
                               related_name="issued_warnings")
    title = models.CharField(_("tiêu đề"), max_length=255)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    cves = models.JSONField(_("mã CVE"), default=list, blank=True)
    description = models.TextField(_("nội dung cảnh báo"))
    recommended_actions = models.TextField(_("biện pháp khuyến nghị"))
    deadline = models.DateField(_("hạn khắc phục"))
    published_at = models.DateTimeField(_("phát hành lúc"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    source_incident = models.ForeignKey("incidents.Incident", verbose_name=_("từ sự cố"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="warnings")

    scope_fields = ("issuer__path",)
    audit_org_fields = ("issuer",)
    objects = models.Manager.from_queryset(WarningQuerySet)()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")

    def __str__(self) -> str:
        return self.title

    def search_source(self) -> str:
        return f"{self.title} {' '.join(self.cves or [])} {self.description[:500]}"

    def scope_paths(self) -> list[str]:
        return [self.issuer.path, *self.targets.values_list("unit__path", flat=True)]

    def get_absolute_url(self) -> str:
        return reverse("incidents:warning_detail", args=[self.pk])


class WarningProduct(models.Model):
    """An affected product. `versions`: comma-separated exact versions or prefixes ending in '*';
    empty means every version."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="products")
    vendor = models.CharField(_("hãng"), max_length=120, blank=True)
    product = models.CharField(_("sản phẩm"), max_length=160)
    versions = models.CharField(_("phiên bản bị ảnh hưởng"), max_length=300, blank=True)
    product_key = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        label = " ".join(p for p in (self.vendor, self.product) if p)
        return f"{label} ({self.versions})" if self.versions else label

    def save(self, *args, **kwargs):
        self.product_key = fold(f"{self.vendor} {self.product}")
        super().save(*args, **kwargs)

    def version_list(self) -> list[str]:
        return [v.strip() for v in self.versions.split(",") if v.strip()]

    def matches_version(self, version: str) -> bool:
        wanted = self.version_list()
        if not wanted:
            return True
        version = (version or "").strip()
        for item in wanted:
            if item.endswith("*"):
                if version.startswith(item[:-1]):
                    return True
            elif version == item:
                return True
        return False


class WarningTarget(CopiedPathsModel, TimeStampedModel):
    """A unit a warning reaches, why (matched products or by hand), and what it did about it."""

    class How(models.TextChoices):
        AUTO = "auto", _("Tự động theo sản phẩm")
        MANUAL = "manual", _("Chỉ định")

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="warning_targets")
    how = models.CharField(max_length=10, choices=How.choices)
    matched = models.TextField(_("hệ thống, sản phẩm bị ảnh hưởng"), blank=True)
    acknowledged_at = models.DateTimeField(_("đã tiếp nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    fixed_at = models.DateTimeField(_("đã khắc phục lúc"), null=True, blank=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    fix_note = models.TextField(_("kết quả khắc phục"), blank=True)
    evidence = models.FileField(upload_to="warnings/evidence/", max_length=300, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_size = models.PositiveBigIntegerField(null=True, blank=True)
    reminders = models.PositiveIntegerField(_("số lần nhắc"), default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    # A copy of unit.path (attt.core.paths): `visible_to` is a prefix filter on this table.
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("org_path",)
    copied_paths = {"org_path": "unit__path"}
    audit_org_fields = ("unit",)

    class Meta:
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["warning", "unit"], name="uniq_warning_unit")]

    def __str__(self) -> str:
        return f"{self.warning} → {self.unit}"

    def state(self, today) -> str:
        if self.fixed_at:
            return "fixed"
        if today > self.warning.deadline:
            return "late"
        if self.acknowledged_at:
            return "acknowledged"
        return "pending"


class WarningReminder(models.Model):
    """A reminder sent to a late unit (by email), kept as a record."""

    target = models.ForeignKey(WarningTarget, on_delete=models.CASCADE, related_name="reminder_log")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
