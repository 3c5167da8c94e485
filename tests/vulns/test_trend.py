"""The quarterly trend: one selector behind the page section and the API."""
from __future__ import annotations

import datetime as dt

import pytest

from attt.core import clock
from attt.vulns import selectors, services
from attt.vulns.models import Finding

from tests.ui_text import problems

from .conftest import sample

pytestmark = pytest.mark.django_db


def local(y, m, d):
    return clock.aware(dt.datetime(y, m, d, 10, 0))


@pytest.fixture
def history(world, estate, on_day):
    """Seven findings of commune A (portal.nessus), dated across the last quarters."""
    services.scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                         stream=sample("portal.nessus"), filename="portal.nessus")
    rows = {f.plugin_id: f.pk for f in Finding.objects.all()}
    assert len(rows) == 7

    def set_(plugin, **fields):
        Finding.objects.filter(pk=rows[plugin]).update(**fields)

    # Log4j (critical): seen 10/05/2025 (Q2), due 25/05/2025, fixed 15/08/2025 (Q3): open+overdue at end of Q2.
    set_("156860", first_seen=local(2025, 5, 10), due_date=dt.date(2025, 5, 25), fixed_at=local(2025, 8, 15),
         state="fixed", active=False)
    # Apache (high): seen 01/10/2025 (Q4), due 31/10/2025, still open: open+overdue at end of Q4 and now.
    set_("183391", first_seen=local(2025, 10, 1), due_date=dt.date(2025, 10, 31))
    # SQL Server (high): seen 20/12/2025 (Q4), due 19/01/2026: open at end of Q4, not overdue then.
    set_("165701", first_seen=local(2025, 12, 20), due_date=dt.date(2026, 1, 19))
    # A false positive marked in Q3: open at end of Q2 only.
    set_("51192", first_seen=local(2025, 6, 1), due_date=None, fixed_at=local(2025, 7, 2), state="false_positive",
         active=False)
    return rows


def by_quarter(rows):
    return {r["quarter"]: r for r in rows}


def test_quarters_count_new_fixed_open_and_overdue_by_severity(world, history):
    q = by_quarter(selectors.quarterly_trend(user=world.users["specialist"], quarters=4))
    assert list(q) == ["Q2/2025", "Q3/2025", "Q4/2025", "Q1/2026"]
    assert q["Q1/2026"]["end"] == dt.date(2026, 3, 2) and q["Q2/2025"]["start"] == dt.date(2025, 4, 1)
    assert q["Q2/2025"]["new"]["total"] == 2 and q["Q2/2025"]["new"]["critical"] == 1
    assert q["Q2/2025"]["open"]["total"] == 2 and q["Q2/2025"]["overdue"] == dict(
        critical=1, high=0, medium=0, low=0, info=0, total=1)
    assert q["Q3/2025"]["fixed"]["critical"] == 1 and q["Q3/2025"]["fixed"]["total"] == 1  # not the false positive
    assert q["Q3/2025"]["open"]["total"] == 0
    assert q["Q4/2025"]["new"]["high"] == 2 and q["Q4/2025"]["open"]["high"] == 2
    assert q["Q4/2025"]["overdue"]["high"] == 1
    # Q1/2026 up to today: the 3 untouched findings were first seen today by the import.
    assert q["Q1/2026"]["new"]["total"] == 3 and q["Q1/2026"]["open"]["total"] == 5
    assert q["Q1/2026"]["overdue"]["high"] == 2
    eight = selectors.quarterly_trend(user=world.users["specialist"], quarters=8)
    assert [r["quarter"] for r in eight][:2] == ["Q2/2024", "Q3/2024"] and len(eight) == 8


def test_scope_a_unit_and_another_unit(world, history):
    mine = by_quarter(selectors.quarterly_trend(user=world.users["specialist"], unit=world.org("commune_a")))
    theirs = by_quarter(selectors.quarterly_trend(user=world.users["specialist"], unit=world.org("commune_b")))
    assert mine["Q1/2026"]["open"]["total"] == 5 and theirs["Q1/2026"]["open"]["total"] == 0
    outsider = by_quarter(selectors.quarterly_trend(user=world.users["officer_b"]))
    assert outsider["Q1/2026"]["open"]["total"] == 0


def test_page_and_api(world, history, client_for):
    c = client_for("specialist")
    page = c.get(f"/vulns/trend/?unit={world.org('commune_a').pk}&quarters=4").content.decode()
    assert 'data-quarter="Q4/2025"' in page and "<svg" in page and "Lỗ hổng quá hạn cuối quý" in page
    assert 'id="nav-trend"' in page and problems(page) == []
    assert c.get("/vulns/trend/?unit=abc").status_code == 200
    assert c.get("/vulns/trend/?unit=99999999").status_code == 404
    assert client_for("officer_b").get(f"/vulns/trend/?unit={world.org('commune_a').pk}").status_code == 404
    api = client_for("specialist").get("/api/v1/vulns/trend?quarters=4")
    assert api.status_code == 200
    body = api.json()
    assert [r["quarter"] for r in body] == ["Q2/2025", "Q3/2025", "Q4/2025", "Q1/2026"]
    assert body[0]["overdue"]["critical"] == 1 and set(body[0]["new"]) == {"critical", "high", "medium", "low", "info",
                                                                           "total"}
    assert c.get("/api/v1/vulns/trend?quarters=3").status_code == 422
    schema = c.get("/api/v1/openapi.json").json()
    assert "TrendQuarterOut" in schema["components"]["schemas"]


def test_matches_a_count_finding_by_finding(world, estate, on_day):
    """Random findings (every state, deadlines or none, closed or not, some in the future of a
    quarter's end): the selector's figures equal a plain count over the rows."""
    import random

    from django.utils import timezone

    scan = services.scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                stream=sample("portal.nessus"), filename="portal.nessus")
    p = estate["portal"]
    rnd = random.Random(2)
    base = clock.aware(dt.datetime(2024, 1, 1, 8, 0))
    rows = []
    for i in range(2000):
        seen = base + dt.timedelta(days=rnd.randint(0, 790), hours=rnd.randint(0, 23))
        fixed = seen + dt.timedelta(days=rnd.randint(0, 200), hours=rnd.randint(0, 23)) if rnd.random() < 0.6 else None
        state = rnd.choice(["fixed", "false_positive"]) if fixed else rnd.choice(["open", "risk_accepted"])
        due = seen.date() + dt.timedelta(days=rnd.randint(0, 120)) if rnd.random() < 0.8 else None
        rows.append(Finding(system=p, owner_path=p.owner_path, operator_path=p.operator_path, scanner="nessus",
                            hash=f"h{i}", host="10.10.1.10", title="t", severity=i % 5, first_seen=seen, last_seen=seen,
                            due_date=due, fixed_at=fixed, state=state, active=state == "open", first_scan=scan,
                            last_scan=scan))
    Finding.objects.bulk_create(rows)
    out = selectors.quarterly_trend(user=world.users["specialist"], quarters=8)
    tz = timezone.get_current_timezone()
    every = list(Finding.objects.all())
    for r in out:
        lo = dt.datetime.combine(r["start"], dt.time.min, tzinfo=tz)
        hi = dt.datetime.combine(r["end"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        for sev, name in selectors.SEVERITY_KEYS:
            fs = [f for f in every if f.severity == sev]
            still = [f for f in fs if f.first_seen < hi and (f.fixed_at is None or f.fixed_at >= hi)]
            expected = (sum(lo <= f.first_seen < hi for f in fs),
                        sum(f.state == "fixed" and f.fixed_at is not None and lo <= f.fixed_at < hi for f in fs),
                        len(still), sum(f.due_date is not None and f.due_date < r["end"] for f in still))
            assert (r["new"][name], r["fixed"][name], r["open"][name], r["overdue"][name]) == expected, (r["quarter"],
                                                                                                      name)
