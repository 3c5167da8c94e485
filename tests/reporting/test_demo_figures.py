"""The demo is the shop window: its dashboard shows the figures the documentation promises
(seed 002: 13 of 20 important systems under SOC; 31 of 812 computers in the public-service
centres with central anti-malware), in the card and in the table by kind of body alike."""
import pytest

from attt.reporting import selectors
from attt.reporting.periods import Period

pytestmark = pytest.mark.django_db


def test_demo_dashboard_shows_the_promised_figures(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    from attt import demo
    from attt.orgs.models import User

    demo.build()
    board = selectors.dashboard(user=User.objects.get(username="lanhdao"), period=Period(2025, 3))
    card = {r.key: (r.n, r.d) for r in board.ratios}
    assert card["soc"] == (13, 20)
    kinds = {k["kind"]: k["values"] for k in board.kinds}
    assert sum(v["systems_soc"] for v in kinds.values()) == 13
    assert sum(v["systems_total"] for v in kinds.values()) == 20
    centres = kinds["service_centre"]
    assert (centres["computers_antimalware"], centres["computers_total"]) == (31, 812)
