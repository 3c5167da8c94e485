"""Writes on warnings: publish (with automatic targeting by registered products), add a unit by
hand, acknowledge, confirm remediation with evidence, remind the late units."""
from __future__ import annotations

import re
from collections import defaultdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError
from attt.core.text import fold

from .. import uploads
from ..models import Incident, Warning, WarningProduct, WarningReminder, WarningTarget

CVE_RE = re.compile(r"^CVE-(\d{4})-(\d{4,})$")


def parse_cves(text: str) -> list[str]:
    """CVE identifiers separated by commas, spaces or lines; each must read CVE-YYYY-NNNN(+)."""
    out = []
    for raw in re.split(r"[\s,;]+", text or ""):
        if not raw:
            continue
        cve = raw.strip().upper()
        match = CVE_RE.match(cve)
        if not match or not 1999 <= int(match.group(1)) <= 2100:
            raise DomainError(_("Mã CVE “%(c)s” không đúng dạng CVE-NĂM-SỐ (ví dụ CVE-2024-3400).") % {"c": raw[:40]},
                              field="cves")
        if cve not in out:
            out.append(cve)
    return out


def parse_products(text: str) -> list[dict]:
    """One product a line: `hãng | sản phẩm | phiên bản, phiên bản*` (the versions may be omitted)."""
    rows = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 1:
            parts = ["", parts[0], ""]
        elif len(parts) == 2:
            parts.append("")
        vendor, product, versions = parts[0], parts[1], "|".join(parts[2:])
        if not product:
            raise DomainError(_("Dòng %(n)s: thiếu tên sản phẩm.") % {"n": n}, field="products")
        rows.append({"vendor": vendor[:120], "product": product[:160], "versions": versions[:300]})
    return rows


def exposed_units(*, actor, products: list[WarningProduct]) -> dict:
    """{operator organisation: [“system: product version”, ...]} for the running systems, visible to
    the actor, that run a listed product in an affected version."""
    from attt.systems.models import System, SystemProduct

    keys = {p.product_key for p in products}
    rows = (SystemProduct.objects.filter(product_key__in=keys,
                                         system__in=System.objects.visible_to(actor).exclude(
                                             status=System.Status.RETIRED))
            .select_related("system__operator").order_by("system__name"))
    by_key = defaultdict(list)
    for p in products:
        by_key[p.product_key].append(p)
    out: dict = {}
    for row in rows:
        if any(p.matches_version(row.version) for p in by_key[row.product_key]):
            out.setdefault(row.system.operator, []).append(f"{row.system.name}: {row}")
    return out


@transaction.atomic
def warning_publish(*, actor, issuer, title: str, severity: str, cves_text: str, products_text: str,
                    description: str, recommended_actions: str, deadline, manual_units=(),
                    source_incident: Incident | None = None, allow_no_target: bool = False) -> Warning:
    """Publish a warning and target the exposed units (by product) and the units named by hand.
    A warning that would reach no unit is refused with a message unless `allow_no_target`."""
    rules.require(actor, "warning.publish", issuer)
    if not (title or "").strip():
        raise DomainError(_("Cần nhập tiêu đề cảnh báo."), field="title")
    if severity not in Warning.Severity.values:
        raise DomainError(_("Mức độ không hợp lệ."), field="severity")
    if not (description or "").strip():
        raise DomainError(_("Cần nhập nội dung cảnh báo."), field="description")
    if not (recommended_actions or "").strip():
        raise DomainError(_("Cần nêu biện pháp khuyến nghị."), field="recommended_actions")
    if deadline is None or deadline < clock.today():
        raise DomainError(_("Hạn khắc phục phải từ hôm nay trở đi."), field="deadline")
    cves = parse_cves(cves_text)
    product_rows = parse_products(products_text)
    manual_units = list(manual_units)
    for unit in manual_units:
        if not rules.can(actor, "warning.publish", unit):
            raise DomainError(_("Đơn vị “%(u)s” ngoài phạm vi của bạn.") % {"u": unit}, field="manual_units")
    if not product_rows and not manual_units:
        raise DomainError(_("Cần nêu sản phẩm bị ảnh hưởng hoặc chỉ định đơn vị nhận cảnh báo."), field="products")
    warning = Warning.objects.create(issuer=issuer, title=title.strip(), severity=severity, cves=cves,
                                     description=description.strip(), recommended_actions=recommended_actions.strip(),
                                     deadline=deadline, published_at=clock.now(), published_by=actor,
                                     source_incident=source_incident)
    products = [WarningProduct(warning=warning, **row) for row in product_rows]
    for p in products:
        p.save()
    exposed = exposed_units(actor=actor, products=products)
    targets = [WarningTarget(warning=warning, unit=unit, how=WarningTarget.How.AUTO, matched="\n".join(items))
               for unit, items in exposed.items()]
    auto_ids = {unit.pk for unit in exposed}
    targets += [WarningTarget(warning=warning, unit=unit, how=WarningTarget.How.MANUAL)
                for unit in dict.fromkeys(manual_units) if unit.pk not in auto_ids]
    if not targets and not allow_no_target:
        raise DomainError(_("Không đơn vị nào trong phạm vi dùng sản phẩm đã nêu, nên cảnh báo sẽ không tới ai. "
                            "Hãy kiểm tra dòng sản phẩm, chỉ định đơn vị nhận, hoặc chọn “Vẫn phát hành khi không "
                            "có đơn vị nhận”."), field="products")
    WarningTarget.objects.bulk_create(targets)
    audit.record(actor=actor, action="warning.publish", obj=warning,
                 after={**audit.snapshot(warning), "targets": sorted(t.unit_id for t in targets)})
    ids = [t.unit_id for t in targets]
    transaction.on_commit(lambda: _mail_units(warning.pk, ids, reminder=False))
    return warning


@transaction.atomic
def warning_add_target(*, actor, warning: Warning, unit) -> WarningTarget:
    rules.require(actor, "warning.publish", warning)
    if not rules.can(actor, "warning.publish", unit):
        raise DomainError(_("Đơn vị “%(u)s” ngoài phạm vi của bạn.") % {"u": unit}, field="unit")
    if warning.targets.filter(unit=unit).exists():
        raise DomainError(_("Đơn vị này đã nhận cảnh báo."), field="unit")
    target = WarningTarget.objects.create(warning=warning, unit=unit, how=WarningTarget.How.MANUAL)
    audit.record(actor=actor, action="warning.target_add", obj=target.warning, changes={"unit": [None, unit.pk]})
    transaction.on_commit(lambda: _mail_units(warning.pk, [unit.pk], reminder=False))
    return target


def _snap(target: WarningTarget) -> dict:
    # audit.snapshot() trips over an empty FileField (its `url` raises ValueError): leave the file
    # out and record its name and hash instead.
    names = [f.name for f in WarningTarget._meta.concrete_fields if f.name != "evidence"]
    return audit.snapshot(target, fields=names)


def _target_locked(target: WarningTarget) -> WarningTarget:
    return WarningTarget.objects.select_for_update().select_related("warning", "unit").get(pk=target.pk)


@transaction.atomic
def warning_acknowledge(*, actor, target: WarningTarget) -> WarningTarget:
    rules.require(actor, "warning.respond", target)
    target = _target_locked(target)
    if target.acknowledged_at:
        raise DomainError(_("Đơn vị đã xác nhận tiếp nhận cảnh báo này."))
    before = _snap(target)
    target.acknowledged_at, target.acknowledged_by = clock.now(), actor
    target.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    audit.record(actor=actor, action="warning.acknowledge", obj=target, before=before, after=_snap(target))
    return target


@transaction.atomic
def warning_confirm_fix(*, actor, target: WarningTarget, note: str, upload=None) -> WarningTarget:
    """The unit confirms remediation, with a note and (optionally) an evidence file."""
    rules.require(actor, "warning.respond", target)
    target = _target_locked(target)
    if target.fixed_at:
        raise DomainError(_("Đơn vị đã xác nhận khắc phục."))
    if not (note or "").strip():
        raise DomainError(_("Cần mô tả kết quả khắc phục."), field="note")
    checked = uploads.check(upload) if upload else None
    before = _snap(target)
    now = clock.now()
    target.acknowledged_at = target.acknowledged_at or now
    target.acknowledged_by = target.acknowledged_by or actor
    target.fixed_at, target.fixed_by, target.fix_note = now, actor, note.strip()
    if checked:
        target.evidence.save(f"{checked.sha256[:16]}-{checked.name[-80:]}", ContentFile(checked.data), save=False)
        target.evidence_name, target.evidence_sha256, target.evidence_size = checked.name, checked.sha256, checked.size
    target.save()
    audit.record(actor=actor, action="warning.fix", obj=target, before=before, after=_snap(target))
    return target


def late_targets(warning: Warning):
    today = clock.today()
    qs = warning.targets.filter(fixed_at__isnull=True).select_related("unit")
    return qs if today > warning.deadline else qs.none()


REMIND = "incidents.warning_remind"
BATCH = 200  # units per transaction: the audit-chain lock is held for one short batch only


def warning_remind_late(*, actor, warning: Warning, progress=None) -> int:
    """Remind every unit past the deadline without a confirmed fix: an email and a record each,
    in batches of BATCH units, each its own short transaction with one audit event (run as a job:
    see `warning_remind_start`)."""
    rules.require(actor, "warning.remind", warning)
    late = list(late_targets(warning).order_by("pk"))
    if not late:
        raise DomainError(_("Không có đơn vị nào quá hạn chưa khắc phục."))
    from django.db.models import F

    for start in range(0, len(late), BATCH):
        if progress is not None:
            progress(100 * start / len(late), _("Đang nhắc %(i)s/%(n)s đơn vị") % {"i": start, "n": len(late)})
        batch = late[start:start + BATCH]
        emails = _units_emails([t.unit for t in batch])
        now = clock.now()
        with transaction.atomic():
            WarningReminder.objects.bulk_create([
                WarningReminder(target=t, at=now, by=actor, recipients=", ".join(emails[t.unit_id])) for t in batch])
            WarningTarget.objects.filter(pk__in=[t.pk for t in batch]).update(reminders=F("reminders") + 1,
                                                                             last_reminded_at=now)
            audit.record(actor=actor, action="warning.remind", obj=warning,  # last: the lock is held until commit
                         changes={"units": [None, sorted(t.unit_id for t in batch)], "count": len(batch)})
            ids = [t.unit_id for t in batch]
            transaction.on_commit(lambda ids=ids: _mail_units(warning.pk, ids, reminder=True))
    return len(late)


def warning_remind_start(*, actor, warning: Warning):
    """Start "remind the late units" as a background job (checked here first, and again in the job)."""
    from attt.core import jobs

    rules.require(actor, "warning.remind", warning)
    if not late_targets(warning).exists():
        raise DomainError(_("Không có đơn vị nào quá hạn chưa khắc phục."))
    return jobs.job_start_once(actor=actor, kind=REMIND, target=f"warning:{warning.pk}",
                               params={"warning": warning.pk},
                               label=_("Nhắc đơn vị quá hạn khắc phục: %(t)s") % {"t": warning.title[:200]})


def warning_remind_job(job, progress):
    from attt.core.jobs import Result

    warning = Warning.objects.filter(pk=job.params.get("warning")).first()
    if warning is None:
        raise DomainError(_("Cảnh báo không còn tồn tại."))
    n = warning_remind_late(actor=job.user, warning=warning, progress=progress)
    return Result(text=_("Đã gửi nhắc %(n)s đơn vị quá hạn.") % {"n": n})


def _units_emails(units) -> dict[int, list[str]]:
    """`_unit_emails` for many units in one query."""
    from attt.orgs.models import Membership

    out = {u.pk: ({u.incident_email} if u.incident_email else set()) for u in units}
    rows = (Membership.objects.filter(organisation__in=list(out), active=True, role__in=["unit_head", "unit_officer"])
            .exclude(user__email="").values_list("organisation_id", "user__email"))
    for org_id, email in rows:
        out[org_id].add(email)
    return {k: sorted(v) for k, v in out.items()}


def _unit_emails(unit) -> list[str]:
    from attt.orgs.models import Membership

    emails = [unit.incident_email] if unit.incident_email else []
    emails += list(Membership.objects.filter(organisation=unit, active=True, role__in=["unit_head", "unit_officer"])
                   .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(set(emails))


def _mail_units(warning_pk: int, unit_ids: list[int], *, reminder: bool) -> None:
    from attt.orgs.models import Organisation

    warning = Warning.objects.get(pk=warning_pk)
    subject = (_("[ATTT] Nhắc khắc phục quá hạn: %(t)s") if reminder else _("[ATTT] Cảnh báo: %(t)s")) % {
        "t": warning.title}
    body = _("%(t)s\nMức độ: %(s)s. CVE: %(c)s.\nBiện pháp khuyến nghị:\n%(a)s\nHạn khắc phục: %(d)s.") % {
        "t": warning.title, "s": warning.get_severity_display(), "c": ", ".join(warning.cves) or "—",
        "a": warning.recommended_actions, "d": warning.deadline.strftime("%d/%m/%Y")}
    for unit in Organisation.objects.filter(pk__in=unit_ids):
        to = _unit_emails(unit)
        if to:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)


def folded_key(vendor: str, product: str) -> str:
    return fold(f"{vendor} {product}")
