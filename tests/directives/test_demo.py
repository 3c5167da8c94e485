"""The demo contribution: seed 002 (or the built-in sample) imported, mapped, published, answered."""
from __future__ import annotations

from attt.demo import DemoContext
from attt.directives import demo
from attt.directives.models import AssigneeRule, Assignment, Directive
from attt.orgs import demo as orgs_demo


def test_demo_imports_maps_publishes_and_answers(db):
    ctx = DemoContext()
    orgs_demo.populate(ctx)
    demo.populate(ctx)
    directive = Directive.objects.get()
    assert directive.is_published and directive.province == ctx.province
    assert directive.assignments.filter(organisation__kind="commune").values("organisation").distinct().count() >= 100
    assert Assignment.objects.exclude(status="not_started").count() >= 2
    if demo.shared_dir() is not None:
        assert directive.number == "894/UBND-KH&CĐS"
        assert AssigneeRule.objects.filter(province=ctx.province, organisation=ctx.orgs["dost"]).exists()
        assert directive.tasks.get(ref="3.1").assignments.get().organisation == ctx.orgs["dost"]


def test_builtin_sample_extracts_tasks():
    from attt.directives.extract import extract_text

    extraction = extract_text(demo.SAMPLE.read_text(encoding="utf-8"))
    assert extraction.number == "900/UBND-KH&CĐS" and len(extraction.tasks) >= 3
