"""Signals other modules listen to, so that systems never imports them.

`dossier_approved` is sent by `services.dossier_approve` inside its transaction, once the dossier
is approved and the system carries its level. Receivers join that transaction: what they write
commits with the approval or not at all. Arguments: `sender` (the `Dossier` class), `dossier`,
`actor`, `on` (the decision's date).

The obligations module lets the approved dossier fulfil the system's risk-assessment duty (the
dossier holds the risk assessment made when the level is determined): no second upload.
"""
from django.dispatch import Signal

dossier_approved = Signal()
