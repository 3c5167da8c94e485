"""Deadlines to fix a finding: rules as data (data/sla.yaml or ATTT_VULNS_SLA_FILE), with source."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml
from django.conf import settings

NAMES = {4: "critical", 3: "high", 2: "medium", 1: "low", 0: "info"}


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def policy() -> dict:
    path = getattr(settings, "ATTT_VULNS_SLA_FILE", "") or str(Path(__file__).parent / "data" / "sla.yaml")
    return _load(path)


def days_for(severity: int, level: int | None) -> int:
    data = policy()
    name = NAMES.get(int(severity), "info")
    override = (data.get("by_level") or {}).get(level or 0) or {}
    return int(override.get(name, (data.get("days") or {}).get(name, 0)) or 0)


def due_date(severity: int, level: int | None, seen: dt.date) -> dt.date | None:
    days = days_for(severity, level)
    return seen + dt.timedelta(days=days) if days else None
