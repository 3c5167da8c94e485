"""One styling of form widgets (core.forms.style_fields) for every app: the classes the pages need
on the system form and the directive forms, check boxes and hidden inputs left alone."""
from __future__ import annotations

import re

import pytest
from django import forms

from attt.core.forms import Styled, style_fields


def _classes(form) -> dict[str, str | None]:
    return {name: field.widget.attrs.get("class") for name, field in form.fields.items()}


def test_style_fields_by_kind_of_widget():
    class Sample(forms.Form):
        text = forms.CharField()
        note = forms.CharField(widget=forms.Textarea)
        kind = forms.ChoiceField(choices=[("a", "A")])
        many = forms.MultipleChoiceField(choices=[("a", "A")])
        flag = forms.BooleanField(required=False)
        ticks = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        pick = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        key = forms.CharField(widget=forms.HiddenInput)
        own = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control-sm"}))
        file = forms.FileField()

    form = Sample()
    style_fields(form)
    assert _classes(form) == {"text": "form-control", "note": "form-control", "kind": "form-select",
                              "many": "form-select", "flag": None, "ticks": None, "pick": None, "key": None,
                              "own": "form-control-sm", "file": "form-control"}

    class Mixed(Styled, forms.Form):
        text = forms.CharField()

    assert 'class="form-control"' in str(Mixed()["text"])


@pytest.mark.django_db
def test_system_form_widgets(world):
    from attt.systems.forms import SystemForm

    form = SystemForm(user=world.users["specialist"], regime_choices=[("x", "X")])
    classes = _classes(form)
    for name in ("owner", "operator", "kind", "status", "parent", "regime_code", "service_maturity", "hosting"):
        assert classes[name] == "form-select", name
    for name in ("name", "go_live", "description", "products", "users_count", "domains"):
        assert classes[name] == "form-control", name
    for name in ("info_types", "soc_monitored", "central_antimalware"):
        assert classes[name] is None, name
    html = form.as_p()
    assert re.search(r'<select name="owner" class="form-select"', html)
    assert 'type="checkbox" name="info_types"' in html and 'class="form-control" type="checkbox"' not in html


def test_directive_forms_widgets():
    from attt.directives.forms import DirectiveForm, RespondForm, RuleForm, TaskForm

    assert _classes(DirectiveForm()) == {
        "number": "form-control", "issued_on": "form-control", "issuer": "form-control", "place": "form-control",
        "doc_type": "form-select", "subject": "form-control", "recipients": "form-control",
        "remind_days_before": "form-control"}
    assert set(_classes(TaskForm()).values()) == {"form-control"}
    assert _classes(RespondForm()) == {"status": "form-select", "report": "form-control", "reason": "form-control",
                                       "files": "form-control"}
    assert _classes(RuleForm())["phrase"] is None  # not a styled form: its hidden input stays bare
