"""Choice labels read from a table made once per field and language.

Django's `Model._get_FIELD_display` (behind every `get_<field>_display()`) rebuilds a dict of the
field's whole choice list on each call, hashing every lazy label, and a lazy label's hash is a
gettext lookup. A list page that shows a status, a kind and a severity on 50 rows made about
1,200 gettext calls for that alone (a third of the incident list's CPU at national scale). Here
the table is built once per field and active language; the answer is the same string Django gives.
"""
from __future__ import annotations

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels: dict[tuple[int, str | None], dict] = {}


def labels(field, language: str | None = None) -> dict:
    """{value: label} of `field`'s choices, the labels as plain strings in `language` (active)."""
    key = (id(field), language or get_language())
    table = _labels.get(key)
    if table is None:
        table = {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        _labels[key] = table
    return table


def _get_FIELD_display(self, field):
    value = getattr(self, field.attname)
    try:
        return labels(field).get(make_hashable(value), value)
    except TypeError:  # a value that cannot be hashed: as Django would
        return force_str(value, strings_only=True)


def install() -> None:
    """Every model's `get_<field>_display()` reads the tables above (called once the models are
    loaded). Django binds each of those methods to `Model._get_FIELD_display` when the class is
    made, so they are bound again here; a method a model writes itself is left alone."""
    from functools import partialmethod

    from django.apps import apps

    original = models.Model._get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            bound = model.__dict__.get(name)
            if isinstance(bound, partialmethod) and bound.func is original:
                setattr(model, name, partialmethod(_get_FIELD_display, field=field))
