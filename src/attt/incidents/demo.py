"""Demo data (order 50): incidents in different states and one warning for Tuyên Quang."""
from __future__ import annotations


def populate(ctx) -> None:
    from .demo_data import populate as run

    run(ctx)
