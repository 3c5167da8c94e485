"""The actions of the regimes module and the roles that may perform them (rules/ is the pure engine)."""
from attt.core import rules
from attt.orgs.roles import ALL, Role

rules.register({
    "regime.view": ALL,
    "regime.manage": {Role.ADMIN, Role.SPECIALIST},
})
