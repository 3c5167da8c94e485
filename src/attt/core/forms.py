"""What every form shares: Bootstrap classes on its widgets, so that no input is left unstyled."""
from __future__ import annotations

from django import forms

UNSTYLED = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect, forms.HiddenInput)


def style_fields(form: forms.BaseForm) -> None:
    """form-select on selects, form-control on other inputs; check boxes and radio buttons keep
    their own style, hidden inputs get none. A class the form set itself is kept."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, UNSTYLED):
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class Styled:
    """A form mixin: `style_fields` once the fields are built (put it before forms.Form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
