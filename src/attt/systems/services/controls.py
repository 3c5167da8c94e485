"""The checklist of a system's level, its statuses and evidence, and the compliance figure
kept on the system (implemented = 1, partial = ½, not applicable left out)."""
from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError
from attt.core.uploads import check_upload
from attt.regimes import rules_engine

from ..models import Control, Evidence, System


def sync_checklist(*, system: System) -> int:
    """Create the controls of the system's level (approved, else proposed) from its regime;
    controls of requirements no longer in the list are kept but inactive. Returns the count."""
    level = system.approved_level or system.proposed_level
    if not level:
        return 0
    from .classification import system_regime_code

    code = system_regime_code(system)
    regime = rules_engine.regime(code)
    wanted = {r.id: (i, r) for i, r in enumerate(regime.requirements_for(level))}
    existing = {c.requirement_id: c for c in Control.objects.filter(system=system)}
    new, changed = [], []
    for rid, (position, req) in wanted.items():
        fields = dict(regime_code=code, level=level, group=req.group, category=req.category,
                      title=req.title_vi[:300], summary=req.summary_vi, clause=req.clause.get(level, "")[:200],
                      position=position, active=True)
        control = existing.get(rid)
        if control is None:
            new.append(Control(system=system, requirement_id=rid, **fields))
        elif any(getattr(control, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(control, k, v)
            changed.append(control)
    stale = [c for rid, c in existing.items() if rid not in wanted and c.active]
    for control in stale:
        control.active = False
    Control.objects.bulk_create(new, batch_size=1000)
    Control.objects.bulk_update(changed + stale, ["regime_code", "level", "group", "category", "title", "summary",
                                                  "clause", "position", "active"], batch_size=1000)
    recompute_compliance(system=system)
    return len(wanted)


def compliance_of(statuses: list[str]) -> tuple[Decimal | None, bool]:
    applicable = [s for s in statuses if s != Control.Status.NOT_APPLICABLE]
    if not statuses:
        return None, False
    if not applicable:
        return Decimal("100.0"), True
    score = sum(1 if s == Control.Status.IMPLEMENTED else 0.5 if s == Control.Status.PARTIAL else 0
                for s in applicable)
    pct = Decimal(str(round(100 * score / len(applicable), 1)))
    return pct, score == len(applicable)


# Functions (system) -> {requirement_id: info} naming the requirements a system inherits from
# elsewhere (its hosting provider's attested controls); apps above systems register them.
INHERITANCE_PROVIDERS: list = []


def inherited_requirements(system: System) -> dict[str, dict]:
    """The requirements this system inherits, with where from (provider, evidence, validity)."""
    found: dict[str, dict] = {}
    for provider in INHERITANCE_PROVIDERS:
        found.update(provider(system))
    return found


def recompute_compliance(*, system: System) -> Decimal | None:
    """Inherited requirements count as implemented while their provider's attestation is valid."""
    inherited = inherited_requirements(system)
    rows = Control.objects.filter(system=system, active=True).values_list("requirement_id", "status")
    statuses = [Control.Status.IMPLEMENTED if rid in inherited and status != Control.Status.NOT_APPLICABLE
                else status for rid, status in rows]
    pct, complete = compliance_of(statuses)
    System.objects.filter(pk=system.pk).update(compliance=pct, plan_complete=complete)
    system.compliance, system.plan_complete = pct, complete
    return pct


@transaction.atomic
def control_update(*, actor, control: Control, status: str, responsible: str = "", notes: str = "",
                   na_reason: str = "") -> Control:
    rules.require(actor, "control.edit", control)
    control = Control.objects.select_for_update().select_related("system__owner").get(pk=control.pk)
    if status not in Control.Status.values:
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    na_reason = (na_reason or "").strip()
    if status == Control.Status.NOT_APPLICABLE and not na_reason:
        raise DomainError(_("Yêu cầu “không áp dụng” cần nêu lý do."), field="na_reason")
    before = audit.snapshot(control, ["status", "responsible", "notes", "na_reason"])
    control.status = status
    control.responsible = (responsible or "").strip()[:150]
    control.notes = (notes or "").strip()[:10000]
    control.na_reason = na_reason[:4000] if status == Control.Status.NOT_APPLICABLE else ""
    control.updated_by = actor
    control.save()
    recompute_compliance(system=control.system)
    audit.record(actor=actor, action="control.update", obj=control, before=before,
                 after=audit.snapshot(control, ["status", "responsible", "notes", "na_reason"]))
    return control


@transaction.atomic
def evidence_upload(*, actor, control: Control, upload, note: str = "") -> Evidence:
    rules.require(actor, "evidence.upload", control)
    checked = check_upload(upload)
    version = Evidence.objects.filter(control=control, original_name=checked.name).count() + 1
    evidence = Evidence(control=control, original_name=checked.name, sha256=checked.sha256, size=checked.size,
                        content_type=checked.content_type, version=version, note=(note or "").strip()[:300],
                        uploaded_by=actor)
    evidence.file.save(checked.name, ContentFile(checked.data), save=False)
    evidence.save()
    audit.record(actor=actor, action="evidence.upload", obj=control,
                 changes={"file": [None, checked.name], "version": [None, version], "sha256": [None, checked.sha256]})
    return evidence
