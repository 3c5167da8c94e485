"""The documentation names every permission action that exists."""
from pathlib import Path

from attt.core import rules

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_action_is_documented():
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    missing = sorted(a for a in rules.ACTIONS if f"`{a}`" not in text)
    assert not missing, f"document these actions in docs/: {missing}"
