"""Paginated lists (issue 10, item 8): limit and offset are validated and bounded, the page size is
capped, and every error under /api/ is JSON in the caller's language (404, 405, 422, 500)."""
from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from attt.api.api import api
from attt.core.pagination import API_MAX_LIMIT
from attt.orgs.services import token_create

BIG = 2**63


def _list_endpoints() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(p for p, ops in schema["paths"].items()
                  if "get" in ops and any(x["name"] == "limit" for x in ops["get"].get("parameters", []))
                  and "{" not in p)


LISTS = _list_endpoints()


def test_there_are_eleven_paginated_lists():
    assert len(LISTS) >= 11, LISTS


@pytest.fixture
def client(world):
    _t, key = token_create(actor=world.users["specialist"], name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("query", [f"offset={BIG}", f"limit={BIG}", "limit=1000000", "limit=0", "offset=-1",
                                   "limit=abc", f"offset={BIG}&limit={BIG}"])
def test_out_of_range_paging_is_a_json_422(client, url, query):
    response = client.get(f"{url}?{query}", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


@pytest.mark.parametrize("url", LISTS)
def test_the_largest_page_and_a_far_offset_answer(client, url):
    response = client.get(f"{url}?limit={API_MAX_LIMIT}&offset=1000000000")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["items"] == []


def test_page_size_is_capped_in_the_document():
    params = {x["name"]: x for x in api.get_openapi_schema()["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert params["limit"]["schema"]["maximum"] == API_MAX_LIMIT
    assert params["offset"]["schema"]["minimum"] == 0 and "maximum" in params["offset"]["schema"]


def test_error_in_english_when_asked(client):
    response = client.get(f"/api/v1/organisations?offset={BIG}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response.json()["detail"] == "The data sent is not valid."


def test_unknown_path_and_wrong_method_are_json(client):
    response = client.get("/api/v1/khong-co", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
    response = client.delete("/api/v1/organisations", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert "detail" in response.json() and "GET" in response["Allow"]


def _boom(request):
    raise RuntimeError("a defect")


def _html_404(request):
    return HttpResponse("<h1>x</h1>", status=404)


urlpatterns = [path("api/v1/test-boom", _boom), path("api/v1/test-html", _html_404), path("", include("attt.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_under_api_is_json_not_html(world):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/test-boom", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]  # English arrives with the catalogue the integrator collects
    response = client.get("/api/v1/test-html")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
