"""A regime, a version's origin and its note as people read them: the regime's Vietnamese (or
English) name from its data, never its code ("new-nd331") or a data-file name.

    {% load regime_names %}
    {{ incident.regime_code|regime_name }}   {{ version|version_origin }}   {{ version|version_note }}
"""
from __future__ import annotations

import re
import time

from django import template
from django.utils import translation
from django.utils.translation import gettext as _

register = template.Library()

_CACHE: dict[str, tuple[float, str, str]] = {}
_TTL = 60.0
_FILE = re.compile(r"\S+\.ya?ml\b")


def names(code: str) -> tuple[str, str]:
    """(Vietnamese name, English name) of the current version of regime `code`."""
    hit = _CACHE.get(code)
    if hit and time.monotonic() - hit[0] < _TTL:
        return hit[1], hit[2]
    from attt.regimes.models import RegimeVersion

    row = (RegimeVersion.objects.filter(code=code).order_by("-is_current", "-version")
           .values_list("name", "data").first())
    vi, en = code, code
    if row:
        data = row[1] if isinstance(row[1], dict) else {}
        vi = str(data.get("name_vi") or row[0] or code)
        en = str(data.get("name_en") or vi)
    _CACHE[code] = (time.monotonic(), vi, en)
    return vi, en


@register.filter
def regime_name(code) -> str:
    if not code:
        return "—"
    vi, en = names(str(code))
    return en if (translation.get_language() or "vi").startswith("en") else vi


@register.filter
def version_origin(version) -> str:
    source = getattr(version, "source", "") or ""
    if source.startswith("file:"):
        return _("Tệp dữ liệu kèm phần mềm")
    if source.startswith("edit:"):
        return _("Sửa trên giao diện")
    return source or "—"


@register.filter
def version_note(version) -> str:
    note = getattr(version, "note", "") or ""
    if _FILE.search(note) and (getattr(version, "source", "") or "").startswith("file:"):
        return _("Nạp từ tệp dữ liệu kèm phần mềm")
    return note
