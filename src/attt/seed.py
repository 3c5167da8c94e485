"""Synthetic national-scale data for benchmarks (`attt seed`), written in batches.

Each app contributes `generate(ctx)` through `registry.seed`; this module runs them in order.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class SeedContext:
    provinces: int
    units: int
    users: int
    systems: int
    out: object = print
    top_up: bool = False  # grow existing seed data to the sizes asked (new provinces with their units)
    province_ids: list = field(default_factory=list)
    unit_ids: list = field(default_factory=list)  # every non-province organisation
    user_ids: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def run(*, provinces: int = 34, units: int = 100, users: int = 1000, systems: int = 0, out=print,
        top_up: bool = False) -> SeedContext:
    from attt.core.registry import registry

    ctx = SeedContext(provinces=provinces, units=units, users=users, systems=systems, out=out, top_up=top_up)
    total = time.perf_counter()
    for _order, generate in sorted(registry.seed, key=lambda item: item[0]):
        started = time.perf_counter()
        generate(ctx)
        out(f"  {generate.__module__}: {time.perf_counter() - started:.1f} s")
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses from empty tables
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out(f"seed: {time.perf_counter() - total:.1f} s in all")
    return ctx
