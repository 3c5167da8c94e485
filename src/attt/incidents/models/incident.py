"""An incident, the systems it hit, its timeline and its files."""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from attt.core.links import row_url
from attt.core.models import SearchableModel, TimeStampedModel
from attt.core.paths import CopiedPathsModel, PathField

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    """SC-XXXX-XXXX-XXXX: 12 characters of a 32-letter alphabet (60 bits), hard to guess."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _i in range(12))
    return f"SC-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


class Incident(SearchableModel, CopiedPathsModel, TimeStampedModel):
    class Source(models.TextChoices):
        UNIT = "unit", _("Đơn vị báo cáo")
        PUBLIC = "public", _("Người dân, doanh nghiệp báo qua đầu mối")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        VERIFYING = "verifying", _("Đang xác minh")
        HANDLING = "handling", _("Đang xử lý")
        CLOSED = "closed", _("Đã kết thúc")
        DISMISSED = "dismissed", _("Đã loại bỏ")

    class Phase(models.TextChoices):
        CONTAIN = "contain", _("Ngăn chặn")
        ERADICATE = "eradicate", _("Loại bỏ nguyên nhân")
        RECOVER = "recover", _("Khôi phục")

    class Kind(models.TextChoices):
        MALWARE = "malware", _("Mã độc")
        RANSOMWARE = "ransomware", _("Mã độc tống tiền")
        DDOS = "ddos", _("Tấn công từ chối dịch vụ")
        INTRUSION = "intrusion", _("Xâm nhập trái phép")
        DEFACEMENT = "defacement", _("Thay đổi giao diện trang web")
        PHISHING = "phishing", _("Lừa đảo, giả mạo")
        DATA_LEAK = "data_leak", _("Lộ, lọt dữ liệu")
        OUTAGE = "outage", _("Gián đoạn dịch vụ")
        OTHER = "other", _("Khác")

    class Severity(models.TextChoices):
        LOW = "low", _("Thấp")
        MEDIUM = "medium", _("Trung bình")
        HIGH = "high", _("Cao")
        CRITICAL = "critical", _("Nghiêm trọng")

    OPEN = (Status.RECEIVED, Status.VERIFYING, Status.HANDLING)

    tracking_code = models.CharField(_("mã theo dõi"), max_length=20, unique=True, default=new_tracking_code,
                                     editable=False)
    unit = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="incidents")
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.UNIT)
    regime_code = models.CharField(_("chế độ áp dụng"), max_length=40)
    title = models.CharField(_("tên sự cố"), max_length=255)
    kind = models.CharField(_("loại sự cố"), max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM,
                                db_index=True)
    # Reporter and contacts
    reporter_name = models.CharField(_("người báo cáo"), max_length=150)
    reporter_position = models.CharField(_("chức vụ, đơn vị của người báo cáo"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    reporter_email = models.EmailField(_("email"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản báo cáo"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    operator = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị vận hành"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey("orgs.Organisation", verbose_name=_("chủ quản"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    systems = models.ManyToManyField("systems.System", through="AffectedSystem", blank=True, related_name="incidents")
    providers = models.TextField(_("nhà cung cấp dịch vụ (viễn thông, Internet, CNTT)"), blank=True)
    description = models.TextField(_("mô tả sự cố"))
    detected_at = models.DateTimeField(_("thời điểm phát hiện"), db_index=True)
    detection_method = models.CharField(_("cách thức phát hiện"), max_length=255, blank=True)
    situation = models.TextField(_("tình trạng hiện tại"), blank=True)
    informed = models.TextField(_("đã thông báo cho"), blank=True)
    os_services = models.TextField(_("hệ điều hành, dịch vụ"), blank=True)
    addresses = models.TextField(_("địa chỉ IP, tên miền"), blank=True)
    measures_taken = models.TextField(_("biện pháp đã thực hiện"), blank=True)
    help_requested = models.TextField(_("đề nghị hỗ trợ"), blank=True)
    public_org_text = models.CharField(_("cơ quan, tổ chức liên quan (người dân ghi)"), max_length=255, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Handling
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    phase = models.CharField(_("giai đoạn xử lý"), max_length=12, choices=Phase.choices, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), db_index=True)
    verified_at = models.DateTimeField(_("bắt đầu xác minh lúc"), null=True, blank=True)
    handling_started_at = models.DateTimeField(_("bắt đầu xử lý lúc"), null=True, blank=True)
    response_ended_at = models.DateTimeField(_("kết thúc ứng phó lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("loại bỏ lúc"), null=True, blank=True)
    dismiss_reason = models.TextField(_("lý do loại bỏ"), blank=True)
    responders = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), blank=True,
                                        related_name="assigned_incidents")
    # The serious-incident decision
    serious = models.BooleanField(_("sự cố nghiêm trọng"), null=True, blank=True)
    serious_facts = models.JSONField(default=list, blank=True)
    serious_note = models.TextField(_("căn cứ quyết định"), blank=True)
    serious_decided_at = models.DateTimeField(null=True, blank=True)
    serious_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    # Reports upward
    notified_at = models.DateTimeField(_("đã báo cáo lên lúc"), null=True, blank=True)
    notified_to = models.TextField(_("đã báo cáo tới"), blank=True)
    # Closing report
    cause = models.TextField(_("nguyên nhân"), blank=True)
    damage = models.TextField(_("thiệt hại, ảnh hưởng"), blank=True)
    closing_summary = models.TextField(_("tóm tắt quá trình ứng phó"), blank=True)
    lessons_learned = models.TextField(_("bài học kinh nghiệm"), blank=True)

    # A copy of unit.path (attt.core.paths): `visible_to` is a prefix filter on this table.
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")

    scope_fields = ("org_path",)
    copied_paths = {"org_path": "unit__path"}
    audit_org_fields = ("unit",)

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("sự cố")
        verbose_name_plural = _("sự cố")
        indexes = [models.Index(fields=["status", "detected_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def status_label(self) -> str:
        """The status as the page reads it: the response phase only while the response runs
        ("Đang xử lý · Ngăn chặn"); once it has ended, that it waits for the closing report."""
        label = str(self.get_status_display())
        if self.status == self.Status.HANDLING:
            if self.response_ended_at:
                return f"{label} · {_('Đã kết thúc ứng phó, chờ báo cáo kết thúc')}"
            if self.phase:
                return f"{label} · {self.get_phase_display()}"
        return label

    def search_source(self) -> str:
        return f"{self.title} {self.tracking_code} {self.description[:500]} {self.addresses} {self.reporter_name}"

    def get_absolute_url(self) -> str:
        return row_url("incidents:detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def max_level(self) -> int | None:
        levels = [a.level for a in self.affected.all() if a.level]
        return max(levels) if levels else None


class AffectedSystem(models.Model):
    """A system hit by the incident, with its level as it stood when the incident was reported."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected")
    system = models.ForeignKey("systems.System", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("cấp độ"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "system"], name="uniq_incident_system")]


class IncidentEvent(models.Model):
    """One line of the timeline. `public` lines are shown on the citizen's tracking page."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Tiếp nhận")
        STATUS = "status", _("Chuyển trạng thái")
        PHASE = "phase", _("Giai đoạn xử lý")
        ACTION = "action", _("Hành động")
        ASSIGN = "assign", _("Phân công")
        SERIOUS = "serious", _("Đánh giá mức nghiêm trọng")
        EVIDENCE = "evidence", _("Chứng cứ")
        NOTIFY = "notify", _("Báo cáo lên")
        CLOSE = "close", _("Kết thúc")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField()
    public = models.BooleanField(_("hiển thị cho người báo"), default=False)

    class Meta:
        ordering = ["at", "id"]


def evidence_path(instance, filename: str) -> str:
    return f"incidents/{instance.incident_id}/{instance.sha256[:16]}-{filename[-80:]}"


class IncidentFile(models.Model):
    """An attachment or evidence file; its sha256 is computed on upload."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=100)
    description = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    from_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class ClockReminder(models.Model):
    """One reminder to the province's specialists that a legal clock of an incident is overdue,
    for one day: the unique constraint makes the daily job idempotent."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="clock_reminders")
    clock_id = models.CharField(_("thời hạn"), max_length=80)
    day = models.DateField(_("ngày"))
    due = models.DateTimeField(_("hạn"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    emails = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("nhắc thời hạn quá hạn")
        constraints = [models.UniqueConstraint(fields=["incident", "clock_id", "day"],
                                               name="uniq_clock_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.incident_id} · {self.clock_id} · {self.day:%d/%m/%Y}"
