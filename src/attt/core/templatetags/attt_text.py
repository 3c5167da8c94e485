"""Text helpers for templates: `{{ task.text|task_heading }}` gives a short readable heading."""
from django import template

from attt.core.text import task_heading as _task_heading

register = template.Library()


@register.filter
def task_heading(text, limit: int = 32) -> str:
    return _task_heading(text, int(limit))
