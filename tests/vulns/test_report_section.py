"""The vulnerabilities figures reach the periodic reports and the dashboard through one report
section: active findings by severity, those past their fixing deadline, and the units with
overdue findings in the scorecard; the card links to the overdue list."""
import datetime as dt

import pytest
from django.urls import reverse

from attt.core import clock
from attt.reporting import sections, selectors
from attt.reporting.periods import Period
from attt.vulns.models import Finding
from attt.vulns.services import scan_import

from .conftest import sample

pytestmark = pytest.mark.django_db
Q1 = Period(2026, 1)
Q2 = Period(2026, 2)


@pytest.fixture
def imported(world, estate):
    scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                stream=sample("portal.nessus"), filename="portal.nessus")
    return world


def _figures(data) -> dict:
    return {k: v for k, _label, v in data.figures}


def test_section_counts_open_findings_by_severity_and_overdue(imported):
    world = imported
    active = Finding.objects.filter(state__in=Finding.ACTIVE, owner_path__startswith=world.org("commune_a").path)
    critical = active.filter(severity=4).count()
    assert critical >= 1
    section = sections.get("vulnerabilities")
    now = _figures(section.provide(world.org("commune_a"), Q1, world.users["unit_officer"]))
    assert now["findings_critical"] == critical and now["findings_overdue"] == 0
    assert now["scans_imported"] == 1
    # Commune B sees none of commune A's findings.
    other = _figures(section.provide(world.org("commune_b"), Q1, world.users["officer_b"]))
    assert other["findings_critical"] == 0
    # Forty days later every critical and high finding is past its deadline (15 / 30 days).
    clock.travel_to(dt.datetime(2026, 4, 11, 9, 0))
    late = _figures(section.provide(world.org("commune_a"), Q2, world.users["unit_officer"]))
    assert late["findings_overdue"] == active.filter(due_date__lt=dt.date(2026, 4, 11)).count() >= critical
    rows = list(section.provide(world.org("commune_a"), Q2, world.users["unit_officer"]).rows)
    assert rows and rows[0][2] == critical


def test_dashboard_card_and_scorecard_show_overdue_findings(imported, client_for):
    world = imported
    clock.travel_to(dt.datetime(2026, 4, 11, 9, 0))
    board = selectors.dashboard(user=world.users["province_leader"], period=Q2)
    overdue = Finding.objects.filter(state__in=Finding.ACTIVE, due_date__lt=dt.date(2026, 4, 11)).count()
    assert board.vulns["findings_overdue"] == overdue > 0
    rows = {r["unit"].pk: r for r in board.scorecard}
    assert rows[world.org("commune_a").pk]["findings"] == overdue
    assert rows[world.org("commune_b").pk]["findings"] == 0
    html = client_for("province_leader").get(reverse("reporting:dashboard") + "?period=2026-Q2").content.decode()
    assert 'id="findings-overdue"' in html and reverse("vulns:findings") + "?overdue=1" in html
    assert 'data-col="findings"' in html


def test_section_gives_the_period_course_by_the_trend_definition(imported):
    """Open at the start, new in the period, open at its end: the same counts as the trend page
    (one definition), and they add up from one quarter to the next."""
    from attt.vulns.selectors import quarterly_trend

    world = imported
    org, user = world.org("commune_a"), world.users["unit_officer"]
    section = sections.get("vulnerabilities")
    active = Finding.objects.filter(state__in=Finding.ACTIVE, owner_path__startswith=org.path).count()
    clock.travel_to(dt.datetime(2026, 4, 11, 9, 0))
    q1 = _figures(section.provide(org, Q1, user))
    q2 = _figures(section.provide(org, Q2, user))
    assert q1["findings_new"] == active > 0 and q1["findings_open_start"] == 0
    assert q1["findings_open_end"] == q2["findings_open_start"] == active
    assert q2["findings_new"] == 0 and q2["findings_open_end"] == active  # nothing fixed, nothing new
    page = {r["quarter"]: r for r in quarterly_trend(user=user, unit=org, quarters=4)}
    assert page["Q1/2026"]["new"]["total"] == q1["findings_new"]
    assert page["Q1/2026"]["open"]["total"] == q1["findings_open_end"]
    # a future period: nothing yet
    assert _figures(section.provide(org, Period(2026, 4), user))["findings_new"] == 0


def test_the_dashboard_reads_the_section_without_the_course(imported):
    """The dashboard shows the section's figures on every view: the same keys and values, except
    the period's course (one pass over every finding of the province), which only reports carry."""
    world = imported
    section = sections.get("vulnerabilities")
    province, user = world.org("province"), world.users["province_leader"]
    full = _figures(section.provide(province, Q1, user))
    light = _figures(section.dashboard(province, Q1, user))
    assert set(full) - set(light) == {"findings_open_start", "findings_new", "findings_open_end"}
    assert all(full[k] == v for k, v in light.items())
    board = selectors.dashboard(user=user, period=Q1)
    assert board.vulns == light
