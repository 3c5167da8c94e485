"""Runs every case of every `cases_*.py` for every caller; checks no URL pattern is left out."""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .matrix import CALLERS, Case

HERE = Path(__file__).parent
CASES: list[Case] = []
for module_path in sorted(HERE.glob("cases_*.py")):
    CASES.extend(importlib.import_module(f"tests.authz.{module_path.stem}").CASES)

# URL namespaces that are ours (allauth, the Django admin and i18n are third-party).
OWN_NAMESPACES = {"orgs", "systems", "directives", "obligations", "incidents", "reporting", "regimes", "public", "api",
                  "jobs", "preparedness"}
OWN_PLAIN = {"home", "search"}
UNCOVERED_OK = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def _names(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _names(entry, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_covered():
    names = set()
    for name in _names(get_resolver()):
        ns = name.split(":")[0] if ":" in name else None
        if (ns in OWN_NAMESPACES or name in OWN_PLAIN) and name not in UNCOVERED_OK:
            names.add(name)
    covered = {case.pattern for case in CASES}
    assert names - covered == set(), "pages or endpoints without access-matrix cases"


def _token_for(user):
    from attt.orgs.services import token_create

    return token_create(actor=user, name="matrix")[1]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.pattern}[{c.label}]")
def test_matrix(case: Case, world, client_for):
    if case.setup:
        case.setup(world)
    url = case.url(world)
    failures = []
    for caller in CALLERS:
        if case.api:
            headers = {}
            if caller != "anonymous":
                headers["HTTP_AUTHORIZATION"] = f"Bearer {_token_for(world.users[caller])}"
            client = Client()
        else:
            headers = {}
            client = client_for(caller) if caller != "anonymous" else Client()
        data = case.data(world) if callable(case.data) else (case.data or {})
        if case.method == "GET":
            response = client.get(url, **headers)
        else:
            if data and case.extra.get("json"):
                response = client.generic(case.method, url, json.dumps(data), "application/json", **headers)
            else:
                response = client.generic(case.method, url, **headers) if not data else client.post(url, data, **headers)
        expected = case.expected(caller)
        if response.status_code != expected:
            failures.append(f"{caller}: {response.status_code} (expected {expected})")
    assert not failures, f"{case.method} {url}: " + "; ".join(failures)
