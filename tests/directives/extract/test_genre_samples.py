"""Genre samples written for these tests (NĐ 30/2020 layout, not copies of real documents).

Each `samples/NAME.txt` has a hand-written `samples/NAME.expected.json` following
shared/contracts/directive-extraction.md. Every field is compared; OCR variants (`*_ocr_*`)
compare names after folding, since restored diacritics are a best effort there.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from attt.directives.extract import extract_text
from extract_helpers import strip_marks
from tests.tooling import missing

SAMPLES = Path(__file__).with_name("samples")
NAMES = sorted(p.name[: -len(".expected.json")] for p in SAMPLES.glob("*.expected.json"))
SCORER = Path("/work/shared/tools/score_directives.py")


def _load(name: str) -> tuple[dict, dict]:
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return extract_text(text).to_dict(), expected


def _same(name: str):
    ocr = "_ocr_" in name
    return (lambda v: strip_marks(v).lower() if isinstance(v, str) else v) if ocr else (lambda v: v)


def test_there_are_enough_samples():
    assert len(NAMES) >= 8


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", ["number", "issued_on", "doc_type", "references"])
def test_exact_fields(name, key):
    got, exp = _load(name)
    assert got[key] == exp[key]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("key", ["issuer", "place", "subject"])
def test_name_fields(name, key):
    got, exp = _load(name)
    same = _same(name)
    assert same(got[key]) == same(exp[key])


@pytest.mark.parametrize("name", NAMES)
def test_recipients(name):
    got, exp = _load(name)
    same = _same(name)
    assert [same(r) for r in got["recipients"]] == [same(r) for r in exp["recipients"]]


@pytest.mark.parametrize("name", NAMES)
def test_task_refs_and_texts(name):
    got, exp = _load(name)
    assert [(t["ref"], t["text"]) for t in got["tasks"]] == [(t["ref"], t["text"]) for t in exp["tasks"]]


@pytest.mark.parametrize("name", NAMES)
def test_task_assignees(name):
    got, exp = _load(name)
    same = _same(name)
    assert [[same(a) for a in t["assignees"]] for t in got["tasks"]] == \
        [[same(a) for a in t["assignees"]] for t in exp["tasks"]]


@pytest.mark.parametrize("name", NAMES)
def test_task_deadlines(name):
    got, exp = _load(name)
    same = _same(name)

    def dl(doc):
        return [[{k: same(v) for k, v in d.items()} for d in t["deadlines"]] for t in doc["tasks"]]
    assert dl(got) == dl(exp)


def _scorer():
    if not SCORER.exists():
        missing(f"scorer not found at {SCORER}")
    spec = importlib.util.spec_from_file_location("score_directives", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", NAMES)
def test_scorer_measures(name):
    got, exp = _load(name)
    m = _scorer().measures(exp, got)
    low = {k: v for k, v in m.items() if v < 0.95}
    assert not low, low


@pytest.mark.parametrize("name", [n for n in NAMES if "_ocr_" not in n])
def test_stripped_variant_scores(name):
    """The same sample with every diacritic removed (as OCR often gives it)."""
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    exp = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    m = _scorer().measures(exp, extract_text(strip_marks(text)).to_dict())
    assert sum(m.values()) / len(m) >= 0.95, m
