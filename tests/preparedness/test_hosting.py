"""Inherited controls: a provider's attested requirements count for the systems hosted there while
valid; inheriting from an expired attestation is refused; on expiry figures drop and owners are told."""
import datetime as dt

import pytest

from attt.core.errors import DomainError
from attt.preparedness import hosting

pytestmark = pytest.mark.date_sensitive


@pytest.fixture
def checklist(world, make_system, now):
    from attt.systems.models import Control
    from attt.systems.services import sync_checklist

    system = make_system(level=2)
    n = sync_checklist(system=system)
    assert n > 3
    ids = list(Control.objects.filter(system=system).order_by("position").values_list("requirement_id", flat=True))
    return system, ids


def test_inherited_requirements_count_and_expiry_drops_the_figure(world, checklist, frozen_time, client_for):
    from attt.directives.models import Notification

    system, ids = checklist
    provider = world.org("provider")
    with pytest.raises(DomainError, match="không có xác nhận"):
        hosting.system_set_hosting(actor=world.users["unit_officer"], system=system, provider=provider)
    with pytest.raises(DomainError, match="không có trong danh mục"):
        hosting.attestation_save(actor=world.users["specialist"], provider=provider, title="X",
                                 requirement_ids=["khong.co"], valid_from=dt.date(2026, 1, 1),
                                 valid_until=dt.date(2026, 12, 31))
    hosting.attestation_save(actor=world.users["specialist"], provider=provider, title="Chứng nhận TTDL tỉnh",
                             requirement_ids=ids[:3], valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2026, 12, 31),
                             evidence="Biên bản kiểm tra số 12/BB")
    system = hosting.system_set_hosting(actor=world.users["unit_officer"], system=system, provider=provider)
    system.refresh_from_db()
    expected = round(100 * 3 / len(ids), 1)
    assert float(system.compliance) == expected
    page = client_for("unit_officer").get(f"/systems/{system.pk}/controls/").content.decode()
    assert 'data-inherited="%s"' % ids[0] in page and "Chứng nhận TTDL tỉnh" in page
    frozen_time("2027-01-02 08:00")
    assert hosting.attestations_expire() == {"attestations": 1, "systems": 1}
    system.refresh_from_db()
    assert float(system.compliance) == 0.0
    assert Notification.objects.filter(user=world.users["unit_officer"], title__contains="hết hiệu lực").exists()
    assert hosting.attestations_expire() == {"attestations": 0, "systems": 0}
