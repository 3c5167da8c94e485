"""Who may do what with recurring duties."""
from attt.core import rules
from attt.orgs.roles import ALL, Role

rules.register({
    "duty.view": ALL,
    "duty.submit": {Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.SPECIALIST, Role.ADMIN},
    "duty.review": {Role.SPECIALIST, Role.ADMIN},
    "duty.manage": {Role.SPECIALIST, Role.ADMIN},  # rules, province settings, generation
    "duty.assign": {Role.PROVINCE_LEADER, Role.SPECIALIST, Role.ADMIN},  # duties from directives
})
