"""The OpenAPI document (issue 10, item 9): valid, every error answer declared with its schema on
every operation, and bodies read strictly (no `false` as 0, no array as an object, ISO dates only).
The live fuzzing against this document is scripts/api-fuzz (a CI stage)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from openapi_spec_validator import validate

from attt.api.api import api
from attt.core import clock
from attt.orgs.services import token_create


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_the_document_is_valid_openapi(document):
    validate(json.loads(json.dumps(document)))  # as served; raises on the first violation of the OpenAPI 3.1 specification


def test_figures_pairs_are_schema_objects(document):
    pairs = document["components"]["schemas"]["FiguresOut"]["properties"]["by_kind"]
    assert isinstance(pairs["items"], dict) and isinstance(pairs["items"]["items"], dict)
    assert "prefixItems" not in str(document["paths"]["/api/v1/incidents/figures"])


def test_every_operation_declares_its_errors_with_the_error_schema(document):
    error = {"$ref": "#/components/schemas/Error"}
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]
    missing = []
    for path, method, operation in _operations(document):
        codes = set(operation["responses"])
        expected = {401, 403} | ({400, 404, 422} if operation.get("parameters") or operation.get("requestBody") else set())
        if not expected <= codes:
            missing.append((method, path, sorted(expected - codes)))
        for code in expected:
            assert operation["responses"][code]["content"]["application/json"]["schema"] == error
    assert not missing, missing


def test_list_pages_are_bounded_in_the_document(document):
    for path, method, operation in _operations(document):
        params = {p["name"]: p["schema"] for p in operation.get("parameters", [])}
        if "limit" in params:
            assert params["limit"]["maximum"] == 200 and params["offset"]["minimum"] == 0, path


@pytest.fixture
def specialist(world):
    _t, key = token_create(actor=world.users["specialist"], name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="vi")


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_false_is_not_a_number_and_text_is_not_a_date(world, specialist):
    clock.travel_to(dt.date(2025, 10, 6))
    url, unit = "/api/v1/reports/coverage", world.org("commune_a").pk
    assert _post(specialist, url, {"organisation_id": unit, "as_of": "2025-10-01", "computers_total": False}).status_code == 422
    assert _post(specialist, url, {"organisation_id": str(unit), "as_of": "2025-10-01"}).status_code == 422
    assert _post(specialist, url, {"organisation_id": unit, "as_of": 0}).status_code == 422
    assert _post(specialist, url, {"organisation_id": unit, "as_of": "0"}).status_code == 422
    response = _post(specialist, url, {"organisation_id": unit, "as_of": "2025-10-01", "computers_total": 3})
    assert response.status_code == 201, response.content
    assert specialist.get("/api/v1/incidents/figures?start=0").status_code == 422
    assert specialist.get("/api/v1/incidents/figures?start=2025-01-01").status_code == 200


@pytest.mark.parametrize("body", [[None, None], [], "x", 1, None])
def test_a_body_must_be_an_object(world, specialist, body):
    response = specialist.post("/api/v1/reports", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_a_body_with_only_defaults_still_must_be_an_object(world, specialist):
    response = _post(specialist, "/api/v1/dossiers/999999/receive", [None, None])
    assert response.status_code in (404, 422)
    assert response.status_code == 422 or response.json() == {"detail": "Không tìm thấy."}


def test_broken_multipart_is_a_400_not_a_500(world, specialist):
    response = specialist.post("/api/v1/directives/extract", data=b"status=x", content_type="multipart/form-data")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
