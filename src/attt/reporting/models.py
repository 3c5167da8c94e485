"""Coverage snapshots, the four-layer status of systems, periodic reports and their rows."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, TimeStampedModel

COVERAGE_FIELDS = [
    # field, label, denominator field (or None)
    ("computers_total", _("Máy tính đang sử dụng"), None),
    ("computers_antimalware", _("Máy tính có phòng chống mã độc tập trung"), "computers_total"),
    ("computers_licensed_os", _("Máy tính dùng hệ điều hành có bản quyền"), "computers_total"),
    ("systems_total", _("Hệ thống thông tin quan trọng"), None),
    ("systems_soc", _("Hệ thống được giám sát SOC"), "systems_total"),
    ("staff_security", _("Cán bộ làm nhiệm vụ ATTT"), None),
    ("staff_trained", _("Cán bộ ATTT đã được đào tạo"), "staff_security"),
    ("trainings_held", _("Lớp đào tạo, tập huấn đã tổ chức"), None),
    ("drills_held", _("Cuộc diễn tập đã tổ chức"), None),
    ("it_plans", _("Kế hoạch, dự án CNTT"), None),
    ("it_budget_total", _("Tổng kinh phí kế hoạch, dự án CNTT (đồng)"), None),
    ("security_budget", _("Kinh phí dành cho ATTT (đồng)"), "it_budget_total"),
]
COVERAGE_NAMES = [f for f, _l, _d in COVERAGE_FIELDS]


class CoverageSnapshot(ScopedModel, TimeStampedModel):
    """The coverage figures of one unit (its own computers, systems, staff, budget: not its
    sub-units') on one date. Snapshots are never edited: a new figure is a new snapshot."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Nhập tay")
        IMPORT = "import", _("Nhập từ Excel")
        API = "api", _("API")
        DEMO = "demo", _("Dữ liệu mẫu")

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                     related_name="coverage_snapshots")
    as_of = models.DateField(_("số liệu tại ngày"))
    computers_total = models.PositiveIntegerField(_("máy tính đang sử dụng"), default=0)
    computers_antimalware = models.PositiveIntegerField(_("có phòng chống mã độc tập trung"), default=0)
    computers_licensed_os = models.PositiveIntegerField(_("hệ điều hành có bản quyền"), default=0)
    systems_total = models.PositiveIntegerField(_("hệ thống thông tin quan trọng"), default=0)
    systems_soc = models.PositiveIntegerField(_("hệ thống được giám sát SOC"), default=0)
    staff_security = models.PositiveIntegerField(_("cán bộ làm nhiệm vụ ATTT"), default=0)
    staff_trained = models.PositiveIntegerField(_("cán bộ ATTT đã được đào tạo"), default=0)
    trainings_held = models.PositiveIntegerField(_("lớp đào tạo đã tổ chức"), default=0)
    drills_held = models.PositiveIntegerField(_("cuộc diễn tập đã tổ chức"), default=0)
    it_plans = models.PositiveIntegerField(_("số kế hoạch, dự án CNTT"), default=0)
    it_budget_total = models.DecimalField(_("tổng kinh phí CNTT (đồng)"), max_digits=18, decimal_places=0, default=0)
    security_budget = models.DecimalField(_("kinh phí ATTT (đồng)"), max_digits=18, decimal_places=0, default=0)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    scope_fields = ("organisation__path",)
    audit_org_fields = ("organisation",)

    class Meta:
        ordering = ["organisation__path", "-as_of"]
        verbose_name = _("số liệu bao phủ")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "as_of"], name="coverage_one_per_day"),
            models.CheckConstraint(condition=Q(computers_antimalware__lte=F("computers_total")), name="cov_av_le_total"),
            models.CheckConstraint(condition=Q(computers_licensed_os__lte=F("computers_total")), name="cov_os_le_total"),
            models.CheckConstraint(condition=Q(systems_soc__lte=F("systems_total")), name="cov_soc_le_total"),
            models.CheckConstraint(condition=Q(staff_trained__lte=F("staff_security")), name="cov_trained_le_staff"),
            models.CheckConstraint(condition=Q(security_budget__lte=F("it_budget_total")), name="cov_budget_le_total"),
        ]
        indexes = [models.Index(fields=["organisation", "as_of"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.as_of:%d/%m/%Y}"

    def values(self) -> dict:
        return {name: getattr(self, name) for name in COVERAGE_NAMES}


class SystemLayers(ScopedModel, TimeStampedModel):
    """The four-layer protection model of one system on one date."""

    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống"), on_delete=models.CASCADE,
                               related_name="layer_statuses")
    as_of = models.DateField(_("tại ngày"))
    onsite_force = models.BooleanField(_("lớp 1: lực lượng tại chỗ"), default=False)
    professional_monitoring = models.BooleanField(_("lớp 2: giám sát, bảo vệ chuyên nghiệp (SOC)"), default=False)
    independent_inspection = models.BooleanField(_("lớp 3: kiểm tra, đánh giá độc lập"), default=False)
    national_connection = models.BooleanField(_("lớp 4: kết nối hệ thống giám sát quốc gia"), default=False)
    monitoring_provider = models.CharField(_("đơn vị giám sát"), max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    scope_fields = ("system__owner__path", "system__operator__path")
    audit_org_fields = ()

    LAYERS = ("onsite_force", "professional_monitoring", "independent_inspection", "national_connection")

    class Meta:
        ordering = ["system__name", "-as_of"]
        verbose_name = _("mô hình 4 lớp")
        constraints = [models.UniqueConstraint(fields=["system", "as_of"], name="layers_one_per_day")]

    def __str__(self) -> str:
        return f"{self.system} · {self.as_of:%d/%m/%Y}"

    def layer_count(self) -> int:
        return sum(1 for name in self.LAYERS if getattr(self, name))


class Report(ScopedModel, TimeStampedModel):
    """A periodic report of a unit (or of the province). Drafts are pre-filled from the platform
    and editable; a submitted report is frozen; a correction is a new version."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("Báo cáo của đơn vị")
        PROVINCE = "province", _("Báo cáo của tỉnh")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã gửi")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                                     related_name="reports")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.UNIT)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), default=0)  # 0: annual report
    version = models.PositiveSmallIntegerField(_("lần"), default=1)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("kính gửi"), blank=True)
    summary = models.TextField(_("đánh giá chung"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    correction_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    due_date = models.DateField(_("hạn gửi"))
    figures = models.JSONField(default=dict, blank=True)  # {section: {"available", "note", "figures": [[k, label, v]]}}
    generated_at = models.DateTimeField(_("lấy số liệu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")

    scope_fields = ("organisation__path",)
    audit_org_fields = ("organisation",)

    class Meta:
        ordering = ["-year", "-quarter", "organisation__path", "-version"]
        verbose_name = _("báo cáo định kỳ")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "year", "quarter", "version"],
                                    name="report_version_unique"),
            models.UniqueConstraint(fields=["organisation", "kind", "year", "quarter"],
                                    condition=Q(status="draft"), name="report_one_draft"),
            models.UniqueConstraint(fields=["organisation", "kind", "year", "quarter"],
                                    condition=Q(status="submitted"), name="report_one_submitted"),
        ]
        indexes = [models.Index(fields=["kind", "year", "quarter", "status"])]

    def __str__(self) -> str:
        return f"{self.title()} · {self.organisation}"

    @property
    def period(self):
        from .periods import Period

        return Period(self.year, self.quarter)

    def title(self) -> str:
        return f"Báo cáo tình hình bảo đảm an toàn thông tin mạng {self.period.label()}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def figure(self, section: str, key: str, default=0):
        for k, _label, value in (self.figures.get(section) or {}).get("figures", []):
            if k == key:
                return value
        return default

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:report_detail", args=[self.pk])


class ReportRow(models.Model):
    """A row of a report's annex table, stored so that a submitted report stays as it was sent
    and so that exports stream rows instead of loading everything."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="rows")
    section = models.CharField(max_length=40)
    seq = models.PositiveIntegerField()
    values = models.JSONField(default=list)

    class Meta:
        ordering = ["report", "section", "seq"]
        indexes = [models.Index(fields=["report", "section", "seq"])]
