from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


@register.filter
def clock_badge(c) -> str:
    """A legal clock's state in words, in a span the page's script counts down
    (`<span class="clock-overdue" data-clock="..." data-state="...">Quá hạn 2 giờ 5 phút</span>`).
    A filter rather than an included template: the incident list shows one per row."""
    if not c:
        return ""
    if c.state == "overdue":
        text = _("Đến hạn ngay") if just_due(c.remaining) else f"{_('Quá hạn')} {span(c.remaining)}"
    elif c.state == "met":
        text = _("Đúng hạn")
    elif c.state == "met_late":
        text = _("Trễ hạn")
    elif c.state == "waiting":
        text = _("Chưa bắt đầu")
    else:
        text = f"{_('Còn')} {span(c.remaining)}"
    return format_html('<span class="clock-{}" data-clock="{}" data-state="{}">{}</span>', c.state, c.id, c.state, text)
