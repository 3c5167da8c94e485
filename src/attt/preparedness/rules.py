"""The actions of the preparedness module and the roles that may perform them."""
from attt.core import rules
from attt.orgs.roles import ALL, Role

WRITERS = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST, Role.ADMIN}

rules.register({
    "preparedness.view": ALL,
    "plan.edit": WRITERS,
    # The owner unit's leader, or an administrator, approves a response plan.
    "plan.approve": {Role.UNIT_HEAD, Role.ADMIN},
    "drill.edit": WRITERS | {Role.RESPONDER},
    "finding.close": WRITERS,
    "supplier.edit": WRITERS,
    "attestation.edit": {Role.SPECIALIST, Role.ADMIN, Role.UNIT_HEAD},
})
