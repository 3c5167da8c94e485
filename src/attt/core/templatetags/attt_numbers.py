"""`{% load attt_numbers %}`: `|num`, `|num:1`, `|vnd`, `|pct`, `|pct:0` — see attt.core.numbers."""
from django import template

from attt.core import numbers

register = template.Library()


@register.filter
def num(value, decimals=None):
    return numbers.num(value, None if decimals in (None, "") else int(decimals))


@register.filter
def vnd(value):
    return numbers.vnd(value)


@register.filter
def pct(value, decimals=1):
    return numbers.pct(value, int(decimals))


@register.filter
def figure(value, key=""):
    """A report figure by its key: money ("…budget…") as đồng, shares ("…_share") as a percentage,
    other numbers grouped; text (a source label, a date) as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)) and numbers._as_decimal(value) is None:
        return value
    if isinstance(value, str):  # digits in text (a code, a date) stay as written
        return value
    key = str(key or "")
    if key.endswith("_share"):
        return numbers.pct(value)
    if "budget" in key:
        return numbers.vnd(value)
    return numbers.num(value)


@register.filter
def cell(value):
    """A table cell: numbers grouped ("2.035.000.000"), anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else value
    return numbers.num(value)
