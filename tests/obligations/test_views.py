"""Pages: the calendar (grid and list), an occurrence, submit and review through forms,
download, rules and province settings."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attt.obligations import services
from attt.obligations.models import DutyRule, Occurrence, ProvinceSetting

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def generated(synced, on_day, world, make_system):
    on_day(dt.date(2026, 11, 21))
    make_system(level=3)
    services.generate_occurrences()
    return world


def commune_occ(world, key="new-nd331:quarterly-report"):
    return Occurrence.objects.filter(organisation=world.org("commune_a"), rule_key=key).order_by("due_date").first()


def test_month_grid_shows_the_units_occurrences_and_highlights_overdue(generated, client_for, on_day, world):
    client = client_for("unit_officer")
    page = client.get(reverse("obligations:calendar") + "?month=2026-12")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Báo cáo quý tình hình bảo đảm" in html and 'data-day="2026-12-15"' in html
    assert "Cát Tiên" not in html  # the other province's commune
    on_day(dt.date(2026, 12, 16))
    html = client.get(reverse("obligations:calendar") + "?month=2026-12").content.decode()
    assert 'table-danger" data-day="2026-12-15"' in html and 'data-state="overdue"' in html


def test_province_grid_groups_many_occurrences_per_day(generated, client_for, world):
    from attt.obligations import selectors

    selectors.ITEMS_LIMIT, old = 2, selectors.ITEMS_LIMIT
    try:
        html = client_for("specialist").get(reverse("obligations:calendar") + "?month=2026-12").content.decode()
    finally:
        selectors.ITEMS_LIMIT = old
    assert "Chưa nộp, còn hạn: 5" in html  # five units of province P report on 15/12


def test_list_filters_and_counts(generated, client_for, world):
    client = client_for("specialist")
    url = reverse("obligations:calendar")
    page = client.get(url, {"view": "list", "unit": world.org("commune_a").pk, "duty": "new-nd331:quarterly-report"})
    rows = [o for o in page.context["page"]]
    assert rows and all(o.organisation.path.startswith(world.org("commune_a").path) for o in rows)  # its subtree
    assert {o.organisation for o in rows} == {world.org("commune_a"), world.org("centre_a")}
    assert all(o.rule_key == "new-nd331:quarterly-report" for o in rows)
    bad = client.get(url, {"view": "list", "from": "31/02/2026"})
    assert bad.status_code == 200 and "31/02/2026" in bad.content.decode() and "không phải một ngày có thật" in bad.content.decode()
    assert client.get(url, {"unit": world.org("commune_q").pk}).status_code == 404
    assert client.get(url, {"month": "2026-13"}).status_code == 200


def test_list_query_count_does_not_grow_with_rows(generated, client_for, django_assert_max_num_queries):
    client = client_for("specialist")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("obligations:calendar"), {"view": "list"}).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("obligations:calendar"), {"month": "2026-12"}).status_code == 200


def test_submit_through_the_form_then_review_and_download(generated, client_for, world):
    occ = commune_occ(world)
    officer = client_for("unit_officer")
    page = officer.get(occ.get_absolute_url())
    assert 'id="submit-form"' in page.content.decode()
    response = officer.post(reverse("obligations:occurrence_submit", args=[occ.pk]),
                            {"file": SimpleUploadedFile("bc.pdf", PDF), "note": "Đã nộp"})
    assert response.status_code == 302
    twice = officer.post(reverse("obligations:occurrence_submit", args=[occ.pk]),
                         {"file": SimpleUploadedFile("bc.pdf", PDF)})
    assert twice.status_code == 400 and "đang chờ xem xét" in twice.content.decode()
    bad = client_for("unit_officer").post(reverse("obligations:occurrence_submit", args=[commune_occ(
        world, "new-nd331:annual-report-operator").pk]), {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 400 and "chương trình" in bad.content.decode()
    submission = occ.submissions.get()
    download = officer.get(reverse("obligations:submission_file", args=[submission.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for("officer_b").get(reverse("obligations:submission_file", args=[submission.pk])).status_code == 404
    specialist = client_for("specialist")
    assert 'id="review-form"' in specialist.get(occ.get_absolute_url()).content.decode()
    r = specialist.post(reverse("obligations:submission_review", args=[submission.pk]), {"decision": "return"})
    assert r.status_code == 400 and "lý do trả lại" in r.content.decode()
    r = specialist.post(reverse("obligations:submission_review", args=[submission.pk]),
                        {"decision": "accept", "comment": "Tốt"})
    assert r.status_code == 302
    occ.refresh_from_db()
    assert occ.status == "accepted"


def test_rule_edit_form_makes_a_new_version_and_reports_impossible_dates(generated, client_for):
    rule = DutyRule.objects.get(key="new-nd331:annual-report-operator", active=True)
    client = client_for("specialist")
    url = reverse("obligations:rule_edit", args=[rule.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="15/12"' in form.content.decode()
    data = {"title": rule.title, "source": rule.source, "active": "on", "target_kinds": rule.target_kinds,
            "due_kind": "yearly", "due_day": "31", "due_month": "2", "window_start": "15/12", "window_end": "14/12"}
    bad = client.post(url, data)
    assert bad.status_code == 200 and "31/02 không tồn tại" in bad.content.decode()
    bad = client.post(url, {**data, "due_day": "20", "due_month": "12", "window_start": "31/02"})
    assert "31/02 không tồn tại" in bad.content.decode()
    ok = client.post(url, {**data, "due_day": "18", "due_month": "12"})
    assert ok.status_code == 302
    new = DutyRule.objects.get(key=rule.key, active=True)
    assert new.version == 2 and new.due["day"] == 18
    assert not Occurrence.objects.filter(rule_key=rule.key, due_date=dt.date(2026, 12, 20)).exists()
    assert Occurrence.objects.filter(rule_key=rule.key, due_date=dt.date(2026, 12, 18)).exists()


def test_province_setting_page(generated, client_for, world):
    client = client_for("specialist")
    url = reverse("obligations:setting_edit", args=[world.org("province").pk])
    bad = client.post(url, {"quarterly_report_due_day": "32", "province_report_due_day": "20"})
    assert bad.status_code == 200 and "từ 1 đến 31" in bad.content.decode()
    assert client.post(url, {"quarterly_report_due_day": "20", "province_report_due_day": "20"}).status_code == 302
    assert ProvinceSetting.objects.get(province=world.org("province")).quarterly_report_due_day == 20
    assert commune_occ(world).due_date == dt.date(2026, 12, 20)
    listing = client.get(reverse("obligations:settings")).content.decode()
    assert 'data-setting="quarterly">20<' in listing


def test_sync_and_generate_buttons(world, client_for, on_day):
    on_day(dt.date(2026, 11, 21))
    client = client_for("specialist")
    assert client.post(reverse("obligations:rules_sync")).status_code == 302
    assert DutyRule.objects.filter(origin="regime").exists()
    assert client.post(reverse("obligations:generate")).status_code == 302
    assert Occurrence.objects.filter(organisation__path__startswith=world.org("province").path).exists()
    assert not Occurrence.objects.filter(organisation=world.org("commune_q")).exists()  # only the own province
    assert "Nhiệm vụ định kỳ" in client.get(reverse("home")).content.decode()


def test_search_without_diacritics_finds_a_duty(synced, client_for):
    html = client_for("unit_officer").get(reverse("search"), {"q": "ra quet lo hong"}).content.decode()
    assert "Rà quét lỗ hổng" in html and "duty=new-nd331%3Avulnerability-scan" in html
