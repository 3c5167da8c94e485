"""Classification: the regime's questionnaire answered for a system proposes a level; the
officer may propose a higher one with a reason, never a lower one. Saving a classification
fills the system's open draft dossier, or opens a new one (re-classification keeps history)."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError
from attt.regimes import rules_engine
from attt.regimes.rules import FactError, classify, classify_composite, normalise_facts

from ..models import Dossier, System

# Inventory fields that answer a regime fact of the same meaning (only facts the regime declares are used).
INVENTORY_FACTS = {
    "system_kind": lambda s: s.kind,
    "info_types": lambda s: list(s.info_types or ["public"]),
    "users": lambda s: s.users_count,
    "service_maturity": lambda s: min(s.service_maturity or 0, 4),
    "personal_subjects": lambda s: s.personal_subjects,
    "sensitive_personal_subjects": lambda s: s.sensitive_subjects,
}


def system_regime_code(system: System) -> str:
    return system.regime_code or rules_engine.regime_in_force(clock.today()) or ""


def system_regime(system: System):
    return rules_engine.regime(system_regime_code(system))


def default_facts(system: System, regime=None) -> dict:
    """Answers known from the inventory, over the last dossier's answers, over the defaults."""
    regime = regime or system_regime(system)
    facts = {name: spec.default for name, spec in regime.facts.items()}
    last = system.dossiers.exclude(facts={}).order_by("-created_at", "-id").first()
    if last is not None:
        facts.update({k: v for k, v in last.facts.items() if k in regime.facts})
    for name, getter in INVENTORY_FACTS.items():
        if name in regime.facts:
            facts[name] = getter(system)
    return {k: (sorted(v) if isinstance(v, (set, frozenset)) else v) for k, v in facts.items()}


def evaluate(system: System, facts: dict, regime=None):
    """(level, deciding criteria ids, explanation) for the answers, composite parts included."""
    regime = regime or system_regime(system)
    try:
        normalise_facts(regime.facts, facts)
        parts = {system.name: facts}
        for component in system.components.exclude(status=System.Status.RETIRED):
            parts.setdefault(component.name, default_facts(component, regime))
        if len(parts) == 1:
            result = classify(regime, facts)
            return result.level, list(result.deciding_criteria), result.explanation_vi
        result = classify_composite(regime, parts)
        explanation = result.explanation_vi + " " + " ".join(r.explanation_vi for r in result.parts.values()
                                                            if r.level == result.level)
        return result.level, list(result.deciding_criteria), explanation
    except FactError as exc:
        raise DomainError(_("Câu trả lời không hợp lệ: %(e)s") % {"e": exc}) from None


@transaction.atomic
def classify_system(*, actor, system: System, facts: dict, proposed_level: int | None = None,
                    higher_reason: str = "") -> Dossier:
    if actor is not None:
        rules.require(actor, "dossier.prepare", system)
    system = System.objects.select_for_update().select_related("owner", "operator").get(pk=system.pk)
    code = system_regime_code(system)
    regime = rules_engine.regime(code)
    version = rules_engine.regime_version(code)
    level, deciding, explanation = evaluate(system, facts, regime)
    proposed = int(proposed_level or level)
    higher_reason = (higher_reason or "").strip()
    if not 1 <= proposed <= 5:
        raise DomainError(_("Cấp độ phải từ 1 đến 5."), field="proposed_level")
    if proposed < level:
        raise DomainError(_("Không thể đề xuất cấp độ %(p)s: theo tiêu chí, hệ thống phải ở cấp độ %(l)s trở lên "
                            "(%(e)s)") % {"p": proposed, "l": level, "e": explanation}, field="proposed_level")
    if proposed > level and not higher_reason:
        raise DomainError(_("Đề xuất cấp độ cao hơn cấp độ theo tiêu chí (%(l)s) cần nêu lý do.") % {"l": level},
                          field="higher_reason")
    open_dossier = system.dossiers.select_for_update().filter(state__in=Dossier.OPEN_STATES).first()
    if open_dossier is not None and open_dossier.state not in (Dossier.State.DRAFT, Dossier.State.RETURNED):
        raise DomainError(_("Hồ sơ HS-%(n)s đang được thẩm định, phê duyệt; chưa thể phân loại lại.")
                          % {"n": open_dossier.pk})
    values = dict(regime_code=code, regime_version=version.version if version else 1, level=proposed,
                  criteria_level=level, deciding_criteria=deciding, explanation=explanation, facts=facts,
                  higher_reason=higher_reason if proposed > level else "")
    if open_dossier is None:
        dossier = Dossier.objects.create(system=system, created_by=actor if getattr(actor, "pk", None) else None,
                                         step_started=clock.today(), **values)
        dossier.steps.create(state=Dossier.State.DRAFT, started_on=clock.today(),
                             actor=actor if getattr(actor, "pk", None) else None)
        action = "dossier.create"
    else:
        dossier = open_dossier
        for key, value in values.items():
            setattr(dossier, key, value)
        dossier.save()
        action = "dossier.classify"
    before_level = system.proposed_level
    system.proposed_level = proposed
    system.save(update_fields=["proposed_level", "updated_at", "search_text"])
    audit.record(actor=actor, action=action, obj=dossier,
                 changes={"level": [before_level, proposed], "criteria_level": [None, level],
                          "deciding_criteria": [None, deciding]})
    from .controls import sync_checklist

    sync_checklist(system=system)
    return dossier
