"""A record that proves a duty fulfils it: the sent quarterly report closes the unit's
quarterly-report duty (and its public-service centre's, by the regime's `covered_by_parent`), with
no second upload; the same record twice changes nothing; a withdrawn record opens the duty again."""
import pytest
from django.urls import reverse

from attt.core.models import AuditEvent
from attt.obligations import services
from attt.obligations.fulfilment import fulfil_by_record, fulfilled_by, withdraw_record
from attt.obligations.models import DutyRule, Occurrence, Submission
from attt.reporting import services as reporting
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db
Q4 = Period(2026, 4)


@pytest.fixture
def duties(world, frozen_time):
    frozen_time("2026-11-21 09:30")
    services.sync_duty_rules()
    services.generate_occurrences()
    return world


def _quarterly(org):
    return Occurrence.objects.get(organisation=org, rule__code="quarterly-report", period_start__year=2026,
                                  period_start__month=10)


def test_regime_data_says_a_commune_reports_for_its_centre(duties):
    rule = DutyRule.objects.get(key="new-nd331:quarterly-report", active=True)
    assert rule.covered_by_parent == ["service_centre"]


def test_sending_the_quarterly_report_fulfils_the_duty_of_the_unit_and_its_centre(duties):
    world = duties
    commune, centre, other = world.org("commune_a"), world.org("centre_a"), world.org("commune_b")
    assert _quarterly(commune).status == Occurrence.Status.PENDING
    assert _quarterly(centre).status == Occurrence.Status.PENDING
    report = reporting.report_create(actor=world.users["unit_officer"], organisation=commune, period=Q4)
    reporting.report_submit(actor=world.users["unit_officer"], report=report)

    for org in (commune, centre):
        occ = _quarterly(org)
        assert occ.status == Occurrence.Status.ACCEPTED, org
        submission = occ.submissions.get()
        assert not submission.file and submission.record_id == report.pk
        assert submission.record_url == report.get_absolute_url()
        assert "Báo cáo tình hình" in submission.record_label
    assert _quarterly(other).status == Occurrence.Status.PENDING  # not a child of the commune
    assert {o.organisation_id for o in fulfilled_by(report)} == {commune.pk, centre.pk}
    assert AuditEvent.objects.filter(action="duty.fulfil").count() == 2


def test_the_same_record_twice_changes_nothing_and_a_withdrawal_reopens(duties):
    world = duties
    commune = world.org("commune_a")
    report = reporting.report_create(actor=world.users["unit_officer"], organisation=commune, period=Q4)
    first = fulfil_by_record(actor=None, duty="quarterly-report", organisation=commune, on=Q4.end,
                             record=report, label="Báo cáo quý IV")
    again = fulfil_by_record(actor=None, duty="quarterly-report", organisation=commune, on=Q4.end,
                             record=report, label="Báo cáo quý IV")
    assert len(first) == 2 and again == []
    assert Submission.objects.filter(record_id=report.pk).count() == 2
    reopened = withdraw_record(actor=world.users["specialist"], record=report, reason="Báo cáo bị rút lại")
    assert {o.status for o in reopened} == {Occurrence.Status.RETURNED}
    assert _quarterly(commune).status == Occurrence.Status.RETURNED


def test_a_record_outside_any_open_period_fulfils_nothing(duties):
    world = duties
    commune = world.org("commune_a")
    report = reporting.report_create(actor=world.users["unit_officer"], organisation=commune, period=Q4)
    early = Period(2020, 1)
    assert fulfil_by_record(actor=None, duty="quarterly-report", organisation=commune, on=early.end,
                            record=report, label="x") == []
    assert fulfil_by_record(actor=None, duty="no-such-duty", organisation=commune, on=Q4.end,
                            record=report, label="x") == []


def test_the_occurrence_page_links_the_record_instead_of_a_file(duties, client_for):
    world = duties
    commune = world.org("commune_a")
    report = reporting.report_create(actor=world.users["unit_officer"], organisation=commune, period=Q4)
    reporting.report_submit(actor=world.users["unit_officer"], report=report)
    page = client_for("unit_officer").get(_quarterly(commune).get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hoàn thành bởi hồ sơ trong ATTT" in html and report.get_absolute_url() in html
    submission = _quarterly(commune).submissions.get()
    assert client_for("unit_officer").get(reverse("obligations:submission_file", args=[submission.pk])).status_code == 404
