"""The actions of the directives module and the roles that may perform them."""
from attt.core import rules
from attt.orgs.roles import Role

# Who reads the province's directives, their review and the completion matrix.
DIRECTIVE_READERS = frozenset({Role.PROVINCE_LEADER, Role.SPECIALIST, Role.AUDITOR, Role.ADMIN})
# Who imports, reviews, maps, publishes and reminds.
DIRECTIVE_MANAGERS = frozenset({Role.SPECIALIST, Role.ADMIN})
# Who sees assignments: the units their own, the province readers all of the province's.
ASSIGNMENT_VIEWERS = frozenset({Role.UNIT_HEAD, Role.UNIT_OFFICER} | DIRECTIVE_READERS)
# Who answers an assignment: the unit itself.
ASSIGNMENT_RESPONDERS = frozenset({Role.UNIT_HEAD, Role.UNIT_OFFICER})

rules.register({
    "directive.view": DIRECTIVE_READERS,
    "directive.manage": DIRECTIVE_MANAGERS,
    "assignment.view": ASSIGNMENT_VIEWERS,
    "assignment.respond": ASSIGNMENT_RESPONDERS,
})
