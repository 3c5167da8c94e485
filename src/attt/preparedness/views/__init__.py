"""Pages of the preparedness module: overview, response plans, drills and findings, suppliers and
contracts, hosting attestations."""
from .drills import drill, drill_cancel, drill_new, drills, drills_export, drills_import, finding_close, findings
from .plans import index, plan, plan_approve, plan_export, plan_new, plan_revise, plans
from .suppliers import (attestations, dependencies, supplier, supplier_edit, supplier_new, suppliers,
                        suppliers_export, suppliers_import, system_hosting)

__all__ = ["attestations", "dependencies", "drill", "drill_cancel", "drill_new", "drills", "drills_export", "drills_import", "finding_close",
           "findings", "index", "plan", "plan_approve", "plan_export", "plan_new", "plan_revise", "plans", "supplier",
           "supplier_edit", "supplier_new", "suppliers", "suppliers_export", "suppliers_import", "system_hosting"]
