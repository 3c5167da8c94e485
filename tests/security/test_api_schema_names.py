"""The OpenAPI document names each schema once: two apps declaring schemas of the same name
(`FindingOut` in vulns and in preparedness) made one describe the other's responses, and a client
generated from the document would read drill findings as scan findings. Found by schemathesis."""
import importlib
import inspect

import pytest
from django.test import Client
from ninja import Schema

from attt.api.api import APPS

pytestmark = pytest.mark.django_db


def test_no_two_apps_declare_a_schema_of_the_same_name():
    owners: dict[str, set[str]] = {}
    for app in APPS:
        try:
            module = importlib.import_module(f"attt.{app}.api")
        except ModuleNotFoundError:  # an app without an API (the router list skips it too)
            continue
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Schema) and obj.__module__ == module.__name__:
                owners.setdefault(name, set()).add(app)
    clashes = {name: apps for name, apps in owners.items() if len(apps) > 1}
    assert clashes == {}


def test_bad_query_and_form_values_are_400_not_500(world):
    from attt.orgs.services import token_create

    key = token_create(actor=world.users["specialist"], name="t")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/preparedness/drills?year=-2592").status_code == 400
    assert client.get("/api/v1/preparedness/drills?year=2026").status_code == 200
    bad = client.post("/api/v1/vulns/scans", {"org": world.org("commune_a").code, "system_id": "٣",
                                              "file": ("a.nessus", b"<x/>")})
    assert bad.status_code in (400, 422) and bad.status_code != 500
