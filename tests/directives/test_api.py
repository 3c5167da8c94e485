"""The API: extraction as in the contract, stored extraction, assignments and answers."""
from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from attt.directives.extract import extract_text
from attt.directives.models import Assignment, Directive
from attt.directives.services.imports import unit_names
from attt.orgs.services import token_create


def api(user) -> tuple[Client, dict]:
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token_create(actor=user, name='t')[1]}"}


def test_extract_endpoint_returns_the_contract_and_saves_nothing(world, seed002):
    data, name = seed002
    client, headers = api(world.users["specialist"])
    response = client.post("/api/v1/directives/extract", {"file": SimpleUploadedFile(name, data)}, **headers)
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(extract_text(data.decode("utf-8")).to_dict()))
    assert not Directive.objects.exists()


def test_extract_endpoint_bad_file(world):
    client, headers = api(world.users["specialist"])
    response = client.post("/api/v1/directives/extract", {"file": SimpleUploadedFile("a.pdf", b"\x00\x01 junk")},
                           **headers)
    assert response.status_code == 400 and "PDF" in response.json()["detail"]


def test_stored_extraction_with_and_without_spans(world, imported):
    client, headers = api(world.users["auditor"])
    plain = client.get(f"/api/v1/directives/{imported.pk}/extraction", **headers).json()
    assert plain["schema"] == "attt.directive/1" and plain["number"] == "894/UBND-KH&CĐS"
    assert "span" not in plain["tasks"][0] and "spans" not in plain["tasks"][0]
    units = unit_names(imported.province)  # the stored extraction matched names against the province's units
    assert plain == json.loads(json.dumps(extract_text(imported.document.text, units=units).to_dict()))
    assert not any("unsure" in t or "text_restored" in t for t in plain["tasks"])  # review marks stay inside
    spans = client.get(f"/api/v1/directives/{imported.pk}/extraction?spans=true", **headers).json()
    assert spans["tasks"][0]["spans"]


def test_unit_lists_and_answers_its_assignments(world, published):
    client, headers = api(world.users["unit_officer"])
    rows = client.get("/api/v1/assignments?overdue=false", **headers).json()["items"]
    assert rows and {r["organisation_name"] for r in rows} <= {"Xã An Bình", "Trung tâm Phục vụ hành chính công xã An Bình"}
    own = Assignment.objects.get(task__ref="1.-end", organisation=world.org("commune_a"))
    response = client.post(f"/api/v1/assignments/{own.pk}/response", {"status": "cannot", "reason": ""}, **headers)
    assert response.status_code == 400 and "lý do" in response.json()["detail"]
    response = client.post(f"/api/v1/assignments/{own.pk}/response", {"status": "done", "report": "Xong"}, **headers)
    assert response.status_code == 200 and response.json()["status"] == "done"
