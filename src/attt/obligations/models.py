"""Recurring duties: the rules (copied from the regimes and from directives, versioned), the
per-province settings, the occurrences generated per unit and per system, and submissions."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.links import row_url
from attt.core.models import ScopedModel, ScopedQuerySet, SearchableModel, TimeStampedModel
from attt.systems.models.paths import PathField


class ProvinceSetting(TimeStampedModel, ScopedModel):
    """Where provinces differ: the due days of the quarterly reports (seed 000: 15; seed 001: 20)."""

    province = models.OneToOneField("orgs.Organisation", verbose_name=_("tỉnh"), on_delete=models.CASCADE,
                                    related_name="duty_setting")
    quarterly_report_due_day = models.PositiveSmallIntegerField(
        _("ngày hạn báo cáo quý của đơn vị (tháng cuối quý)"), default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)])
    province_report_due_day = models.PositiveSmallIntegerField(
        _("ngày hạn báo cáo quý của tỉnh gửi cấp trên (tháng cuối quý)"), default=20,
        validators=[MinValueValidator(1), MaxValueValidator(31)])

    scope_fields = ("province__path",)
    audit_org_fields = ("province",)
    SETTING_FIELDS = ("quarterly_report_due_day", "province_report_due_day")

    class Meta:
        verbose_name = _("thiết lập của tỉnh")

    def __str__(self) -> str:
        return str(self.province)

    def as_settings(self) -> dict:
        return {name: getattr(self, name) for name in self.SETTING_FIELDS}


class DutyRule(TimeStampedModel):
    """One version of a periodic-duty rule. Regime rules are copied from the regime YAML by
    `sync_duty_rules()`; directive rules come from a directive's recurring task and target one
    organisation. Editing makes a new version; only the latest version of a key is active."""

    class AppliesTo(models.TextChoices):
        UNIT = "unit", _("Đơn vị")
        SYSTEM = "system", _("Hệ thống thông tin")

    class Origin(models.TextChoices):
        REGIME = "regime", _("Quy định")
        DIRECTIVE = "directive", _("Văn bản chỉ đạo")

    key = models.CharField(max_length=160, db_index=True, editable=False)  # "<regime>:<code>", same across versions
    regime_code = models.CharField(_("chế độ"), max_length=40)
    code = models.CharField(_("mã"), max_length=120)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.REGIME)
    title = models.CharField(_("tên nhiệm vụ"), max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    applies_to = models.CharField(_("áp dụng cho"), max_length=10, choices=AppliesTo.choices)
    min_level = models.PositiveSmallIntegerField(_("từ cấp độ"), null=True, blank=True)
    max_level = models.PositiveSmallIntegerField(_("đến cấp độ"), null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(_("chu kỳ (tháng)"), null=True, blank=True)
    due = models.JSONField(_("quy tắc hạn"), default=dict)
    actor = models.CharField(max_length=40, blank=True)
    target_kinds = models.JSONField(_("loại đơn vị thực hiện"), default=list, blank=True)
    # Kinds of units whose occurrence is fulfilled by the parent unit's record (regime data).
    covered_by_parent = models.JSONField(_("đơn vị cấp trên thực hiện thay cho"), default=list, blank=True)
    source = models.CharField(_("căn cứ"), max_length=400, blank=True)
    unverified = models.BooleanField(default=False)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    organisation = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")  # directive rules: the one unit they bind
    # Directive rules made when a directive is published: the task they come from (None when the
    # task was deleted since, or for rules made by hand from a deadline).
    source_task = models.ForeignKey("directives.Task", verbose_name=_("nhiệm vụ nguồn"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="duty_rules")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["regime_code", "code", "-version"]
        verbose_name = _("quy tắc nhiệm vụ định kỳ")
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="uniq_duty_rule_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("obligations:rule_edit", args=[self.pk])

    def applies_to_level(self, level: int | None) -> bool:
        if level is None:
            return False
        return (self.min_level is None or level >= self.min_level) and (
            self.max_level is None or level <= self.max_level)


def _paths_by_id(model, column: str, ids) -> dict[int, str]:
    ids, found = sorted({i for i in ids if i is not None}), {}
    for start in range(0, len(ids), 900):
        found.update(model.objects.filter(pk__in=ids[start:start + 900]).values_list("pk", column))
    return found


def fill_scope_paths(objs) -> None:
    """Set `org_path`/`system_owner_path` on occurrences that lack them (two queries at most)."""
    from attt.orgs.models import Organisation
    from attt.systems.models import System

    missing = [o for o in objs if not o.org_path or (o.system_id and not o.system_owner_path)]
    if not missing:
        return
    orgs = _paths_by_id(Organisation, "path", [o.organisation_id for o in missing if not o.org_path])
    systems = _paths_by_id(System, "owner_path", [o.system_id for o in missing if not o.system_owner_path])
    for obj in missing:
        obj.org_path = obj.org_path or orgs.get(obj.organisation_id, "")
        if obj.system_id:
            obj.system_owner_path = obj.system_owner_path or systems.get(obj.system_id, "")


class OccurrenceQuerySet(ScopedQuerySet):
    """Keeps the copied paths right on `bulk_create`, which skips `save()`."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_scope_paths(objs)
        return super().bulk_create(objs, *args, **kwargs)


OccurrenceManager = models.Manager.from_queryset(OccurrenceQuerySet)


class Occurrence(SearchableModel, TimeStampedModel, ScopedModel):
    """One due instance of a duty for one unit, or one system (then `organisation` is its operator)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa nộp")
        SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
        ACCEPTED = "accepted", _("Đã chấp nhận")
        RETURNED = "returned", _("Bị trả lại")

    OPEN = (Status.PENDING, Status.RETURNED)

    rule = models.ForeignKey(DutyRule, on_delete=models.PROTECT, related_name="occurrences")
    rule_key = models.CharField(max_length=160, db_index=True)
    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                     related_name="duty_occurrences")
    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="duty_occurrences")
    target_key = models.CharField(max_length=24)  # "o<org id>" or "s<system id>"
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    period_start = models.DateField(_("đầu kỳ"))
    period_end = models.DateField(_("cuối kỳ"))
    due_date = models.DateField(_("hạn"), db_index=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    overdue_marked_on = models.DateField(_("ghi nhận quá hạn ngày"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Copies of organisation.path and system.owner.path (see `attt.obligations.scope`), so that
    # `visible_to` is a prefix filter on this table's indexed columns, never an OR across joins.
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")
    system_owner_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("org_path", "system_owner_path")
    audit_org_fields = ("organisation",)

    objects = OccurrenceManager()

    class Meta:
        ordering = ["due_date", "title"]
        verbose_name = _("kỳ thực hiện nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["rule_key", "target_key", "period_start"],
                                               name="uniq_occurrence_per_period")]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["organisation", "due_date"]),
                   # the order of the duties list (keyset pages: attt.core.keyset)
                   models.Index(fields=["due_date", "org_path", "title", "id"], name="obl_occ_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.title} · {self.due_date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"organisation", "organisation_id", "system", "system_id"} & set(update_fields):
            self.org_path = self.organisation.path if self.organisation_id else ""
            self.system_owner_path = self.system.owner_path if self.system_id else ""
            if update_fields is not None:
                kwargs["update_fields"] = set(update_fields) | {"org_path", "system_owner_path"}
        super().save(*args, **kwargs)

    def search_source(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("obligations:occurrence", self.pk)

    def is_overdue_on(self, day) -> bool:
        return self.status in self.OPEN and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        from attt.core import clock

        return self.is_overdue_on(clock.today())

    @property
    def submitted_late(self) -> bool:
        from attt.core import dates

        return bool(self.submitted_at and dates.local_date(self.submitted_at) > self.due_date)


def evidence_path(instance, filename: str) -> str:
    return f"obligations/{instance.occurrence_id}/{instance.sha256[:16]}-{instance.version}"


class Submission(TimeStampedModel, ScopedModel):
    """One submission (a version) of an occurrence, with its evidence file and its review."""

    class Review(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        ACCEPTED = "accepted", _("Chấp nhận")
        RETURNED = "returned", _("Trả lại")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveSmallIntegerField(default=1)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    note = models.TextField(_("nội dung báo cáo"), blank=True)
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=120, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # Or, instead of a file: the record in ATTT that proves the duty (a sent report, an imported
    # scan, a drill, an approved plan or dossier). See `attt.obligations.fulfilment`.
    record_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record_label = models.CharField(_("hồ sơ chứng minh"), max_length=300, blank=True)
    record_url = models.CharField(max_length=300, blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("nhận xét"), blank=True)

    scope_fields = ("occurrence__org_path", "occurrence__system_owner_path")

    class Meta:
        ordering = ["-version"]
        verbose_name = _("bài nộp")
        constraints = [models.UniqueConstraint(fields=["occurrence", "version"], name="uniq_submission_version")]
        indexes = [models.Index(fields=["record_type", "record_id"], name="obl_submission_record")]

    def __str__(self) -> str:
        return f"{self.occurrence} · v{self.version}"

    def scope_paths(self) -> list[str]:
        return self.occurrence.scope_paths()

    @property
    def audit_org(self):
        return self.occurrence.organisation
