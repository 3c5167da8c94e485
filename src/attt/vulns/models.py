"""Vulnerability management and SOC intake: system addresses, scans, findings, SOC alerts.

Every scoped row carries the organisation paths it is reached by as its own indexed columns
(`owner_path`/`operator_path` copied from its system, or `org_path` of the importing unit), so
`visible_to` is a prefix filter on one table (see systems/models/paths.py).
"""
from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from attt.core.models import ScopedModel, TimeStampedModel
from attt.systems.models.paths import PathField


class SystemPaths(models.Model):
    """The system's organisation paths, copied on save (scoping without joins)."""

    owner_path = PathField(max_length=400, db_index=True, editable=False, default="")
    operator_path = PathField(max_length=400, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def copy_paths(self, system) -> None:
        self.owner_path, self.operator_path = system.owner_path, system.operator_path


def ip_key(value: str) -> str:
    """An address as 32 hex digits (IPv4 mapped into IPv6), so ranges compare as strings."""
    addr = ipaddress.ip_address(value.strip())
    if addr.version == 4:
        addr = ipaddress.IPv6Address("::ffff:" + str(addr))
    return f"{int(addr):032x}"


class SystemAddress(SystemPaths, ScopedModel, TimeStampedModel):
    """An address of a system: what scan hosts and SOC agents are matched against."""

    class Kind(models.TextChoices):
        IP = "ip", _("Địa chỉ IP")
        CIDR = "cidr", _("Dải mạng (CIDR)")
        RANGE = "range", _("Khoảng địa chỉ IP")
        HOSTNAME = "hostname", _("Tên máy, tên miền")
        URL = "url", _("Địa chỉ URL")

    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống"), on_delete=models.CASCADE,
                               related_name="net_addresses")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("giá trị"), max_length=300)
    # Normalised for matching: ip/cidr/range -> [ip_start, ip_end]; hostname/url -> name (lower case).
    ip_start = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    ip_end = models.CharField(max_length=32, blank=True, editable=False)
    name = models.CharField(max_length=300, blank=True, db_index=True, editable=False)

    scope_fields = ("owner_path", "operator_path")

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("địa chỉ của hệ thống")
        constraints = [models.UniqueConstraint(fields=["system", "kind", "value"], name="vulns_address_unique")]

    def __str__(self) -> str:
        return self.value

    def save(self, *args, **kwargs):
        self.copy_paths(self.system)
        super().save(*args, **kwargs)


class Scan(ScopedModel, TimeStampedModel):
    """One imported scan file: the evidence of what a scanner saw, and of what it no longer saw."""

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị nhập"), on_delete=models.PROTECT,
                                     related_name="+")
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")
    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống chỉ định"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    scanner = models.CharField(_("định dạng"), max_length=10)
    filename = models.CharField(_("tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    summary = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)  # the product clock's time

    scope_fields = ("org_path",)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bản quét lỗ hổng")

    def __str__(self) -> str:
        return f"{self.filename} ({self.scanner})"

    def save(self, *args, **kwargs):
        self.org_path = self.organisation.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("vulns:scan", args=[self.pk])


class HostAssignment(ScopedModel, TimeStampedModel):
    """A host seen by a scan of a unit that matched none of its systems' addresses; once the unit
    assigns it to a system, later imports put its findings there."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")
    host = models.CharField(_("máy"), max_length=300)
    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    last_scan = models.ForeignKey(Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    findings_seen = models.PositiveIntegerField(default=0)
    # Findings of this host kept while it belongs to no system (PendingFinding), recounted by each
    # import and emptied when the unit assigns the host.
    findings_pending = models.PositiveIntegerField(default=0)

    scope_fields = ("org_path",)

    class Meta:
        ordering = ["host"]
        constraints = [models.UniqueConstraint(fields=["organisation", "host"], name="vulns_host_unique")]

    def save(self, *args, **kwargs):
        self.org_path = self.organisation.path
        super().save(*args, **kwargs)


class Finding(SystemPaths, ScopedModel):
    class Severity(models.IntegerChoices):
        INFO = 0, _("Thông tin")
        LOW = 1, _("Thấp")
        MEDIUM = 2, _("Trung bình")
        HIGH = 3, _("Cao")
        CRITICAL = 4, _("Nghiêm trọng")

    class State(models.TextChoices):
        OPEN = "open", _("Đang mở")
        FIXED = "fixed", _("Đã khắc phục")
        RISK_PENDING = "risk_pending", _("Chờ duyệt chấp nhận rủi ro")
        RISK_ACCEPTED = "risk_accepted", _("Chấp nhận rủi ro")
        FALSE_POSITIVE = "false_positive", _("Cảnh báo nhầm")

    ACTIVE = (State.OPEN, State.RISK_PENDING)

    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống"), on_delete=models.CASCADE,
                               related_name="findings")
    scanner = models.CharField(_("công cụ quét"), max_length=10)
    hash = models.CharField(max_length=64)
    host = models.CharField(_("máy"), max_length=300)
    port = models.CharField(_("cổng"), max_length=10, blank=True)
    protocol = models.CharField(max_length=20, blank=True)
    plugin_id = models.CharField(_("mã kiểm tra"), max_length=200, blank=True)
    title = models.CharField(_("lỗ hổng"), max_length=500)
    severity = models.PositiveSmallIntegerField(_("mức độ"), choices=Severity.choices)
    cves = models.JSONField(_("mã CVE"), default=list, blank=True)
    cve_text = models.CharField(max_length=1000, blank=True, default="")  # " CVE-2021-44228 CVE-... "
    description = models.TextField(_("mô tả"), blank=True)
    solution = models.TextField(_("cách khắc phục"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.OPEN)
    # state in ACTIVE, as one value: the list walks (active, severity, id) in index order on every database.
    active = models.BooleanField(default=True, editable=False)
    first_seen = models.DateTimeField(_("phát hiện lần đầu"))
    last_seen = models.DateTimeField(_("thấy lần cuối"))
    due_date = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("khắc phục lúc"), null=True, blank=True)
    # Few indexes on the table bulk imports write: these references are read from the finding, not searched.
    first_scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="+", db_index=False)
    last_scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="+", db_index=False)
    closed_by_scan = models.ForeignKey(Scan, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       db_index=False)
    reopened = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)
    risk_reason = models.TextField(_("lý do chấp nhận rủi ro"), blank=True)
    risk_expires = models.DateField(_("chấp nhận rủi ro đến ngày"), null=True, blank=True)
    risk_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+", db_index=False)
    risk_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+", db_index=False)

    scope_fields = ("owner_path", "operator_path")

    class Meta:
        ordering = ["-severity", "due_date", "id"]
        verbose_name = _("lỗ hổng")
        verbose_name_plural = _("lỗ hổng")
        # (hash, system): also the index of the import's lookup by hash.
        constraints = [models.UniqueConstraint(fields=["hash", "system"], name="vulns_finding_unique")]
        indexes = [
            # The list's keyset order within a scope; the unit picture's counts (index-only).
            models.Index(fields=["owner_path", "state", "severity", "id"], name="vulns_f_owner_idx"),
            models.Index(fields=["operator_path", "state", "severity", "id"], name="vulns_f_operator_idx"),
            models.Index(fields=["state", "due_date"], name="vulns_f_due_idx"),
            # The list's order (severity desc, id desc) among active findings, read in index order with no
            # sort: PostgreSQL walks (active, severity, id); SQLite merges the two states of (state, severity, id).
            models.Index(fields=["active", "severity", "id"], name="vulns_f_list_idx"),
            models.Index(fields=["state", "severity", "id"], name="vulns_f_state_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("vulns:finding", args=[self.pk])

    def save(self, *args, **kwargs):
        self.active = self.state in self.ACTIVE
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "state" in update_fields:
            kwargs["update_fields"] = set(update_fields) | {"active"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    def last_seen_scan(self) -> tuple:
        """(when, scan) this finding was last reported: its own record, or for an open finding the
        later scan that covered its host (and so saw it again)."""
        if self.state == self.State.OPEN:
            cover = HostScan.objects.filter(system_id=self.system_id, host=self.host, scanner=self.scanner,
                                            last_seen__gt=self.last_seen).select_related("last_scan").first()
            if cover is not None:
                return cover.last_seen, cover.last_scan
        return self.last_seen, self.last_scan


class PendingFinding(ScopedModel):
    """A finding of a host that matched none of the importing unit's systems: kept, linked to the
    host (its HostAssignment, so within the unit) and to the scans that reported it, until the unit
    assigns the host to a system; then it lands there as an import would have put it. A later scan
    of the host updates it (same hash), never duplicates it; one that no longer reports it drops it.
    Never counted in any figure: those read `Finding` only."""

    assignment = models.ForeignKey(HostAssignment, on_delete=models.CASCADE, related_name="pending")
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")
    scanner = models.CharField(max_length=10)
    hash = models.CharField(max_length=64)
    host = models.CharField(max_length=300)
    port = models.CharField(max_length=10, blank=True)
    protocol = models.CharField(max_length=20, blank=True)
    plugin_id = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=500)
    severity = models.PositiveSmallIntegerField(choices=Finding.Severity.choices)
    cves = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    solution = models.TextField(blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    first_scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="+", db_index=False)
    last_scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="+", db_index=False)

    scope_fields = ("org_path",)

    class Meta:
        ordering = ["assignment", "id"]
        # (assignment, hash): also the index of the per-host reads (count, landing, clean-up).
        constraints = [models.UniqueConstraint(fields=["assignment", "hash"], name="vulns_pending_unique")]

    def __str__(self) -> str:
        return self.title


class FindingTally(SystemPaths, ScopedModel):
    """Active findings per system and severity, refreshed by every write that changes them (an
    import, a state change): the unit picture reads these few rows, never the findings table."""

    system = models.ForeignKey("systems.System", on_delete=models.CASCADE, related_name="+")
    severity = models.PositiveSmallIntegerField()
    active = models.PositiveIntegerField(default=0)

    scope_fields = ("owner_path", "operator_path")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "severity"], name="vulns_tally_unique")]


class HostScan(models.Model):
    """The last scan of each scanner that covered a host of a system: when an open finding of that
    host was last seen (a covering scan that did not report it would have closed it)."""

    system = models.ForeignKey("systems.System", on_delete=models.CASCADE, related_name="+")
    host = models.CharField(max_length=300)
    scanner = models.CharField(max_length=10)
    last_scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "host", "scanner"], name="vulns_hostscan_unique")]


class FindingEvent(models.Model):
    class Kind(models.TextChoices):
        OPENED = "opened", _("Phát hiện")
        REOPENED = "reopened", _("Mở lại")
        CLOSED_BY_SCAN = "closed_by_scan", _("Bản quét không còn thấy")
        FIXED = "fixed", _("Đã khắc phục")
        RISK_REQUESTED = "risk_requested", _("Đề nghị chấp nhận rủi ro")
        RISK_APPROVED = "risk_approved", _("Duyệt chấp nhận rủi ro")
        RISK_REJECTED = "risk_rejected", _("Từ chối chấp nhận rủi ro")
        RISK_EXPIRED = "risk_expired", _("Hết hạn chấp nhận rủi ro, mở lại")
        FALSE_POSITIVE = "false_positive", _("Cảnh báo nhầm")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    text = models.TextField(blank=True)
    scan = models.ForeignKey(Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.FileField(upload_to="vulns/evidence/%Y/%m/", max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class SocSource(ScopedModel, TimeStampedModel):
    """A SOC allowed to post alerts for an organisation's subtree, with its token (hash only)."""

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                                      related_name="+")
    name = models.CharField(_("tên nguồn SOC"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    last_alert_at = models.DateTimeField(_("cảnh báo gần nhất"), null=True, blank=True)
    last_heartbeat_at = models.DateTimeField(_("tín hiệu hoạt động gần nhất"), null=True, blank=True)

    # A handful of rows: scoping through the organisation's path is cheap here.
    scope_fields = ("organisation__path",)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("nguồn SOC")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vulns:soc_source", args=[self.pk])


class SocCoverage(models.Model):
    """A system a SOC source has reported on (an alert or a heartbeat matched to it), and when."""

    source = models.ForeignKey(SocSource, on_delete=models.CASCADE, related_name="coverage")
    system = models.ForeignKey("systems.System", on_delete=models.CASCADE, related_name="+")
    last_alert_at = models.DateTimeField(null=True, blank=True)
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "system"], name="vulns_soccoverage_unique")]


class PromotionRule(ScopedModel, TimeStampedModel):
    """Alerts that become incidents by themselves at intake: those of a SOC source (or, for a
    province-wide default, of any source in the province without rules of its own) at or above a
    level and/or with one of the listed rule ids or groups. One incident per (source, alert rule,
    host) within `window_hours`: a burst makes one incident."""

    organisation = models.ForeignKey("orgs.Organisation", verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                                      related_name="+")  # the source's unit, or the province for a default
    source = models.ForeignKey(SocSource, verbose_name=_("nguồn SOC"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("tên luật"), max_length=200)
    min_level = models.PositiveSmallIntegerField(_("từ mức"), null=True, blank=True)
    rule_ids = models.JSONField(_("mã luật cảnh báo"), default=list, blank=True)
    groups = models.JSONField(_("nhóm luật"), default=list, blank=True)
    match_all = models.BooleanField(_("phải thỏa mọi điều kiện"), default=False)
    window_hours = models.PositiveSmallIntegerField(_("gộp trong (giờ)"), default=24)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    scope_fields = ("organisation__path",)

    class Meta:
        ordering = ["id"]
        verbose_name = _("luật tự động chuyển thành sự cố")

    def __str__(self) -> str:
        return self.name

    def matches(self, *, level: int, rule_id: str, groups) -> bool:
        tests = []
        if self.min_level is not None:
            tests.append(level >= self.min_level)
        if self.rule_ids:
            tests.append(rule_id in self.rule_ids)
        if self.groups:
            tests.append(bool(set(self.groups) & set(groups or ())))
        if not tests:
            return False
        return all(tests) if self.match_all else any(tests)


class Alert(SystemPaths, ScopedModel):
    class Source(models.TextChoices):
        WAZUH = "wazuh", "Wazuh"
        CEF = "cef", "CEF"

    source = models.ForeignKey(SocSource, on_delete=models.CASCADE, related_name="alerts")
    org_path = PathField(max_length=400, db_index=True, editable=False, default="")  # the SOC source's unit
    kind = models.CharField(max_length=10, choices=Source.choices)
    fingerprint = models.CharField(max_length=64)
    host = models.CharField(_("máy"), max_length=300, blank=True)
    rule_id = models.CharField(_("luật"), max_length=100, blank=True)
    level = models.PositiveSmallIntegerField(_("mức"), default=0)
    title = models.CharField(_("cảnh báo"), max_length=500)
    occurred_at = models.DateTimeField(_("thời điểm"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), db_index=True)
    count = models.PositiveIntegerField(_("số lần"), default=1)
    system = models.ForeignKey("systems.System", verbose_name=_("hệ thống"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    raw = models.JSONField(default=dict, blank=True)
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    promoted_by_rule = models.ForeignKey(PromotionRule, verbose_name=_("chuyển tự động theo luật"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")

    scope_fields = ("org_path", "owner_path", "operator_path")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("cảnh báo SOC")
        constraints = [models.UniqueConstraint(fields=["source", "fingerprint"], name="vulns_alert_unique")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("vulns:alert", args=[self.pk])


class SocContact(SystemPaths, ScopedModel):
    """The last time anything (an alert or a heartbeat) arrived from a system: `systems_under_soc`."""

    system = models.OneToOneField("systems.System", on_delete=models.CASCADE, related_name="+")
    last_alert_at = models.DateTimeField(null=True, blank=True)
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(db_index=True)

    scope_fields = ("owner_path", "operator_path")
