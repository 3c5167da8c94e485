"""Loading the default assignee rules (data/assignee_rules.yaml) into the database."""
from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "assignee_rules.yaml"


def default_rules() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8")) or []


def load_default_rules(rule_model) -> int:
    """Upsert the default rules (province empty). Works with the real or a migration's model."""
    from .models.mapping import phrase_key

    count = 0
    for row in default_rules():
        match = row.get("match", "contains")
        pattern = phrase_key(row["phrase"])
        obj = rule_model.objects.filter(province__isnull=True, pattern=pattern, match=match).first()
        if obj is None:
            obj = rule_model(province=None, match=match)
        obj.phrase = row["phrase"]
        obj.pattern = pattern
        obj.target = row["target"]
        obj.org_kinds = list(row.get("kinds") or [])
        obj.save()
        count += 1
    return count
