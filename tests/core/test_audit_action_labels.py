"""Every action the product writes to the audit trail reads as Vietnamese words for the auditor,
never as its code ("scan.import") nor as a half-translated "Sự cố: report automatic"."""
from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from attt.core.audit_labels import action_label

SRC = Path(__file__).resolve().parents[2] / "src" / "attt"
ACTION = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def _actions() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        found |= set(ACTION.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_action_written_has_a_label_in_words():
    actions = _actions()
    assert len(actions) > 80, sorted(actions)
    with translation.override("vi"):
        unreadable = {a: action_label(a) for a in actions
                      if action_label(a) == a or re.search(r":\s[a-z_ ]+$", action_label(a))}
    assert not unreadable, unreadable
