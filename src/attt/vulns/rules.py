"""The actions of the vulnerability and SOC module, and who may perform them."""
from attt.core import rules
from attt.orgs.roles import ALL, Role

WRITERS = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST, Role.ADMIN}

rules.register({
    "finding.view": ALL,
    "scan.import": WRITERS,
    "address.edit": WRITERS,
    "finding.fix": WRITERS,
    "finding.request_risk": WRITERS,
    "finding.approve_risk": {Role.SPECIALIST},
    "alert.view": ALL,
    "alert.promote": {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST, Role.RESPONDER},
    "soc.manage": {Role.SPECIALIST, Role.ADMIN},
})
