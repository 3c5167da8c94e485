"""Access matrix of the regimes pages (mounted under /systems/regimes/ until the project
URLconf gives them /regimes/)."""
from django.urls import reverse

from .matrix import Case

ALL_SEE = {"*": 200}
MANAGERS = {"*": 403, "specialist": 200, "admin": 200}


def _current(w):
    from attt.regimes.models import RegimeVersion

    return RegimeVersion.objects.get(code="legacy-nd85", is_current=True)


CASES = [
    Case("systems:regimes:list", "regimes", lambda w: reverse("systems:regimes:list"), ALL_SEE),
    Case("systems:regimes:detail", "legacy regime", lambda w: reverse("systems:regimes:detail", args=["legacy-nd85"]),
         ALL_SEE),
    Case("systems:regimes:detail", "unknown regime", lambda w: reverse("systems:regimes:detail", args=["khong-co"]),
         {"*": 404}),
    Case("systems:regimes:amend", "amend page", lambda w: reverse("systems:regimes:amend", args=["new-nd331"]),
         MANAGERS),
    Case("systems:regimes:calendar", "holiday calendar", lambda w: reverse("systems:regimes:calendar"), ALL_SEE),
    Case("systems:regimes:calendar_amend", "calendar amend page", lambda w: reverse("systems:regimes:calendar_amend"),
         MANAGERS),
    Case("systems:regimes:activate", "re-activate the current version",
         lambda w: reverse("systems:regimes:activate", args=[_current(w).pk]),
         {"*": 403, "specialist": 302, "admin": 302}, method="POST", data={"x": "1"}),
]
