from pathlib import Path

import pytest

from attt.regimes.rules import WorkCalendar, load_regime

DATA = Path(__file__).resolve().parents[3] / "src" / "attt" / "regimes" / "data"


@pytest.fixture(scope="session")
def legacy():
    return load_regime(DATA / "legacy-nd85.yaml")


@pytest.fixture(scope="session")
def new():
    return load_regime(DATA / "new-nd331.yaml")


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return WorkCalendar.from_yaml(DATA / "holidays-vn.yaml")
