"""The API: list with filters, detail, submit (multipart)."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.obligations import services
from attt.obligations.models import Occurrence
from attt.orgs.services import token_create

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def api(synced, on_day, world):
    on_day(dt.date(2026, 11, 21))
    services.generate_occurrences()

    def call(who, method, url, **kw):
        from django.test import Client

        key = token_create(actor=world.users[who], name="t")[1]
        return getattr(Client(), method)(url, HTTP_AUTHORIZATION=f"Bearer {key}", **kw)
    return call


def test_list_is_scoped_and_filtered(api, world):
    body = api("unit_officer", "get", "/api/v1/duties/occurrences").json()
    names = {row["organisation_name"] for row in body["items"]}
    assert names == {"Xã An Bình", "Trung tâm Phục vụ hành chính công xã An Bình"}
    body = api("specialist", "get", "/api/v1/duties/occurrences",
               data={"duty": "new-nd331:quarterly-report", "due_from": "2026-12-01", "due_to": "2026-12-31"}).json()
    assert body["count"] == 5 and {r["due_date"] for r in body["items"]} == {"2026-12-15"}
    bad = api("specialist", "get", "/api/v1/duties/occurrences", data={"due_from": "2026-02-31"})
    assert bad.status_code == 400 and "không phải một ngày có thật" in bad.json()["detail"]
    assert api("specialist", "get", "/api/v1/duties/occurrences", data={"state": "x"}).status_code == 400
    assert api("unit_officer", "get", "/api/v1/duties/occurrences",
               data={"unit_id": world.org("commune_q").pk}).status_code == 404


def test_overdue_state_follows_the_clock(api, on_day):
    on_day(dt.date(2026, 12, 16))
    body = api("specialist", "get", "/api/v1/duties/occurrences", data={"state": "overdue"}).json()
    assert body["count"] > 0 and all(r["overdue"] and r["state"] == "overdue" for r in body["items"])


def test_detail_and_submit(api, world):
    occ = Occurrence.objects.filter(organisation=world.org("commune_a")).first()
    url = f"/api/v1/duties/occurrences/{occ.pk}"
    assert api("officer_b", "get", url).status_code == 404
    r = api("unit_officer", "post", url + "/submit", data={"file": SimpleUploadedFile("bc.pdf", PDF), "note": "ok"})
    assert r.status_code == 201, r.content
    assert r.json()["version"] == 1 and len(r.json()["sha256"]) == 64
    again = api("unit_officer", "post", url + "/submit", data={"file": SimpleUploadedFile("bc.pdf", PDF)})
    assert again.status_code == 400 and "chờ xem xét" in again.json()["detail"]
    detail = api("specialist", "get", url).json()
    assert detail["status"] == "submitted" and detail["submissions"][0]["file_name"] == "bc.pdf"
    assert api("auditor", "post", url + "/submit",
               data={"file": SimpleUploadedFile("bc.pdf", PDF)}).status_code == 403
