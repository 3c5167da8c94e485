"""`get_<field>_display()` reads a label table made once per field and language
(`attt.core.choices`): the same answers as Django's, without a gettext call per choice per row."""
from __future__ import annotations

import sys

from django.utils import translation
from django.utils.translation import trans_real

from attt.directives.models import Assignment
from attt.incidents.models import Incident


def test_labels_follow_the_language_and_match_the_choices():
    row = Assignment(status=Assignment.Status.IN_PROGRESS)
    with translation.override("vi"):
        assert row.get_status_display() == "Đang thực hiện"
    with translation.override("en"):
        english = row.get_status_display()
        assert english == str(dict(Assignment._meta.get_field("status").flatchoices)["in_progress"])
    assert english == "In progress"


def test_a_value_outside_the_choices_shows_as_itself():
    assert Assignment(status="archived").get_status_display() == "archived"
    assert Incident(severity=None).get_severity_display() is None


def test_a_list_of_rows_does_not_translate_every_choice_again():
    rows = [Incident(kind=kind, severity=sev) for kind, _l in Incident.Kind.choices
            for sev, _s in Incident.Severity.choices] * 20
    with translation.override("vi"):
        [(r.get_kind_display(), r.get_severity_display()) for r in rows[:1]]  # the tables are made once
        calls = []

        def count(frame, event, arg):
            if event == "call" and frame.f_code is trans_real.gettext.__code__:
                calls.append(1)

        sys.setprofile(count)
        try:
            shown = [(r.get_kind_display(), r.get_severity_display()) for r in rows]
        finally:
            sys.setprofile(None)
    assert len(calls) == 0, len(calls)  # Django's own made about 2 per choice per call
    assert shown[0] == (str(Incident.Kind.choices[0][1]), str(Incident.Severity.choices[0][1]))
