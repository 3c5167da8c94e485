"""The actions of the systems module and the roles that may perform them. Who may appraise or
approve a given dossier is further narrowed by the regime's authority table (authority.py)."""
from attt.core import rules
from attt.orgs.roles import ALL, Role

UNIT_ROLES = {Role.UNIT_OFFICER, Role.UNIT_HEAD}

rules.register({
    "system.view": ALL,
    "system.edit": {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST, Role.ADMIN},
    "system.import": {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST, Role.ADMIN},
    "dossier.view": ALL,
    "dossier.prepare": {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST},
    "dossier.submit": UNIT_ROLES,
    "dossier.appraise": {Role.SPECIALIST},
    "dossier.approve": {Role.SPECIALIST, Role.UNIT_HEAD},
    "control.edit": {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST},
    "evidence.upload": {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.SPECIALIST},
    "systems.overview": ALL,
})
