import os
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "src"))


def shared_dir() -> Path | None:
    candidates = []
    if os.environ.get("ATTT_SHARED_DIR"):
        candidates.append(Path(os.environ["ATTT_SHARED_DIR"]))
    candidates += [ROOT / ".." / "shared", Path("/work/shared")]
    for c in candidates:
        if (c / "seeds").is_dir():
            return c.resolve()
    return None


from extract_helpers import strip_marks  # noqa: E402,F401
from tests.tooling import missing


@pytest.fixture
def shared() -> Path:
    d = shared_dir()
    if d is None:
        missing("shared/ not found")
    return d


@pytest.fixture(autouse=True)
def _isolate():
    """The extraction package is pure: no Django cache or clock to reset (runs with -p no:django)."""
    yield
