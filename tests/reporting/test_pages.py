import io

import pytest
from django.urls import reverse

from attt.core.models import Job
from attt.reporting import selectors, services
from attt.reporting.models import Report
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db
Q3 = Period(2025, 3)


def test_dashboard_figures_equal_hand_computed(world, coverage):
    board = selectors.dashboard(user=world.users["province_leader"], period=Q3)
    ratios = {r.key: (r.n, r.d) for r in board.ratios}
    assert ratios["antimalware"] == (38, 70) and ratios["licensed_os"] == (53, 70)
    assert ratios["soc"] == (4, 5) and ratios["trained"] == (4, 6)
    assert board.budget["share"] == 8.0 and board.budget["ok"] is False
    assert board.submissions["expected"] == 4 and board.submissions["submitted"] == 0
    kinds = {k["kind"]: k for k in board.kinds}
    assert kinds["service_centre"]["values"]["computers_total"] == 10
    assert not board.overdue_duties and all(n == 0 for _m, n in board.incidents)  # none in this fixture
    top = board.scorecard[0]
    assert top["unit"].code == "P1-TC"  # finance has the best ratios


def test_dashboard_page_changes_when_a_unit_submits(world, coverage, client_for, django_assert_max_num_queries):
    client = client_for("province_leader")
    url = reverse("reporting:dashboard") + "?period=2025-Q3"
    client.get(url)
    with django_assert_max_num_queries(30):
        page = client.get(url)
    assert "38/70" in page.content.decode() and 'id="submitted-count">0/4' in page.content.decode()
    officer = world.users["unit_officer"]
    services.report_submit(actor=officer, report=services.report_create(
        actor=officer, organisation=world.org("commune_a"), period=Q3))
    page = client.get(url)
    assert 'id="submitted-count">1/4' in page.content.decode()


def test_drill_down_lists_the_units_behind_a_figure(world, coverage, client_for):
    page = client_for("auditor").get(reverse("reporting:figure", args=["antimalware"]) + "?period=2025-Q3")
    body = page.content.decode()
    assert page.status_code == 200 and "38/70" in body
    assert "Sở Tài chính" in body and "Xã An Bình" in body
    assert client_for("auditor").get(reverse("reporting:figure", args=["nonsense"])).status_code == 404


def test_future_period_on_dashboard_gives_a_message(world, coverage, client_for):
    page = client_for("specialist").get(reverse("reporting:dashboard") + "?period=2030-Q1", follow=True)
    assert "chưa bắt đầu" in page.content.decode()


def test_unit_flow_through_pages(world, coverage, client_for, django_capture_on_commit_callbacks):
    client = client_for("unit_officer")
    page = client.post(reverse("reporting:report_new"), {"organisation": world.org("commune_a").pk, "period": "2025-Q3"})
    report = Report.objects.get()
    assert page.status_code == 302 and page["Location"] == report.get_absolute_url()
    client.post(reverse("reporting:report_edit", args=[report.pk]), {"summary": "Tình hình ổn định.",
                                                                      "signer_title": "CHỦ TỊCH"})
    client.post(reverse("reporting:report_submit", args=[report.pk]))
    page = client.post(reverse("reporting:report_submit", args=[report.pk]), follow=True)
    assert "không gửi lại lần nữa" in page.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.summary == "Tình hình ổn định."
    with django_capture_on_commit_callbacks(execute=True):  # the export job runs when the request commits
        started = client.post(reverse("reporting:report_export", args=[report.pk, "docx"]))
    job = Job.objects.get(user=world.users["unit_officer"])
    assert started.status_code == 302 and job.state == Job.State.DONE and job.result_name.endswith(".docx")
    assert reverse("jobs:download", args=[job.pk]) in client.get(started.url).content.decode()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"
    assert client_for("officer_b").get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_snapshot_form_shows_clear_messages(world, today, client_for):
    client = client_for("unit_officer")
    page = client.post(reverse("reporting:coverage_new"), {
        "organisation": world.org("commune_a").pk, "as_of": "10/09/2025", "computers_total": "10",
        "computers_antimalware": "12", "it_budget_total": "100", "security_budget": "mười phần trăm"})
    body = page.content.decode()
    assert page.status_code == 200 and "phải là số" in body
    page = client.post(reverse("reporting:coverage_new"), {
        "organisation": world.org("commune_a").pk, "as_of": "10/09/2025", "computers_total": "10",
        "computers_antimalware": "12"})
    assert "không thể lớn hơn" in page.content.decode()
    page = client.post(reverse("reporting:coverage_new"), {
        "organisation": world.org("commune_a").pk, "as_of": "10/09/2025", "computers_total": "10",
        "computers_antimalware": "2"})
    assert page.status_code == 302


def test_report_list_query_count(world, coverage, client_for, django_assert_max_num_queries):
    for who, org in (("unit_officer", "commune_a"), ("unit_head", "finance"), ("officer_b", "commune_b")):
        services.report_create(actor=world.users[who], organisation=world.org(org), period=Q3)
    client = client_for("specialist")
    client.get(reverse("reporting:report_list"))  # the first request of a session does its own bookkeeping
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reporting:report_list"))
    assert page.content.decode().count("report_detail") == 0 and page.status_code == 200
    assert "Phường Bình Minh" in page.content.decode()


def test_api_coverage_reports_and_dashboard(world, today):
    from django.test import Client

    from attt.orgs.services import token_create

    token = token_create(actor=world.users["unit_officer"], name="t")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"organisation_id": world.org("commune_a").pk, "as_of": "2025-09-01", "computers_total": 10,
            "computers_antimalware": 11}
    bad = client.post("/api/v1/reports/coverage", body, content_type="application/json")
    assert bad.status_code == 400 and "không thể lớn hơn" in bad.json()["detail"]
    body["computers_antimalware"] = 4
    assert client.post("/api/v1/reports/coverage", body, content_type="application/json").status_code == 201
    text = client.post("/api/v1/reports/coverage", {**body, "as_of": "2025-09-02", "security_budget": "nhiều"},
                       content_type="application/json")
    assert text.status_code == 422
    created = client.post("/api/v1/reports", {"organisation_id": world.org("commune_a").pk, "period": "2025-Q3"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["figures"]["coverage"]["figures"][0][2] == 10
    rid = created.json()["id"]
    assert client.post(f"/api/v1/reports/{rid}/submit").json()["status"] == "submitted"
    again = client.post(f"/api/v1/reports/{rid}/submit")
    assert again.status_code == 400 and "không gửi lại" in again.json()["detail"]
    future = client.post("/api/v1/reports", {"organisation_id": world.org("commune_a").pk, "period": "2026-Q1"},
                         content_type="application/json")
    assert future.status_code == 400
    lead = token_create(actor=world.users["province_leader"], name="t")[1]
    board = Client(HTTP_AUTHORIZATION=f"Bearer {lead}").get("/api/v1/reports/dashboard?period=2025-Q3").json()
    ratios = {r["key"]: (r["numerator"], r["denominator"]) for r in board["ratios"]}
    assert ratios["antimalware"] == (4, 10) and board["units_submitted"] == 1
