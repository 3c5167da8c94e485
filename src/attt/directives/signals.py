"""Signals other modules listen to, so that directives never imports them.

`directive_published` is sent by `services.directive_publish` inside its transaction, after every
row of the publication is written (assignments, notifications, state, audit). Receivers join that
transaction: what they write commits with the publication or not at all, and an error in a
receiver rolls the publication back (a failed operation saves nothing). Arguments:

- `sender`: the `Directive` class;
- `directive`: the published directive;
- `actor`: who published;
- `assignments`: every assignment of the directive after this publication (new and existing), with
  `task` and `organisation` loaded, so that a receiver can be idempotent and repair what an
  earlier publication missed;
- `created`: the assignments this publication created; `updated`: those whose due date it changed.

The obligations module turns the recurring deadlines of the tasks into recurring duties.
"""
from django.dispatch import Signal

directive_published = Signal()
