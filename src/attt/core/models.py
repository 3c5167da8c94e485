"""Shared kernel models: mixins for timestamps, scoping and folded search; the audit trail."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .text import fold


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class SearchQuerySet(models.QuerySet):
    def search(self, query: str | None):
        """AND of folded words over the model's folded `search_text` column, each matching the
        start of a word: "cong an" finds "Công an tỉnh", not "…hành chính công tỉnh Tuyên Quang"."""
        from .text import search_terms, word_prefix_regex

        qs = self
        for term in search_terms(query):
            qs = qs.filter(search_text__regex=word_prefix_regex(term))
        return qs


SearchManager = models.Manager.from_queryset(SearchQuerySet)


class ScopedQuerySet(SearchQuerySet):
    """`visible_to(user)`: the one scoping primitive. A row is visible when one of its
    organisation paths (the model's `scope_fields`) starts with one of the user's scope paths."""

    def visible_to(self, user, *, roles: frozenset[str] | set[str] | None = None):
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        prefixes = user.scope_paths(roles=roles)
        if not prefixes:
            return self.none()
        condition = Q()
        for prefix in prefixes:
            for field in self.model.scope_fields:
                condition |= Q(**{f"{field}__startswith": prefix})
        return self.filter(condition)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class ScopedModel(models.Model):
    """A model reached through the organisation tree. Subclasses set `scope_fields`, the lookups
    of the organisation paths that make a row visible (e.g. ("owner__path", "operator__path"))."""

    scope_fields: tuple[str, ...] = ()
    objects = ScopedManager()

    class Meta:
        abstract = True

    def scope_paths(self) -> list[str]:
        paths = []
        for field in self.scope_fields:
            value = self
            for part in field.split("__"):
                value = getattr(value, part, None) if value is not None else None
            if value:
                paths.append(value)
        return paths


class SearchableModel(models.Model):
    """Keeps `search_text`, the folded text of `search_source()`, for diacritic-free search."""

    search_text = models.TextField(editable=False, default="", db_index=False)

    class Meta:
        abstract = True

    def search_source(self) -> str:  # pragma: no cover - subclasses override
        return str(self)

    def save(self, *args, **kwargs):
        self.search_text = fold(self.search_source())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text"}
        super().save(*args, **kwargs)


class AuditEvent(models.Model):
    """One append-only, hash-chained audit event. No foreign keys: deleting a user or an
    organisation never rewrites the trail. `org_path` scopes what auditors may read."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    org_id = models.BigIntegerField(null=True, blank=True)
    org_path = models.CharField(max_length=400, blank=True, db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    scope_fields = ("org_path",)
    objects = ScopedManager()

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")


class AuditHead(models.Model):
    """A single row locked while appending, so that concurrent writers cannot fork the chain."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


def _job_result_to(instance, filename: str) -> str:
    return f"jobs/{instance.created_at:%Y/%m}/{instance.pk}-{instance.attempts}/{filename[-150:]}"


class Job(models.Model):
    """One piece of background work started by a user (publishing, an export, an import...):
    its state and progress live here, so a page can show them and a restart of the web process
    loses nothing. Its owner is the only one who sees it; a foreign id is a 404."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    FINISHED = (State.DONE, State.FAILED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.CASCADE,
                             related_name="jobs")
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("loại"), max_length=60, db_index=True)
    label = models.CharField(_("công việc"), max_length=300)
    target = models.CharField(max_length=120, blank=True, db_index=True)  # e.g. "directive:12"
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("bước"), max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to=_job_result_to, max_length=300, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    result_text = models.CharField(max_length=500, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_recent")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def is_active(self) -> bool:
        return not self.is_finished

    @property
    def elapsed_seconds(self) -> int:
        from . import clock

        if self.started_at is None:
            return 0
        end = self.finished_at or clock.now()
        return max(0, int((end - self.started_at).total_seconds()))

    @property
    def elapsed(self) -> str:
        s = self.elapsed_seconds
        return f"{s // 60:d}:{s % 60:02d}"


def _document_template_to(instance, filename: str) -> str:
    return f"document-templates/{instance.province_id}/{instance.kind}-{instance.regime or 'any'}-v{instance.version}.docx"


class DocumentTemplate(models.Model):
    """A province's own version of an official document template (core/documents). Versions only
    grow; at most one row per (province, kind, regime) is active; none active means the regime's or
    the base template is used."""

    province = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="document_templates",
                                 verbose_name=_("tỉnh"))
    kind = models.CharField(_("loại văn bản"), max_length=40)
    regime = models.CharField(_("chế độ"), max_length=60, blank=True, default="")
    version = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp"), upload_to=_document_template_to, max_length=300)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    active = models.BooleanField(_("đang dùng"), default=False)

    scope_fields = ("province__path",)

    class Meta:
        verbose_name = _("mẫu văn bản của tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["province", "kind", "regime", "version"], name="document_template_version"),
            models.UniqueConstraint(fields=["province", "kind", "regime"], condition=Q(active=True),
                                    name="document_template_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"

    def scope_paths(self) -> list[str]:
        return [self.province.path]
