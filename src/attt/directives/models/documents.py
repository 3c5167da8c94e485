"""The imported document, the directive it carries, its tasks and deadlines, and the library of
known documents that references point to."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.models import SearchManager, ScopedModel, SearchableModel, TimeStampedModel
from attt.core.text import fold


def symbol_key(symbol: str) -> str:
    """A document symbol folded for matching: no diacritics, upper case, no spaces."""
    return fold(symbol).upper().replace(" ", "")


class KnownDocument(SearchableModel, TimeStampedModel):
    """A law, decree, plan or earlier dispatch the province has seen cited or imported."""

    symbol = models.CharField(_("số, ký hiệu"), max_length=120)
    symbol_key = models.CharField(max_length=120, unique=True, editable=False)
    kind = models.CharField(_("loại văn bản"), max_length=40, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)

    objects = SearchManager()  # the library is shared by every province: searchable, not scoped

    class Meta:
        ordering = ["-date", "symbol"]
        verbose_name = _("văn bản đã biết")
        verbose_name_plural = _("thư viện văn bản")

    def __str__(self) -> str:
        return f"{self.kind} {self.symbol}".strip()

    def search_source(self) -> str:
        return f"{self.kind} {self.symbol} {self.title}"

    def save(self, *args, **kwargs):
        self.symbol_key = symbol_key(self.symbol)
        super().save(*args, **kwargs)


def _upload_to(instance, filename: str) -> str:
    return f"directives/{instance.sha256[:2]}/{instance.sha256}/{filename[-120:]}"


class DirectiveDocument(TimeStampedModel):
    """The uploaded file as received, its text and the raw extraction (with spans)."""

    file = models.FileField(_("tệp"), upload_to=_upload_to, max_length=300)
    filename = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    text = models.TextField(_("nội dung văn bản"))
    extraction = models.JSONField(_("kết quả trích xuất"), default=dict)  # to_dict(with_spans=True)

    class Meta:
        verbose_name = _("tệp văn bản")


class Directive(SearchableModel, ScopedModel, TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang rà soát")
        PUBLISHED = "published", _("Đã giao việc")

    class DocType(models.TextChoices):
        CONG_VAN = "cong_van", _("Công văn")
        CHI_THI = "chi_thi", _("Chỉ thị")
        KE_HOACH = "ke_hoach", _("Kế hoạch")
        CONG_DIEN = "cong_dien", _("Công điện")
        QUYET_DINH = "quyet_dinh", _("Quyết định")
        THONG_BAO = "thong_bao", _("Thông báo")
        BAO_CAO = "bao_cao", _("Báo cáo")
        OTHER = "other", _("Khác")

    province = models.ForeignKey("orgs.Organisation", verbose_name=_("tỉnh"), on_delete=models.PROTECT,
                                 related_name="directives")
    document = models.OneToOneField(DirectiveDocument, on_delete=models.PROTECT, related_name="directive")
    number = models.CharField(_("số, ký hiệu"), max_length=120, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices, default=DocType.OTHER)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    recipients = models.JSONField(_("nơi nhận (Kính gửi)"), default=list, blank=True)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _("đôn đốc trước hạn (ngày)"), default=3,
        help_text=_("Số ngày trước hạn gửi nhắc việc tự động."))
    warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(_("giao việc lúc"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    references = models.ManyToManyField(KnownDocument, through="DirectiveReference", related_name="cited_by",
                                        blank=True)

    scope_fields = ("province__path",)
    audit_org_fields = ("province",)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")

    def __str__(self) -> str:
        label = self.number or _("(chưa có số)")
        return f"{label} · {self.subject[:80]}" if self.subject else str(label)

    def search_source(self) -> str:
        return f"{self.number} {self.subject} {self.issuer}"

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class DirectiveReference(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="reference_links")
    document = models.ForeignKey(KnownDocument, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    span = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["directive", "document"], name="uniq_directive_reference")]


class Task(TimeStampedModel, ScopedModel):
    """One assignment of work in the directive, as extracted or as the officer wrote it."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField(_("mục"), max_length=40, blank=True)
    text = models.TextField(_("nội dung nhiệm vụ"))
    assignees = models.JSONField(_("đơn vị thực hiện (như văn bản ghi)"), default=list, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    spans = models.JSONField(default=list, blank=True)  # [[start, end], ...] in the document text
    # OCR text: `text` is the sentence with its letters restored, `source_text` as it was printed.
    source_text = models.TextField(_("nguyên văn trong văn bản"), blank=True)
    # What the extractor was unsure of, for the reviewer: [{"kind": "assignee" | "period" | "no_lead",
    # "text": ..., "candidate": ..., "date": ...}]; emptied once a person has reviewed the task.
    unsure = models.JSONField(default=list, blank=True)
    manual = models.BooleanField(default=False)

    scope_fields = ("directive__province__path",)

    class Meta:
        ordering = ["directive", "position", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:80]}".strip()


class TaskDeadline(models.Model):
    class Kind(models.TextChoices):
        DATE = "date", _("Ngày cụ thể")
        RECURRING = "recurring", _("Định kỳ")
        EVENT = "event", _("Khi có sự kiện")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField(null=True, blank=True)
    every_months = models.PositiveSmallIntegerField(null=True, blank=True)
    due_day = models.PositiveSmallIntegerField(null=True, blank=True)
    due_month_of_period = models.CharField(max_length=8, blank=True)
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True)
    span = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["task", "id"]

    def __str__(self) -> str:
        if self.kind == self.Kind.DATE:
            return self.date.strftime("%d/%m/%Y") if self.date else ""
        if self.kind == self.Kind.RECURRING:
            return str(_("định kỳ %(n)s tháng") % {"n": self.every_months})
        return self.text
