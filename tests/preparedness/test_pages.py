"""Pages: every page answers for the roles that see it, forms save through the services and show
the services' messages, a foreign id is a 404, the plan exports as an official document."""
import datetime as dt

import pytest

from attt.preparedness import services
from attt.preparedness.models import Drill, DrillFinding, ResponsePlan

from .conftest import CONTENT

pytestmark = pytest.mark.date_sensitive

PAGES = ["/preparedness/", "/preparedness/plans/", "/preparedness/plans/new/", "/preparedness/drills/",
         "/preparedness/drills/new/", "/preparedness/findings/", "/preparedness/suppliers/",
         "/preparedness/suppliers/new/", "/preparedness/suppliers/import/", "/preparedness/suppliers/dependencies/",
         "/preparedness/hosting/", "/preparedness/drills/export/"]


@pytest.mark.parametrize("who", ["specialist", "unit_officer", "province_leader"])
def test_pages_answer(client_for, world, now, who):
    for url in PAGES:
        status = client_for(who).get(url).status_code
        if who == "province_leader" and url.endswith("/new/") or (who == "province_leader" and "import" in url):
            assert status == 403, url
        else:
            assert status == 200, url


def test_plan_form_needs_a_scenario_then_saves(client_for, world, make_system, now):
    system = make_system()
    client = client_for("unit_officer")
    data = {"title": "Phương án xã", "organisation": world.org("commune_a").pk, "systems": [system.pk],
            "escalation_team": "Đội ứng cứu tỉnh", "rto_hours": "4"}
    page = client.post("/preparedness/plans/new/", data).content.decode()
    assert "ít nhất một kịch bản" in page and not ResponsePlan.objects.exists()
    response = client.post("/preparedness/plans/new/", {**data, "sc_ddos": "on", "sd_ddos": "Chuyển hướng CDN"})
    plan = ResponsePlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Chuyển hướng CDN" in page and "Chưa phê duyệt" in page
    assert client_for("officer_b").get(plan.get_absolute_url()).status_code == 404


def test_drill_record_page_refuses_a_future_date_and_records_findings(client_for, world, make_system, now):
    drill = services.drill_plan(actor=world.users["specialist"], organisation=world.org("province"), title="Diễn tập",
                                scenario="ddos", planned_on=dt.date(2026, 11, 19), systems=[make_system()])
    client = client_for("specialist")
    data = {"held_on": "25/11/2026", "timeline": "08:00 bắt đầu", "f1_description": "Thiếu giám sát",
            "f1_organisation": world.org("commune_a").pk, "f1_deadline": "31/12/2026"}
    page = client.post(drill.get_absolute_url(), data).content.decode()
    assert "tương lai" in page and not DrillFinding.objects.exists()
    response = client.post(drill.get_absolute_url(), {**data, "held_on": "19/11/2026"})
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.state == Drill.State.DONE and DrillFinding.objects.get().deadline == dt.date(2026, 12, 31)
    page = client_for("unit_officer").get("/preparedness/findings/").content.decode()
    assert "Thiếu giám sát" in page
    finding = DrillFinding.objects.get()
    client_for("unit_officer").post(f"/preparedness/findings/{finding.pk}/close/", {"resolution": "Đã lắp giám sát"})
    finding.refresh_from_db()
    assert finding.status == "done"


def test_plan_document_renders_with_the_engine(world, make_system, now):
    from docx import Document
    import io

    from attt.preparedness.documents import plan_docx

    plan = services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                title="Phương án xã An Bình", systems=[make_system()], content=CONTENT)
    doc = Document(io.BytesIO(plan_docx(plan)))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "PHƯƠNG ÁN" in text and "Mã độc tống tiền" in text and "Nguyễn Văn A" in tables
    assert doc.core_properties.comments == "attt:response_plan:v1"


def test_plan_export_runs_as_a_job(client_for, world, make_system, now, django_capture_on_commit_callbacks):
    from attt.core.models import Job

    plan = services.plan_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                                title="Phương án", systems=[make_system()], content=CONTENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("unit_officer").post(f"/preparedness/plans/{plan.pk}/export/", {"format": "docx"})
    job = Job.objects.get(kind="preparedness.plan_export")
    assert response.status_code == 302 and f"job={job.pk}" in response["Location"]
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result_name.endswith(".docx")


def test_home_card(client_for, world, now):
    page = client_for("unit_officer").get("/").content.decode()
    assert 'id="preparedness-card"' in page and "Sẵn sàng ứng phó sự cố" in page


def test_a_planned_drill_can_be_cancelled_once(client_for, world, make_system, now):
    drill = services.drill_plan(actor=world.users["specialist"], organisation=world.org("province"), title="Diễn tập",
                                scenario="outage", planned_on=dt.date(2026, 12, 10), systems=[make_system()])
    client = client_for("specialist")
    client.post(f"/preparedness/drills/{drill.pk}/cancel/")
    drill.refresh_from_db()
    assert drill.state == Drill.State.CANCELLED
    page = client.post(f"/preparedness/drills/{drill.pk}/cancel/", follow=True).content.decode()
    assert "Chỉ hủy được cuộc diễn tập chưa thực hiện" in page
