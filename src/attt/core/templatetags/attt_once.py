"""`{% once_token %}`: the hidden field of attt.core.once (one submission per form)."""
from django import template
from django.utils.html import format_html

from attt.core import once

register = template.Library()


@register.simple_tag
def once_token():
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_token())
