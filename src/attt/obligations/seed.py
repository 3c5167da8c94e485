"""Scale data: sync the duty rules and generate a year of occurrences for every seeded unit and
operating system, in batches of 1,000."""
from __future__ import annotations

import time

from . import services
from .models import Occurrence


def generate(ctx) -> None:
    services.sync_duty_rules()
    started = time.perf_counter()
    created = services.generate_occurrences()
    seconds = time.perf_counter() - started
    ctx.extra["obligations_occurrences"] = Occurrence.objects.count()
    ctx.out(f"  {created} occurrences generated in {seconds:.1f} s ({Occurrence.objects.count()} in total)")
