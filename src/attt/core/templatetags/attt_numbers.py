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
