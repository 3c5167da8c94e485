"""What every form shares: Bootstrap classes on its widgets, so that no input is left unstyled."""
from __future__ import annotations

from django import forms


def style_fields(form: forms.BaseForm) -> None:
    """form-select on selects, form-control on other inputs; check boxes keep their own style."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")
