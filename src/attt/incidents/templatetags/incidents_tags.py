from django import template

from ..clocks import humanise

register = template.Library()


@register.filter
def span(delta):
    """A duration in Vietnamese words: '2 ngày 3 giờ'."""
    return humanise(delta) if delta is not None else ""
