"""The actions of the incidents module and the roles that may perform them."""
from attt.core import rules
from attt.orgs.roles import ALL, Role

REPORTERS = {Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.SPECIALIST, Role.RESPONDER, Role.ADMIN}
HANDLERS = {Role.SPECIALIST, Role.RESPONDER, Role.ADMIN}

rules.register({
    "incident.view": ALL,
    "incident.report": REPORTERS,
    "incident.evidence": REPORTERS,
    "incident.note": REPORTERS,  # the reporting unit adds what it learns after reporting
    "incident.handle": HANDLERS,
    "incident.assign": {Role.SPECIALIST, Role.ADMIN},
    "warning.view": ALL,
    "warning.publish": {Role.SPECIALIST, Role.ADMIN},
    "warning.matrix": {Role.SPECIALIST, Role.ADMIN, Role.RESPONDER, Role.PROVINCE_LEADER, Role.AUDITOR},
    "warning.remind": {Role.SPECIALIST, Role.ADMIN},
    "warning.respond": {Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.ADMIN},
})
