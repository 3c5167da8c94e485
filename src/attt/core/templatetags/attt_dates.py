"""Dates in templates through `attt.core.dates`: `{{ due|deadline }}` ("19/08/2026 (hết ngày)" for a
deadline at midnight), `{{ delta|duration }}` ("2 ngày 3 giờ", translated)."""
from django import template

from attt.core import dates

register = template.Library()


@register.filter
def deadline(value):
    return dates.deadline(value, "—")


@register.filter
def duration(value):
    return dates.duration(value)


@register.filter
def moment(value):
    return dates.moment(value, "—")
