from .drills import Drill, DrillFinding
from .hosting import Attestation
from .plans import PlanVersion, ResponsePlan
from .suppliers import Contract, Supplier, SupplierAssessment

__all__ = ["Attestation", "Contract", "Drill", "DrillFinding", "PlanVersion", "ResponsePlan", "Supplier",
           "SupplierAssessment"]
