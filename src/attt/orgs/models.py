"""The organisation tree, its users, their memberships and API tokens."""
from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, ScopedQuerySet, SearchableModel, TimeStampedModel

from .roles import PROVINCE_ROLES, Role


class Organisation(SearchableModel, ScopedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE = "commune", _("Xã, phường, đặc khu")
        SERVICE_CENTRE = "service_centre", _("Trung tâm phục vụ hành chính công")
        POLICE = "police", _("Công an")
        RESPONSE_TEAM = "response_team", _("Đội ứng cứu sự cố")
        PROVIDER = "provider", _("Doanh nghiệp viễn thông, Internet")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    admin_code = models.CharField(_("mã hành chính"), max_length=20, blank=True)
    incident_phone = models.CharField(_("điện thoại báo sự cố"), max_length=40, blank=True)
    incident_email = models.EmailField(_("email báo sự cố"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    # official documents (NĐ 30/2020): the registered abbreviation in số/ký hiệu, and who signs
    abbreviation = models.CharField(_("chữ viết tắt tên cơ quan (ký hiệu văn bản)"), max_length=30, blank=True)
    head_title = models.CharField(_("chức vụ người đứng đầu"), max_length=120, blank=True)
    head_name = models.CharField(_("họ tên người đứng đầu"), max_length=120, blank=True)
    deputy_title = models.CharField(_("chức vụ cấp phó ký thay"), max_length=120, blank=True)
    deputy_name = models.CharField(_("họ tên cấp phó ký thay"), max_length=120, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey("self", verbose_name=_("đơn vị kế thừa"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="predecessors")

    scope_fields = ("path",)

    class Meta:
        ordering = ["path"]
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        indexes = [models.Index(fields=["kind", "path"])]

    def __str__(self) -> str:
        return self.name

    def search_source(self) -> str:
        return f"{self.name} {self.short_name} {self.code}"

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    def province_path(self) -> str:
        """The path of the root of this organisation's tree (its province)."""
        first = self.path.strip("/").split("/")[0] if self.path else ""
        return f"/{first}/" if first else ""

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("orgs:detail", args=[self.pk])


class OrganisationName(models.Model):
    """A former name of an organisation, kept when it is renamed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=255)
    valid_to = models.DateField()

    class Meta:
        ordering = ["-valid_to"]


class UserQuerySet(ScopedQuerySet):
    def visible_to(self, user, *, roles=None):
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        prefixes = user.scope_paths(roles=roles)
        condition = Q(pk=user.pk)
        for prefix in prefixes:
            condition |= Q(memberships__organisation__path__startswith=prefix)
        return self.filter(condition).distinct()


class AtttUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)

    objects = AtttUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def _memberships(self) -> list[tuple[str, str, int]]:
        cache = getattr(self, "_membership_cache", None)
        if cache is None:
            cache = list(
                self.memberships.filter(active=True).values_list("role", "scope_path", "organisation_id")
            )
            self._membership_cache = cache
        return cache

    def forget_memberships(self) -> None:
        self.__dict__.pop("_membership_cache", None)
        self.__dict__.pop("_active_memberships", None)

    def active_memberships(self) -> list:
        """The user's active memberships with their organisations, oldest first (read once per
        user object, i.e. once per request)."""
        cache = getattr(self, "_active_memberships", None)
        if cache is None:
            cache = list(self.memberships.filter(active=True).select_related("organisation").order_by("id"))
            self._active_memberships = cache
        return cache

    def scope_paths(self, *, roles=None) -> list[str]:
        paths = {path for role, path, _org in self._memberships() if roles is None or role in roles}
        # A path inside another one adds nothing.
        return sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))

    def role_codes(self) -> set[str]:
        return {role for role, _p, _o in self._memberships()}

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes() & set(roles))

    def primary_membership(self):
        memberships = self.active_memberships()
        return memberships[0] if memberships else None


class Membership(TimeStampedModel, ScopedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    scope_path = models.CharField(max_length=400, editable=False, db_index=True)
    active = models.BooleanField(default=True)

    scope_fields = ("organisation__path",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="uniq_membership")]
        verbose_name = _("thành viên")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def compute_scope_path(self) -> str:
        if self.role in PROVINCE_ROLES:
            return self.organisation.province_path()
        return self.organisation.path


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; it acts with its user's rights."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()
