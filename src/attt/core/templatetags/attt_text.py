"""Text helpers for templates: `{{ task.text|task_heading }}` gives a short readable heading;
`{{ text|clip:140 }}` is Django's `truncatechars`, without its work for a text already short enough
(most of them, in a list of fifty rows)."""
import unicodedata

from django import template
from django.template.defaultfilters import truncatechars

from attt.core.text import task_heading as _task_heading

register = template.Library()


@register.filter
def task_heading(text, limit: int = 32) -> str:
    return _task_heading(text, int(limit))


@register.filter(is_safe=True)
def clip(text, length: int):
    text = "" if text is None else str(text)
    if len(text) <= int(length):
        return unicodedata.normalize("NFC", text)  # as truncatechars returns a short text
    return truncatechars(text, length)
