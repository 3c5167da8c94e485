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


def strip_marks(text: str) -> str:
    """The same text as OCR often gives it: no diacritics, đ -> d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


@pytest.fixture
def shared() -> Path:
    d = shared_dir()
    if d is None:
        pytest.skip("shared/ not found")
    return d


@pytest.fixture(autouse=True)
def _isolate():
    """The extraction package is pure: no Django cache or clock to reset (runs with -p no:django)."""
    yield
