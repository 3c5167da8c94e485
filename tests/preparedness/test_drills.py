"""Drills: planned, recorded (never in the future), findings become remediation tasks with an
owner and a deadline (overdue state), the live-drill duty of covered level 3+ systems fulfilled."""
import datetime as dt

import pytest

from attt.core.errors import DomainError
from attt.preparedness import selectors, services
from attt.preparedness.models import Drill, DrillFinding

pytestmark = pytest.mark.date_sensitive


def _drill(world, systems, *, org="province", actor="specialist", planned_on=dt.date(2026, 11, 18)):
    return services.drill_plan(actor=world.users[actor], organisation=world.org(org), title="Diễn tập tỉnh 2026",
                               scenario="ransomware", planned_on=planned_on, systems=systems,
                               participants="Đội ứng cứu, xã An Bình")


def test_a_drill_dated_in_the_future_cannot_be_recorded_done(world, make_system, now):
    drill = _drill(world, [make_system()], planned_on=dt.date(2026, 11, 25))
    with pytest.raises(DomainError, match="tương lai"):
        services.drill_record(actor=world.users["specialist"], drill=drill, held_on=dt.date(2026, 11, 21),
                              findings=[{"description": "x", "organisation": world.org("commune_a"),
                                         "deadline": dt.date(2026, 12, 31)}])
    drill.refresh_from_db()
    assert drill.state == Drill.State.PLANNED and not DrillFinding.objects.exists()


def test_findings_need_a_unit_in_scope_and_a_deadline_nothing_half_saved(world, make_system, now):
    drill = _drill(world, [make_system()])
    with pytest.raises(DomainError, match="Phát hiện 2"):
        services.drill_record(actor=world.users["specialist"], drill=drill, held_on=dt.date(2026, 11, 18), findings=[
            {"description": "Sao lưu chưa kiểm tra", "organisation": world.org("commune_a"),
             "deadline": dt.date(2026, 12, 31)},
            {"description": "Ngoài tỉnh", "organisation": world.org("commune_q"), "deadline": dt.date(2026, 12, 31)}])
    drill.refresh_from_db()
    assert drill.state == Drill.State.PLANNED and not DrillFinding.objects.exists()


def test_a_done_drill_fulfils_live_drill_of_level_3_systems_and_findings_become_tasks(world, make_system, duties,
                                                                                        frozen_time):
    from attt.obligations.models import Occurrence

    l3, l2 = make_system("Cổng dịch vụ công xã", level=3), make_system("Trang tin xã", level=2)
    duties()
    drill = _drill(world, [l3, l2])
    services.drill_record(actor=world.users["specialist"], drill=drill, held_on=dt.date(2026, 11, 18),
                          timeline="08:00 phát hiện; 09:30 cô lập", what_worked="Sao lưu khôi phục tốt",
                          findings=[{"description": "Chưa có danh bạ khẩn cấp", "organisation": world.org("commune_a"),
                                     "deadline": dt.date(2026, 12, 15)}])
    from attt.obligations.fulfilment import fulfilled_by

    live = Occurrence.objects.get(rule__code="live-drill", system=l3, period_start__year=2026)
    assert live.status == Occurrence.Status.ACCEPTED
    assert fulfilled_by(drill) == [live]
    submission = live.submissions.get()
    assert submission.record_url == drill.get_absolute_url() and "Diễn tập tỉnh 2026" in submission.record_label
    assert not Occurrence.objects.filter(rule__code="live-drill", system=l2).exists()
    finding = DrillFinding.objects.get()
    assert finding.organisation == world.org("commune_a") and finding.status == "open"
    # the commune sees its remediation task; another commune does not
    assert list(selectors.findings_open(user=world.users["unit_officer"])) == [finding]
    assert not selectors.findings_open(user=world.users["officer_b"]).exists()
    # the commune does not see the province's drill itself, but knows its province held one
    assert selectors.drill_figures(user=world.users["unit_officer"], year=2026)["province_drill_done"] is True
    assert selectors.drill_figures(user=world.users["officer_q"], year=2026)["province_drill_done"] is False
    figures = selectors.drill_figures(user=world.users["specialist"], year=2026)
    assert figures["done"] == 1 and figures["province_drill_done"] is True
    assert figures["systems_due"] == 1 and figures["systems_drilled"] == 1
    assert figures["findings_open"] == 1 and figures["findings_overdue"] == 0
    frozen_time("2026-12-16 09:00")
    assert finding.is_overdue
    assert selectors.drill_figures(user=world.users["specialist"], year=2026)["findings_overdue"] == 1
    services.finding_close(actor=world.users["unit_officer"], finding=finding, resolution="Đã lập danh bạ")
    assert not selectors.findings_open(user=world.users["unit_officer"]).exists()


def test_a_commune_cannot_drill_another_units_system(world, make_system, now):
    with pytest.raises(DomainError, match="không thuộc phạm vi"):
        _drill(world, [make_system(operator="commune_b")], org="commune_a", actor="unit_officer")


def test_drill_records_import_all_or_nothing(world, make_system, now, client_for, django_capture_on_commit_callbacks):
    """The import page starts a job: a wrong row fails it with the row listed and nothing saved."""
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from attt.core.models import Job
    from attt.preparedness import tabular

    from tests.imports_via_job import post_import

    make_system("Cổng dịch vụ công xã")

    def xlsx(rows):
        wb = openpyxl.Workbook()
        wb.active.append(["Tên cuộc diễn tập", "Mã đơn vị", "Kịch bản", "Ngày dự kiến", "Ngày thực hiện", "Hệ thống"])
        for r in rows:
            wb.active.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        return SimpleUploadedFile("dien-tap.xlsx", buf.getvalue())

    client = client_for("specialist")
    bad = xlsx([["Diễn tập 1", "P1", "Mã độc tống tiền", "10/11/2026", "10/11/2026", "Cổng dịch vụ công xã"],
                ["Diễn tập 2", "P1", "DDoS?", "01/12/2026", "01/12/2026", "Không có"]])
    _r, job, page = post_import(client, "/preparedness/drills/import/", django_capture_on_commit_callbacks,
                                {"file": bad})
    assert job.kind == tabular.DRILLS_IMPORT and job.state == Job.State.FAILED
    rows = job.error.splitlines()[1:]
    assert job.error.startswith("Tệp có 1 dòng sai; chưa lưu dòng nào.")
    assert len(rows) == 1 and rows[0].startswith("Dòng 3: ") and "tương lai" in rows[0] and "Dòng 3: " in page
    assert not Drill.objects.exists()
    good = xlsx([["Diễn tập 1", "P1", "Mã độc tống tiền", "10/11/2026", "10/11/2026", "Cổng dịch vụ công xã"],
                 ["Diễn tập 2", "P1", "ddos", "01/12/2026", "", ""]])
    _r, job, page = post_import(client, "/preparedness/drills/import/", django_capture_on_commit_callbacks,
                                {"file": good})
    assert job.state == Job.State.DONE and job.result_text == "Đã nhập 2 cuộc diễn tập (1 đã thực hiện)."
    assert job.result_url == "/preparedness/drills/" and job.result_text in page
    assert Drill.objects.filter(state="done").get().systems.count() == 1
    # a file without a required column is refused in the request; no job is started
    response = client.post("/preparedness/drills/import/", {
        "file": SimpleUploadedFile("x.csv", "Tên cuộc diễn tập,Mã đơn vị\nA,P1\n".encode())})
    assert "Tệp thiếu cột: Kịch bản, Ngày dự kiến." in response.content.decode()
    assert Job.objects.filter(kind=tabular.DRILLS_IMPORT).count() == 2


def test_api_plans_and_records_a_drill_with_findings(world, make_system, now):
    from django.test import Client

    from attt.orgs.services import token_create

    system = make_system()
    key = token_create(actor=world.users["specialist"], name="t")[1]

    def post(url, data):
        return Client().post(url, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")

    r = post("/api/v1/preparedness/drills", {"organisation_id": world.org("province").pk, "title": "Diễn tập API",
                                             "scenario": "outage", "planned_on": "2026-11-19", "system_ids": [system.pk]})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = post(f"/api/v1/preparedness/drills/{pk}/record", {"held_on": "2026-11-21"})
    assert r.status_code == 400 and "tương lai" in r.json()["detail"]
    r = post(f"/api/v1/preparedness/drills/{pk}/record", {"held_on": "2026-11-19", "findings": [
        {"description": "Thiếu nguồn dự phòng", "organisation_id": world.org("commune_a").pk, "deadline": "2026-12-20"}]})
    assert r.status_code == 200 and r.json()["state"] == "done" and r.json()["findings"][0]["overdue"] is False
    assert post("/api/v1/preparedness/drills", {"organisation_id": world.org("province").pk, "title": "X",
                                                "scenario": "ddos", "planned_on": 20261119}).status_code in (400, 422)
