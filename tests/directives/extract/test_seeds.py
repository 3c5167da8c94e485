import importlib.util
import json

import pytest
from extract_helpers import strip_marks

from attt.directives.extract import extract_text


def _scorer(shared):
    spec = importlib.util.spec_from_file_location("score_directives", shared / "tools" / "score_directives.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _seeds(shared):
    for gold in sorted((shared / "seeds" / "gold").glob("*.gold.json")):
        name = gold.name[: -len(".gold.json")]
        yield name, (shared / "seeds" / f"{name}.txt").read_text(encoding="utf-8"), json.loads(gold.read_text("utf-8"))


def test_seed_mean_score(shared):
    scorer = _scorer(shared)
    scores = []
    for _name, text, gold in _seeds(shared):
        m = scorer.measures(gold, extract_text(text).to_dict())
        scores.append(sum(m.values()) / len(m))
    assert scores and sum(scores) / len(scores) >= 0.95


@pytest.mark.parametrize("field", ["number", "issued_on", "references", "dates", "recurring", "tasks"])
def test_seed_fields_on_stripped_text(shared, field):
    """The same seeds with every diacritic removed still give the same fields."""
    scorer = _scorer(shared)
    total = []
    for _name, text, gold in _seeds(shared):
        total.append(scorer.measures(gold, extract_text(strip_marks(text)).to_dict())[field])
    assert sum(total) / len(total) >= 0.9


def test_seed_headers(shared):
    for _name, text, gold in _seeds(shared):
        got = extract_text(text).to_dict()
        for key in ("number", "issued_on", "doc_type"):
            assert got[key] == gold[key], (key, _name)
        assert strip_marks(got["issuer"] or "") == strip_marks(gold["issuer"] or "")
        assert strip_marks(got["place"] or "") == strip_marks(gold["place"] or "")
        assert len(got["recipients"]) == len(gold["recipients"])


def test_seed_spans_point_into_source(shared):
    for _name, text, _gold in _seeds(shared):
        d = extract_text(text).to_dict(with_spans=True)
        for t in d["tasks"]:
            s, e = t["span"]
            assert 0 <= s < e <= len(text)
            first = t["text"].split()[0]
            assert text[s:e].startswith(first)
