"""Writes on recurring duties: rules from the regimes (sync, edit as a new version), province
settings, submissions and their review. Generation lives in `generation.py` (re-exported)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError
from attt.orgs.models import Organisation
from attt.regimes.rules.load import load_all

from . import dues, uploads
from .generation import (  # noqa: F401
    ACTOR_KINDS,
    UNIT_KINDS,
    duties_from_recurring_deadline,
    generate_occurrences,
    mark_overdue,
    regenerate_future,
)
from .models import DutyRule, Occurrence, ProvinceSetting, Submission

REGIME_DIR = Path(__file__).resolve().parent.parent / "regimes" / "data"
SYNCED_FIELDS = ("title", "title_en", "applies_to", "min_level", "max_level", "every_months", "due", "actor",
                 "source", "unverified", "valid_from", "valid_to", "covered_by_parent")
EDITABLE_FIELDS = ("title", "min_level", "max_level", "due", "target_kinds", "source", "active")
KIND_VALUES = set(Organisation.Kind.values)


# --- rules ----------------------------------------------------------------------------------

def _regime_rows(directory: Path) -> list[dict]:
    regimes = sorted(load_all(directory).values(), key=lambda r: r.valid_from)
    rows = []
    for i, regime in enumerate(regimes):
        valid_to = regime.valid_to
        if valid_to is None and i + 1 < len(regimes):
            valid_to = regimes[i + 1].valid_from - dt.timedelta(days=1)
        for duty in regime.duties:
            rows.append({
                "key": f"{regime.code}:{duty.id}", "regime_code": regime.code, "code": duty.id,
                "title": duty.title_vi[:300], "title_en": duty.title_en[:300], "applies_to": duty.applies_to,
                "min_level": duty.min_level, "max_level": duty.max_level, "every_months": duty.every_months,
                "due": dues.spec_of(duty.due), "actor": duty.actor, "source": duty.source[:400],
                "unverified": duty.unverified, "valid_from": regime.valid_from, "valid_to": valid_to,
                "target_kinds": list(ACTOR_KINDS.get(duty.actor, UNIT_KINDS)) if duty.applies_to == "unit" else [],
                "covered_by_parent": list(duty.covered_by_parent),
            })
    return rows


@transaction.atomic
def sync_duty_rules(*, actor=None, directory: Path | str | None = None, regenerate: bool = True) -> dict:
    """Copy every periodic duty of every regime YAML into DutyRule rows. Idempotent: an
    unchanged duty is left alone; a changed one gets a new version (and its future
    occurrences are regenerated), unless a person edited the rule here, whose edit is kept."""
    if actor is not None:
        rules.require(actor, "duty.manage")
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    changed_keys = []
    for row in _regime_rows(Path(directory or REGIME_DIR)):
        latest = DutyRule.objects.filter(key=row["key"]).order_by("-version").first()
        if latest is None:
            rule = DutyRule.objects.create(version=1, origin=DutyRule.Origin.REGIME, **row)
            audit.record(actor=actor, action="duty.rule_sync", obj=rule)
            counts["created"] += 1
            continue
        if latest.created_by_id is not None:
            counts["kept"] += 1
            continue
        if all(getattr(latest, f) == row[f] for f in SYNCED_FIELDS):
            counts["unchanged"] += 1
            continue
        rule = _new_version(latest, {f: row[f] for f in SYNCED_FIELDS}, actor=None)
        audit.record(actor=actor, action="duty.rule_sync", obj=rule, before=audit.snapshot(latest),
                     after=audit.snapshot(rule))
        counts["updated"] += 1
        changed_keys.append(rule.key)
    if changed_keys and regenerate:
        regenerate_future(rule_keys=changed_keys)
    return counts


def _new_version(latest: DutyRule, changes: dict, *, actor) -> DutyRule:
    DutyRule.objects.filter(key=latest.key, active=True).update(active=False)
    rule = DutyRule.objects.get(pk=latest.pk)
    rule.pk = None
    rule._state.adding = True
    rule.version = (DutyRule.objects.filter(key=latest.key).order_by("-version")
                    .values_list("version", flat=True).first() or 0) + 1
    rule.active = True
    rule.created_by = actor
    for name, value in changes.items():
        setattr(rule, name, value)
    rule.save()
    return rule


def _validate_rule(fields: dict, applies_to: str) -> dict:
    out = dict(fields)
    try:
        due = dues.due_rule(out.get("due") or {})
    except dues.SpecError as exc:
        raise DomainError(exc.message, field="due") from None
    out["every_months"] = due.every_months
    for name in ("min_level", "max_level"):
        value = out.get(name)
        if value is not None and value not in (1, 2, 3, 4, 5):
            raise DomainError(_("Cấp độ phải từ 1 đến 5."), field=name)
    if out.get("min_level") and out.get("max_level") and out["max_level"] < out["min_level"]:
        raise DomainError(_("“Đến cấp độ” không được nhỏ hơn “từ cấp độ”."), field="max_level")
    kinds = [k for k in out.get("target_kinds") or [] if k]
    if any(k not in KIND_VALUES for k in kinds):
        raise DomainError(_("Loại đơn vị không hợp lệ."), field="target_kinds")
    if applies_to == DutyRule.AppliesTo.UNIT and not kinds and "target_kinds" in fields:
        raise DomainError(_("Hãy chọn ít nhất một loại đơn vị thực hiện."), field="target_kinds")
    out["target_kinds"] = kinds
    if not (out.get("title") or "").strip():
        raise DomainError(_("Tên nhiệm vụ không được để trống."), field="title")
    out["title"] = out["title"].strip()[:300]
    return out


@transaction.atomic
def rule_update(*, actor, rule: DutyRule, **fields) -> DutyRule:
    """Edit a rule: a new version replaces it, and its future untouched occurrences are
    regenerated. Past and submitted occurrences keep the version they were made from."""
    rules.require(actor, "duty.manage")
    latest = DutyRule.objects.select_for_update().get(pk=rule.pk)
    if DutyRule.objects.filter(key=latest.key, version__gt=latest.version).exists():
        raise DomainError(_("Chỉ sửa được phiên bản mới nhất của quy tắc."))
    current = {f: getattr(latest, f) for f in EDITABLE_FIELDS}
    wanted = {**current, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}}
    wanted = _validate_rule(wanted, latest.applies_to)
    changes = {k: v for k, v in wanted.items() if getattr(latest, k) != v}
    if not changes:
        return latest
    new = _new_version(latest, changes, actor=actor)
    if not wanted.get("active", True):
        DutyRule.objects.filter(pk=new.pk).update(active=False)
        new.active = False
    audit.record(actor=actor, action="duty.rule_update", obj=new, before=audit.snapshot(latest),
                 after=audit.snapshot(new))
    regenerate_future(rule_keys=[new.key])
    return new


# --- province settings ----------------------------------------------------------------------

def province_setting_for(province: Organisation) -> ProvinceSetting:
    setting = ProvinceSetting.objects.filter(province=province).select_related("province").first()
    return setting or ProvinceSetting(province=province)


@transaction.atomic
def province_setting_update(*, actor, province: Organisation, **values) -> ProvinceSetting:
    """Change a province's due days; its future quarterly occurrences follow."""
    if province.kind != Organisation.Kind.PROVINCE:
        raise DomainError(_("Thiết lập chỉ áp dụng cho cấp tỉnh."))
    if actor is not None:
        rules.require(actor, "duty.manage", province)
    setting, _created = ProvinceSetting.objects.select_for_update().get_or_create(province=province)
    before = audit.snapshot(setting)
    changed = []
    for name in ProvinceSetting.SETTING_FIELDS:
        if name not in values or values[name] is None:
            continue
        try:
            value = int(values[name])
        except (TypeError, ValueError):
            raise DomainError(_("Ngày hạn phải là số từ 1 đến 31."), field=name) from None
        if not 1 <= value <= 31:
            raise DomainError(_("Ngày hạn phải là số từ 1 đến 31."), field=name)
        if getattr(setting, name) != value:
            setattr(setting, name, value)
            changed.append(name)
    if not changed and not _created:
        return setting
    setting.save()
    audit.record(actor=actor, action="duty.settings_update", obj=setting, organisation=province,
                 before=before, after=audit.snapshot(setting))
    keys = [r.key for r in DutyRule.objects.filter(active=True) if dues.settings_used(r.due) & set(changed)]
    if keys:
        regenerate_future(rule_keys=keys, province_path=province.path)
    return setting


# --- submissions ----------------------------------------------------------------------------

@transaction.atomic
def occurrence_submit(*, actor, occurrence: Occurrence, upload, note: str = "") -> Submission:
    """A unit hands in its evidence for one occurrence. A second submission is refused while the
    first awaits review or once accepted; after a return it becomes the next version."""
    rules.require(actor, "duty.submit", occurrence)
    occurrence = Occurrence.objects.select_for_update().select_related("organisation").get(pk=occurrence.pk)
    if occurrence.status == Occurrence.Status.SUBMITTED:
        raise DomainError(_("Kỳ này đã được nộp và đang chờ xem xét; chỉ nộp lại được khi bị trả lại."))
    if occurrence.status == Occurrence.Status.ACCEPTED:
        raise DomainError(_("Kỳ này đã được chấp nhận; không nộp lại được."))
    evidence = uploads.check(upload)
    note = (note or "").strip()[:10000]
    version = occurrence.submissions.count() + 1
    before = audit.snapshot(occurrence, ["status", "submitted_at"])
    submission = Submission(occurrence=occurrence, version=version, submitted_by=actor, note=note,
                            file_name=evidence.name, file_size=evidence.size, content_type=evidence.content_type,
                            sha256=evidence.sha256)
    submission.file.save(evidence.name, ContentFile(evidence.data), save=False)
    stored = submission.file.name
    try:
        submission.save()
        occurrence.status = Occurrence.Status.SUBMITTED
        occurrence.submitted_at = clock.now()
        occurrence.save(update_fields=["status", "submitted_at", "updated_at", "search_text"])
        audit.record(actor=actor, action="duty.submit", obj=occurrence, before=before,
                     after={**audit.snapshot(occurrence, ["status", "submitted_at"]), "version": version,
                            "sha256": evidence.sha256, "file": evidence.name})
    except Exception:
        submission.file.storage.delete(stored)
        raise
    return submission


@transaction.atomic
def submission_review(*, actor, submission: Submission, accept: bool, comment: str = "") -> Submission:
    """The specialist accepts a submission or returns it with a comment."""
    rules.require(actor, "duty.review", submission.occurrence)
    submission = Submission.objects.select_for_update().select_related("occurrence").get(pk=submission.pk)
    occurrence = submission.occurrence
    if submission.review != Submission.Review.PENDING or occurrence.status != Occurrence.Status.SUBMITTED:
        raise DomainError(_("Bài nộp này đã được xem xét."))
    comment = (comment or "").strip()[:5000]
    if not accept and not comment:
        raise DomainError(_("Hãy ghi lý do trả lại để đơn vị biết cần bổ sung gì."), field="comment")
    before = audit.snapshot(occurrence, ["status"])
    submission.review = Submission.Review.ACCEPTED if accept else Submission.Review.RETURNED
    submission.reviewed_by, submission.reviewed_at, submission.review_comment = actor, clock.now(), comment
    submission.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    occurrence.status = Occurrence.Status.ACCEPTED if accept else Occurrence.Status.RETURNED
    occurrence.save(update_fields=["status", "updated_at", "search_text"])
    audit.record(actor=actor, action="duty.accept" if accept else "duty.return", obj=occurrence, before=before,
                 after={**audit.snapshot(occurrence, ["status"]), "version": submission.version,
                        "comment": comment})
    return submission
