"""SOC sources page (register with the token shown once, edit, deactivate, re-issue, what it covers)
and promotion rules (per source and province-wide), with real intake requests."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from attt.core import clock
from attt.core.models import AuditEvent
from attt.vulns import services
from attt.vulns.models import Alert, PromotionRule, SocSource
from tests.ui_text import problems

pytestmark = pytest.mark.django_db

WAZUH = {"timestamp": "2026-03-02T09:12:44.301+0700", "id": "1772417564.1",
         "rule": {"level": 10, "description": "sshd: brute force trying to get access to the system.", "id": "5712",
                  "groups": ["syslog", "sshd", "authentication_failures"]},
         "agent": {"id": "003", "name": "congdichvu.anbinh.gov.vn", "ip": "10.10.1.10"}}


def burst(n: int, start: int = 0, **changes) -> str:
    return json.dumps([dict(WAZUH, id=f"1772417564.{start + i}", **changes) for i in range(n)])


def post(client, key, body):
    return client.post("/api/v1/vulns/soc/alerts", body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


def token_in(page: str) -> str:
    return re.search(r'id="soc-token-value">(soc_[\w-]+)<', page).group(1)


@pytest.fixture
def source(world, estate):
    src, key = services.soc_source_create(actor=world.users["specialist"], organisation=world.org("province"),
                                          name="SOC tỉnh (Wazuh)")
    return src, key


def test_register_shows_the_token_once_and_it_works(world, estate, client_for, client):
    c = client_for("specialist")
    assert client_for("unit_officer").get("/vulns/soc/sources/").status_code == 403
    assert 'id="nav-soc-sources"' in c.get("/vulns/").content.decode()
    assert 'id="nav-soc-sources"' not in client_for("unit_officer").get("/vulns/").content.decode()
    # Bad input: a message, nothing saved.
    page = c.post("/vulns/soc/sources/", {"organisation": world.org("commune_a").pk, "name": "  "}).content.decode()
    assert "Cần nhập tên nguồn SOC." in page
    page = c.post("/vulns/soc/sources/", {"organisation": world.org("commune_q").pk, "name": "SOC lạ"}).content.decode()
    assert "Hãy chọn một đơn vị trong phạm vi của bạn." in page
    for bad in ("x" * 30, "9" * 30):
        page = c.post("/vulns/soc/sources/", {"organisation": bad, "name": "SOC"}).content.decode()
        assert "Hãy chọn một đơn vị trong phạm vi của bạn." in page
    assert SocSource.objects.count() == 0
    assert c.get("/vulns/soc/sources/" + "9" * 30 + "/").status_code == 404
    r = c.post("/vulns/soc/rules/", {"province": "9" * 30, "name": "X", "min_level": "3"})
    assert r.status_code == 400 and "Hãy chọn tỉnh áp dụng luật mặc định." in r.content.decode()
    r = c.post("/vulns/soc/sources/", {"organisation": world.org("commune_a").pk, "name": "SOC VNPT"})
    assert r.status_code == 200
    key = token_in(r.content.decode())
    source = SocSource.objects.get()
    assert source.organisation == world.org("commune_a") and key not in source.key_hash
    assert key not in c.get("/vulns/soc/sources/").content.decode()  # shown once only
    assert post(client, key, json.dumps(WAZUH)).status_code == 200


def test_source_page_edit_deactivate_reissue_and_coverage(world, estate, source, client_for, client, on_day):
    src, key = source
    c = client_for("specialist")
    assert post(client, key, json.dumps(WAZUH)).json()["new"] == 1
    clock.travel_to(dt.datetime(2026, 3, 2, 10, 5))
    client.post("/api/v1/vulns/soc/heartbeat", {"hosts": ["10.10.1.21"]}, content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}")
    page = c.get(src.get_absolute_url()).content.decode()
    # Local time, dd/mm/yyyy hh:mm; the systems it covers.
    assert 'id="last-alert">02/03/2026 09:30<' in page and 'id="last-heartbeat">02/03/2026 10:05<' in page
    assert estate["portal"].name in page and estate["db"].name in page and estate["other"].name not in page
    listing = c.get("/vulns/soc/sources/").content.decode()
    assert "02/03/2026 09:30" in listing and "SOC tỉnh (Wazuh)" in listing
    services.promotion_rule_create(actor=world.users["specialist"], source=src,
                                   data={"name": "Luật riêng", "rule_ids": "100002, 5712"})
    rule_page = c.get(f"/vulns/soc/rules/{src.rules.get().pk}/").content.decode()
    assert 'value="100002, 5712"' in rule_page
    for html in (page, listing, rule_page, c.get(src.get_absolute_url()).content.decode()):
        assert problems(html) == []
    # Edit: an empty name is refused and nothing changes.
    r = c.post(src.get_absolute_url(), {"name": "", "active": "on"})
    assert r.status_code == 400 and "Cần nhập tên nguồn SOC." in r.content.decode()
    assert SocSource.objects.get().name == "SOC tỉnh (Wazuh)"
    # Deactivate: the token is refused; reactivate: accepted again.
    assert c.post(src.get_absolute_url(), {"name": "SOC tỉnh"}).status_code == 302
    assert post(client, key, burst(1, 50)).status_code == 401
    c.post(src.get_absolute_url(), {"name": "SOC tỉnh", "active": "on"})
    assert post(client, key, burst(1, 51)).status_code == 200
    # Re-issue: the old token stops, the new one (shown once) works.
    r = c.post(f"/vulns/soc/sources/{src.pk}/token/")
    new = token_in(r.content.decode())
    assert post(client, key, burst(1, 52)).status_code == 401 and post(client, new, burst(1, 53)).status_code == 200
    actions = set(AuditEvent.objects.filter(action__startswith="soc.source").values_list("action", flat=True))
    assert actions == {"soc.source_create", "soc.source_update", "soc.source_reissue"}
    # Reach: another province's source is not found; a non-manager is refused.
    foreign = SocSource.objects.create(organisation=world.org("commune_q"), name="SOC Q", key_hash="0" * 64)
    assert c.get(foreign.get_absolute_url()).status_code == 404
    assert client_for("unit_officer").get(src.get_absolute_url()).status_code == 404


def test_a_burst_makes_one_incident_per_source_rule_and_host(world, estate, source, client_for, client, on_day):
    from attt.incidents.models import Incident

    src, key = source
    c = client_for("specialist")
    r = c.post(f"/vulns/soc/sources/{src.pk}/rules/", {"name": "Dò mật khẩu SSH", "min_level": "10",
                                                       "window_hours": "24", "active": "on"})
    assert r.status_code == 302
    rule = PromotionRule.objects.get()
    out = post(client, key, burst(200)).json()
    assert out["new"] == 200 and out["incidents"] == 1
    incident = Incident.objects.get()
    assert incident.unit == world.org("commune_a") and incident.reported_by is None
    assert incident.affected.filter(system=estate["portal"]).exists()
    assert incident.events.count() == 1 and "Dò mật khẩu SSH" in incident.events.get().text
    from attt.incidents.selectors import incident_clocks

    assert incident_clocks(incident)  # the legal clocks run from the alert's time
    assert incident.detected_at == Alert.objects.filter(incident=incident).earliest("occurred_at").occurred_at
    assert client_for("unit_officer").get(incident.get_absolute_url()).status_code == 200
    assert Alert.objects.filter(incident=incident, promoted_by_rule=rule).count() == 200
    # Later alerts of the same (source, rule, host) within the window join it, the next request too.
    clock.travel_to(dt.datetime(2026, 3, 2, 15, 0))
    assert "incidents" not in post(client, key, burst(30, 1000)).json()
    assert Incident.objects.count() == 1 and Alert.objects.filter(incident=incident).count() == 230
    # Below the level: not promoted; another host: its own incident.
    low = dict(WAZUH, id="low.1", rule=dict(WAZUH["rule"], level=5, id="5710"))
    other = dict(WAZUH, id="db.1", agent={"name": "db01", "ip": "10.10.1.20"})
    assert post(client, key, json.dumps([low, other])).json()["incidents"] == 1
    assert Alert.objects.get(fingerprint__isnull=False, rule_id="5710").incident is None
    assert Incident.objects.count() == 2
    # After the window, a new incident.
    clock.travel_to(dt.datetime(2026, 3, 3, 16, 0))
    assert post(client, key, burst(3, 2000)).json()["incidents"] == 1 and Incident.objects.count() == 3
    events = AuditEvent.objects.filter(action="alert.auto_promote")
    assert events.count() == 4 and not events.filter(actor_id__isnull=False).exists()
    first, second = events.order_by("seq")[:2]
    assert first.changes["opened"] == [incident.pk] and first.changes["alerts"] == 200
    assert first.object_id == str(rule.pk) and second.changes["joined"] == [incident.pk]
    assert AuditEvent.objects.filter(action="incident.report_automatic").count() == 3
    # The alert page says which rule promoted it.
    page = client_for("unit_officer").get(Alert.objects.filter(incident=incident).first().get_absolute_url())
    assert "tự động theo luật “Dò mật khẩu SSH”" in page.content.decode()
    assert "tự động</span>" in client_for("unit_officer").get("/vulns/alerts/").content.decode()


def test_province_default_rule_groups_and_own_rules_override(world, estate, source, client_for, client, on_day):
    from attt.incidents.models import Incident

    src, key = source
    c = client_for("specialist")
    r = c.post("/vulns/soc/rules/", {"name": "Xác thực thất bại", "groups": "authentication_failures, web",
                                     "window_hours": "12", "active": "on"})
    assert r.status_code == 302
    default = PromotionRule.objects.get()
    assert default.source is None and default.organisation == world.org("province")
    assert default.groups == ["authentication_failures", "web"]
    assert "Xác thực thất bại" in c.get("/vulns/soc/sources/").content.decode()
    assert post(client, key, burst(5)).json()["incidents"] == 1
    assert Alert.objects.filter(promoted_by_rule=default).count() == 5
    # A source with an active rule of its own follows only its own rules.
    c.post(f"/vulns/soc/sources/{src.pk}/rules/", {"name": "Chỉ mã 999", "rule_ids": "999", "active": "on"})
    assert "incidents" not in post(client, key, burst(5, 100, agent={"name": "db02", "ip": "10.10.1.22"})).json()
    assert Incident.objects.count() == 1
    # Deactivating it on its page brings the default back.
    own = PromotionRule.objects.get(source=src)
    r = c.post(f"/vulns/soc/rules/{own.pk}/", {"name": "Chỉ mã 999", "rule_ids": "999"})
    assert r.status_code == 302 and not PromotionRule.objects.get(pk=own.pk).active
    assert post(client, key, burst(2, 200, agent={"name": "db03", "ip": "10.10.1.23"})).json()["incidents"] == 1


@pytest.mark.parametrize("data,message", [
    ({"name": "X"}, "Luật cần ít nhất một điều kiện"),
    ({"name": "X", "min_level": "abc"}, "Mức cảnh báo phải là số từ 0 đến 15"),
    ({"name": "X", "min_level": "16"}, "Mức cảnh báo phải là số từ 0 đến 15"),
    ({"name": "X", "min_level": "5", "window_hours": "0"}, "Thời gian gộp phải từ 1 đến 720 giờ"),
    ({"name": "X", "min_level": "5", "window_hours": "9999"}, "Thời gian gộp phải từ 1 đến 720 giờ"),
    ({"name": "", "min_level": "5"}, "Cần nhập tên luật."),
])
def test_bad_rules_are_refused_with_a_message(world, estate, source, client_for, data, message):
    src, _key = source
    c = client_for("specialist")
    r = c.post(f"/vulns/soc/sources/{src.pk}/rules/", data)
    assert r.status_code == 400 and message in r.content.decode()
    r = c.post("/vulns/soc/rules/", data)
    assert r.status_code == 400 and message in r.content.decode()
    assert PromotionRule.objects.count() == 0
    rule = services.promotion_rule_create(actor=world.users["specialist"], source=src,
                                          data={"name": "Mức cao", "min_level": 12})
    r = c.post(f"/vulns/soc/rules/{rule.pk}/", data)
    assert r.status_code == 400 and message in r.content.decode()
    assert PromotionRule.objects.get().min_level == 12
    assert client_for("unit_officer").post(f"/vulns/soc/sources/{src.pk}/rules/", {"name": "x", "min_level": "1"}) \
        .status_code == 404


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_of_a_source_take_turns(world, estate, source, on_day):
    """Two requests at the same moment (the same alerts, or a burst split in two): every alert
    stored once, one incident for the group, no error. PostgreSQL only: SQLite's IMMEDIATE
    transactions take turns by themselves, and its test database is not shared between threads."""
    import threading

    from django.db import connection

    from attt.incidents.models import Incident

    if connection.vendor != "postgresql":
        pytest.skip("needs a database that several threads write at once (PostgreSQL)")
    src, _key = source
    services.promotion_rule_create(actor=world.users["specialist"], source=src,
                                   data={"name": "Dò mật khẩu SSH", "min_level": "10", "window_hours": "24"})
    for starts in ((0, 0), (0, 1000)):  # the same 50 alerts twice; then 50 more in each request
        barrier, errors = threading.Barrier(2), []

        def send(start):
            try:
                barrier.wait()
                services.alerts_ingest(source=SocSource.objects.get(pk=src.pk), body=burst(50, start).encode(),
                                       content_type="application/json")
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=(start,)) for start in starts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
    assert Alert.objects.count() == 100
    assert Incident.objects.count() == 1
    assert Alert.objects.filter(incident__isnull=False).count() == 100
    assert Alert.objects.get(fingerprint=Alert.objects.order_by("id").first().fingerprint).count >= 2
