"""The access matrix: every page and endpoint × every role × own and foreign objects.

Each app keeps its cases in `tests/authz/cases_<app>.py` as a list `CASES` of `Case`. A case
names the URL pattern it covers, builds its URL from the `world` fixture, and gives the
expected status per caller ("*" is the default for callers not named). Callers are the seven
roles, `officer_b` (another commune), `officer_q` (another province) and `anonymous`.
`test_every_url_is_covered` fails when a URL pattern exists that no case names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

CALLERS = ["province_leader", "specialist", "responder", "unit_head", "unit_officer", "auditor", "admin",
           "officer_b", "officer_q", "anonymous"]


@dataclass
class Case:
    pattern: str  # the URL name it covers, e.g. "orgs:detail" or "api:organisation_detail"
    label: str
    url: Callable  # (world) -> str
    expect: dict[str, int]
    method: str = "GET"
    data: Callable | dict | None = None  # POST body, or (world) -> body
    api: bool = False  # call with the caller's API token instead of the session
    setup: Callable | None = None  # (world) -> None, before the request
    extra: dict = field(default_factory=dict)

    def expected(self, caller: str) -> int:
        if caller in self.expect:
            return self.expect[caller]
        if caller == "anonymous":
            return 401 if self.api else 302
        return self.expect["*"]
