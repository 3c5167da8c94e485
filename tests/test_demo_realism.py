"""The demo is the shop window (issue 14): reviewed task text (no OCR garble), a warning that
cites real advisories of the product it names, only reporting bodies owe quarterly reports."""
from __future__ import annotations

from tests.test_demo_crawl import demo_world  # noqa: F401 - fixture

GARBLE = ("chirc", "dugc", "xtr ", "Văn ban", "hudéng", "thyc", "b&o", "SÓC", "quý định", "trude")


def test_demo_reads_like_a_real_province(demo_world):
    from attt.directives.models import Task
    from attt.incidents.models import Warning
    from attt.orgs.models import Organisation
    from attt.reporting import figures

    tasks = list(Task.objects.all())
    assert len(tasks) >= 10
    garbled = [t.ref for t in tasks if any(word in t.text for word in GARBLE)]
    assert garbled == []
    warning = Warning.objects.get()
    assert "nginx" in warning.title.lower()
    assert "CVE-2024-3400" not in warning.cves and "CVE-2024-7347" in warning.cves
    province = Organisation.objects.get(kind="province")
    kinds = {u.kind for u in figures.reporting_units(province)}
    assert kinds and not kinds & {"provider", "response_team"}
