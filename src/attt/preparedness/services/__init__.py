"""Writes of the preparedness module (keyword-only, atomic, permission first, audited)."""
from .drills import drill_cancel, drill_plan, drill_record, finding_close
from .plans import plan_approve, plan_create, plan_revise
from .suppliers import assessment_record, contract_save, supplier_save, tax_code_valid

__all__ = ["assessment_record", "contract_save", "drill_cancel", "drill_plan", "drill_record", "finding_close",
           "plan_approve", "plan_create", "plan_revise", "supplier_save", "tax_code_valid"]
