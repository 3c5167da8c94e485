"""Missing outside tools: a skip with the install hint on a developer's machine, a failure in CI.

CI (CI=true) must never pass by skipping the tests of a tool users rely on (Chromium, Tesseract,
poppler, fonts, the shared seeds); `scripts/test` installs them there.
"""
from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what: str) -> None:
    """Stop this test because `what` is missing: skip locally, fail under CI=true."""
    if in_ci():
        pytest.fail(f"CI=true and {what}", pytrace=False)
    pytest.skip(what)
