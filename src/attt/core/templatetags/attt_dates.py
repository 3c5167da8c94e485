"""Dates in templates through `attt.core.dates`: `{{ due|deadline }}` ("19/08/2026 (hết ngày)" for a
deadline at midnight), `{{ delta|duration }}` ("2 ngày 3 giờ", translated), `{{ d|day }}`
("29/11/2026", the local day; "" for none) and `{{ t|moment }}` ("29/11/2026 05:43", local time).
`day` and `moment` print what `date:"SHORT_DATE_FORMAT"` and `"SHORT_DATETIME_FORMAT"` print in both
languages (attt/formats), eight times faster: lists use them in every row."""
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
def day(value):
    return dates.day(value, "")


@register.filter
def moment(value):
    return dates.moment(value, "—")
