"""The actions of the reporting module and the roles that may perform them."""
from attt.core import rules
from attt.orgs.roles import ALL, UNIT_WRITERS, Role

PROVINCE_READERS = {Role.PROVINCE_LEADER, Role.SPECIALIST, Role.ADMIN, Role.AUDITOR}

rules.register({
    "coverage.view": ALL,
    "coverage.enter": UNIT_WRITERS,
    "report.view": ALL,
    "report.edit": UNIT_WRITERS,
    "report.province": {Role.SPECIALIST, Role.ADMIN},
    "dashboard.view": PROVINCE_READERS,
})
