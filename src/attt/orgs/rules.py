"""The actions of the organisation module and the roles that may perform them."""
from attt.core import rules

from .roles import ALL, Role

rules.register({
    "org.view": ALL,
    "org.manage": {Role.SPECIALIST, Role.ADMIN},
    "user.view": {Role.ADMIN, Role.UNIT_HEAD, Role.SPECIALIST, Role.AUDITOR},
    "user.manage": {Role.ADMIN},
    "audit.view": {Role.AUDITOR, Role.ADMIN},
})
