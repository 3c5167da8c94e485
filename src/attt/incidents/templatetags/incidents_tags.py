from django import template

from attt.core import dates

register = template.Library()


@register.filter
def span(delta):
    """A duration in words of the active language: '2 ngày 3 giờ' / '2 days 3 hours'."""
    return dates.duration(delta) if delta is not None else ""


@register.filter
def just_due(delta) -> bool:
    """Less than a minute past due: an immediate clock that has just started ("Báo cáo ngay"),
    not "Quá hạn 0 phút"."""
    return delta is not None and abs(delta.total_seconds()) < 60
