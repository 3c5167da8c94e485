"""Pages and API: addresses, upload -> job -> summary, findings list/detail, scope (a foreign id is a 404)."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.vulns.models import Finding, Scan, SystemAddress

from .conftest import sample

pytestmark = pytest.mark.django_db


def upload(name):
    return SimpleUploadedFile(name, sample(name).read(), content_type="application/octet-stream")


def test_address_page_adds_and_refuses_bad_values(world, estate, client_for):
    c = client_for("unit_officer")
    url = f"/vulns/systems/{estate['portal'].pk}/addresses/"
    assert c.post(url, {"kind": "range", "value": "10.10.2.10-10.10.2.50"}).status_code == 302
    assert SystemAddress.objects.filter(system=estate["portal"], kind="range").exists()
    page = c.post(url, {"kind": "ip", "value": "10.10.2.999"}).content.decode()
    assert "Địa chỉ IP không hợp lệ" in page
    assert client_for("officer_b").get(url).status_code == 404
    detail = c.get(estate["portal"].get_absolute_url()).content.decode()
    assert url in detail


def test_upload_runs_a_job_and_shows_the_summary(world, estate, client_for, django_capture_on_commit_callbacks):
    c = client_for("unit_officer")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/vulns/scans/", {"file": upload("portal.nessus"), "org": world.org("commune_a").pk})
    assert r.status_code == 302 and "?job=" in r["Location"]
    page = c.get(r["Location"]).content.decode()
    scan = Scan.objects.get()
    assert scan.get_absolute_url() in page and "7 mới" in page
    summary = c.get(scan.get_absolute_url()).content.decode()
    assert "Nessus (.nessus v2)" in summary and "172.16.9.9" in summary
    assert client_for("officer_b").get(scan.get_absolute_url()).status_code == 404


def test_upload_of_a_bad_file_says_why(world, estate, client_for):
    c = client_for("unit_officer")
    bad = SimpleUploadedFile("x.nessus", b"%PDF-1.4 not a scan")
    page = c.post("/vulns/scans/", {"file": bad, "org": world.org("commune_a").pk}).content.decode()
    assert "Không nhận ra định dạng tệp" in page and Scan.objects.count() == 0


def test_findings_list_filters_and_detail(world, estate, client_for, on_day):
    from attt.core import clock
    from attt.vulns.services import scan_import

    scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                stream=sample("portal.nessus"), filename="portal.nessus")
    c = client_for("specialist")
    page = c.get("/vulns/?severity=4").content.decode()
    assert "Log4j" in page and "SSH Server CBC" not in page
    clock.travel_to(on_day.replace(day=25))  # 15 days for criticals have passed
    overdue = c.get("/vulns/?overdue=1").content.decode()
    assert "Log4j" in overdue and "quá hạn" in overdue
    finding = Finding.objects.get(plugin_id="156860")
    assert "CVE-2021-44228" in c.get(finding.get_absolute_url()).content.decode()
    assert client_for("officer_b").get(finding.get_absolute_url()).status_code == 404
    assert client_for("officer_b").get("/vulns/").content.decode().count("Log4j") == 0


def test_keyset_paging(world, estate, client_for):
    from attt.vulns.services import scan_import

    from .conftest import nessus

    scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                stream=io.BytesIO(nessus(120, hosts=2)), filename="g.nessus")
    c = client_for("unit_officer")
    seen, url = [], "/vulns/?state=all"
    while url:
        r = c.get(url)
        seen += [int(x) for x in r.context["rows"] and [f.pk for f in r.context["rows"]]]
        url = f"/vulns/?{r.context['next_qs']}" if r.context["next_qs"] else None
    assert len(seen) == len(set(seen)) == 120


def test_api_findings_scan_upload_and_figures(world, estate, client_for, django_capture_on_commit_callbacks):
    c = client_for("unit_officer")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/v1/vulns/scans", {"file": upload("greenbone.xml"), "org": "P1-XA"})
    assert r.status_code == 202, r.content
    scan = Scan.objects.get()
    body = c.get(f"/api/v1/vulns/scans/{scan.pk}").json()
    assert body["format"] == "openvas" and body["new"] == 4
    items = c.get("/api/v1/vulns/findings?severity=4").json()["items"]
    assert {i["plugin_id"] for i in items} == {"1.3.6.1.4.1.25623.1.0.104875"}
    figures = c.get("/api/v1/vulns/figures").json()
    assert figures["sla_overdue"] == 0 and any(v for v in figures["open_by_severity_per_unit"].values())
    r = client_for("officer_b").post("/api/v1/vulns/scans", {"file": upload("greenbone.xml"), "org": "P1-XA"})
    assert r.status_code == 404


def test_api_bad_scan_is_a_400_in_the_callers_language(world, estate, client_for):
    c = client_for("unit_officer")
    r = c.post("/api/v1/vulns/scans", {"file": SimpleUploadedFile("a.xml", b"<foo/>"), "org": "P1-XA"},
               HTTP_ACCEPT_LANGUAGE="vi")
    assert r.status_code == 400 and "Không nhận ra định dạng" in r.json()["detail"]
