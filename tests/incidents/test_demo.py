import pytest

pytestmark = pytest.mark.django_db


def test_demo_has_incidents_in_several_states_and_a_warning(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    from attt import demo
    from attt.incidents.models import Incident, Warning

    demo.build()
    states = set(Incident.objects.values_list("status", flat=True))
    assert {"received", "verifying", "handling", "closed", "dismissed"} <= states
    assert Incident.objects.filter(serious=True).exists()
    assert Incident.objects.filter(source="public").exists()
    warning = Warning.objects.get()
    assert warning.targets.count() >= 2 and warning.source_incident is not None
