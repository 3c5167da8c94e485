"""Signals other modules listen to when the organisation tree changes under them."""
from django.dispatch import Signal

# Sent by `services.org_move` inside its transaction, after the subtree's paths were rewritten.
# Arguments: organisation (the moved root, refreshed), old_path, new_path.
subtree_moved = Signal()
