"""The lexicon (data/lexicon.yaml), loaded once."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_PATH = Path(__file__).with_name("data") / "lexicon.yaml"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with _PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
