"""What every form shares: Bootstrap classes on its widgets, so that no input is left unstyled; a
field that takes several files at once."""
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen), each file
    checked as a FileField checks one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
