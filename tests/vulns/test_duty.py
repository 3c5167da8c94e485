"""An imported scan fulfils the `vulnerability-scan` duty of each system it covers (shared API)."""
from __future__ import annotations

import datetime as dt

import pytest

from attt.core import clock

from .conftest import sample

pytestmark = pytest.mark.django_db


def test_scan_fulfils_the_vulnerability_scan_duty_once(world, estate):
    from attt.obligations import services as obligations
    from attt.obligations.fulfilment import fulfilled_by
    from attt.obligations.models import Occurrence
    from attt.vulns.services import scan_import

    clock.travel_to(dt.datetime(2026, 11, 21, 9, 0))
    obligations.sync_duty_rules()
    obligations.generate_occurrences(horizon_months=12)
    open_scan = Occurrence.objects.filter(system=estate["portal"], rule__code="vulnerability-scan",
                                          status__in=Occurrence.OPEN)
    assert open_scan.exists()
    clock.travel_to(dt.datetime(2026, 12, 1, 9, 0))
    scan = scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                       stream=sample("portal.nessus"), filename="portal.nessus")
    done = fulfilled_by(scan)
    assert {o.system_id for o in done} == {estate["portal"].pk, estate["db"].pk}
    assert scan.summary["duties_fulfilled"] == 2
    assert all(o.status == Occurrence.Status.ACCEPTED for o in done)
    assert done[0].submissions.get().record_url == scan.get_absolute_url()


def test_assigning_an_unmatched_host_fulfils_the_systems_scan_duty(world, estate):
    """The scan saw a host no address matched; once the unit assigns the host to its system, that
    scan covered the system: the system's scan duty is fulfilled by it, with no re-import."""
    import io

    from attt.obligations import services as obligations
    from attt.obligations.fulfilment import fulfilled_by
    from attt.obligations.models import Occurrence
    from attt.vulns.models import HostAssignment
    from attt.vulns.services import host_assign, scan_import

    from .test_import_scale import nessus_of

    clock.travel_to(dt.datetime(2026, 11, 21, 9, 0))
    obligations.sync_duty_rules()
    obligations.generate_occurrences(horizon_months=12)
    clock.travel_to(dt.datetime(2026, 12, 1, 9, 0))
    scan = scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"),
                       stream=io.BytesIO(nessus_of([("10.10.9.5", 30001, 3)])), filename="stray.nessus")
    assert scan.summary["duties_fulfilled"] == 0 and not fulfilled_by(scan)
    assignment = host_assign(actor=world.users["unit_officer"], system=estate["db"],
                             assignment=HostAssignment.objects.get(host="10.10.9.5"))
    assert assignment.duties_fulfilled == 1
    done = fulfilled_by(scan)
    assert [o.system_id for o in done] == [estate["db"].pk]
    assert done[0].status == Occurrence.Status.ACCEPTED and done[0].rule.code == "vulnerability-scan"
