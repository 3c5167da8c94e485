"""Links to rows, for lists that show fifty of them: `row_url("incidents:detail", pk)` is
`reverse("incidents:detail", args=[pk])`, made from the route's reversed form kept per process and
script prefix (a reverse is about 40 µs; fifty of them were a tenth of a list page's time)."""
from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse

_TOKEN = 918273645  # an id no route holds twice; it stands for the row's id in the kept form


@functools.cache
def _halves(name: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, args=[_TOKEN])
    before, token, after = url.partition(str(_TOKEN))
    if not token or str(_TOKEN) in after:
        raise ValueError(f"route {name} does not take one id")
    return before, after


def row_url(name: str, pk: int) -> str:
    """The URL of the route `name` (one integer argument) for the row `pk`."""
    before, after = _halves(name, get_script_prefix())
    return f"{before}{int(pk)}{after}"
