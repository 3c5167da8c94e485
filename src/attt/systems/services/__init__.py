"""Writes of the systems module (keyword-only, atomic, permission first, audited)."""
from .classification import classify_system, default_facts, system_regime, system_regime_code
from .controls import control_update, evidence_upload, recompute_compliance, sync_checklist
from .inventory import system_create, system_set_products, system_update
from .workflow import (decision_signed_upload, document_upload, dossier_appraise, dossier_approve, dossier_expert_opinion, dossier_receive,
                       dossier_reject, dossier_return, dossier_submit, missing_parts, next_actions)

__all__ = [
    "classify_system", "control_update", "decision_signed_upload", "default_facts", "document_upload", "dossier_appraise", "dossier_approve",
    "dossier_expert_opinion", "dossier_receive", "dossier_reject", "dossier_return", "dossier_submit",
    "evidence_upload", "missing_parts", "next_actions", "recompute_compliance", "sync_checklist", "system_create",
    "system_regime", "system_regime_code", "system_set_products", "system_update",
]
