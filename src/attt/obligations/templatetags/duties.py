from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

_COLOURS = {"overdue": "danger", "submitted": "info", "accepted": "success", "returned": "warning"}


@register.filter
def state_badge(state: str) -> str:
    """An occurrence's state as a badge (`<span class="badge text-bg-danger" data-state="overdue">Quá hạn</span>`);
    any other state reads "Chưa nộp". A filter rather than an included template: the duties list
    shows one per row."""
    if state == "overdue":
        label = _("Quá hạn")
    elif state == "submitted":
        label = _("Đã nộp")
    elif state == "accepted":
        label = _("Đã chấp nhận")
    elif state == "returned":
        label = _("Bị trả lại")
    else:
        return format_html('<span class="badge text-bg-secondary" data-state="upcoming">{}</span>', _("Chưa nộp"))
    return format_html('<span class="badge text-bg-{}" data-state="{}">{}</span>', _COLOURS[state], state, label)
