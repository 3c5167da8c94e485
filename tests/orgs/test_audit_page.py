"""The audit trail as an auditor reads it (issue 14): action labels, verbose field names, local
times, a readable diff, an object filter without diacritics, a refused impossible date."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse

from attt.core import audit, clock
from tests.ui_text import problems


def _event(world):
    from attt.systems import services

    clock.travel_to(dt.datetime(2026, 3, 2, 23, 30))  # local time, 16:30 UTC
    system = services.system_create(
        actor=world.users["unit_officer"], owner=world.org("commune_a"), operator=world.org("commune_a"),
        name="Máy chủ trang thông tin xã", kind="public_service", info_types=["public"], users_count=1200,
        regime_code="new-nd331", status="operating")
    audit.record(actor=world.users["unit_officer"], action="report.create", obj=system,
                 changes={"data": [{"figures": {"computers": 10, "note": "a"}}, {"figures": {"computers": 12,
                                                                                             "note": "a"}}]})
    return system


def test_actions_fields_times_and_diff_read_as_words(world, client_for):
    _event(world)
    body = client_for("auditor").get(reverse("orgs:audit")).content.decode()
    assert "Tạo báo cáo định kỳ" in body and "Tạo hệ thống thông tin" in body
    assert ">report.create<" not in body
    assert "02/03/2026 23:30" in body  # local time, not UTC
    assert "tên hệ thống" in body.lower() or "tên" in body
    assert "figures › computers" in body and "10" in body and "12" in body
    assert "{&#x27;figures&#x27;" not in body and "{'figures'" not in body
    assert [p for p in problems(body) if p[0] == "action code"] == []


def test_object_filter_ignores_diacritics(world, client_for):
    _event(world)
    client = client_for("auditor")
    found = client.get(reverse("orgs:audit"), {"object": "may chu trang"}).content.decode()
    assert "Máy chủ trang thông tin xã" in found
    none = client.get(reverse("orgs:audit"), {"object": "khong co gi"}).content.decode()
    assert "Máy chủ trang thông tin xã" not in none


def test_an_impossible_date_is_refused_not_ignored(world, client_for):
    _event(world)
    body = client_for("auditor").get(reverse("orgs:audit"), {"since": "31/02/2026"}).content.decode()
    assert "31/02/2026" in body and "không có thật" in body
    assert "Máy chủ trang thông tin xã" not in body
    ok = client_for("auditor").get(reverse("orgs:audit"), {"since": "02/03/2026", "until": "02/03/2026"})
    assert "Máy chủ trang thông tin xã" in ok.content.decode()  # 23:30 local is still 02/03


def test_search_cong_an_matches_words_not_syllables_inside_names(world, client_for):
    from attt.orgs import services
    from attt.orgs.models import Organisation as O

    services.org_create(actor=None, parent=world.org("province"), code="P1-TTHCC",
                        name="Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm", kind=O.Kind.SERVICE_CENTRE)
    body = client_for("province_leader").get("/search/", {"q": "cong an"}).content.decode()
    assert "Công an tỉnh Thử Nghiệm" in body
    assert "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm" not in body
    # Whole-word results first: "An Bình" has the word "an" but the police names the phrase.
    assert body.index("Công an tỉnh Thử Nghiệm") < body.index("Xã An Bình") if "Xã An Bình" in body else True
