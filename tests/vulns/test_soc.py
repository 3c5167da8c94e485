"""SOC intake: Wazuh JSON and CEF lines with a SOC token, de-duplication, attachment to systems,
promotion to an incident, systems under SOC."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from attt.core import clock
from attt.vulns import selectors, services
from attt.vulns.models import Alert

pytestmark = pytest.mark.django_db

WAZUH = {"timestamp": "2026-03-02T09:12:44.301+0700", "id": "1772417564.1234",
         "rule": {"level": 10, "description": "sshd: brute force trying to get access to the system.", "id": "5712",
                  "groups": ["syslog", "sshd", "authentication_failures"]},
         "agent": {"id": "003", "name": "congdichvu.anbinh.gov.vn", "ip": "10.10.1.10"},
         "manager": {"name": "wazuh-manager"}, "full_log": "Mar  2 09:12:44 web sshd[1203]: Failed password for root",
         "location": "/var/log/auth.log"}
CEF = ("<134>Mar  2 09:15:01 fw01 CEF:0|Fortinet|FortiGate|7.2|0419016384|IPS: Log4j RCE attempt|8|"
       "src=203.0.113.7 dst=10.10.1.21 dhost=10.10.1.21 rt=1772417701000 msg=blocked")


@pytest.fixture
def soc(world, estate):
    source, key = services.soc_source_create(actor=world.users["specialist"], organisation=world.org("province"),
                                             name="SOC tỉnh (Wazuh)")
    return {"source": source, "key": key, "auth": {"HTTP_AUTHORIZATION": f"Bearer {key}"}}


def test_wazuh_and_cef_are_received_deduplicated_and_attached(world, estate, soc, client):
    body = json.dumps([WAZUH, dict(WAZUH, id="1772417565.99", agent={"name": "unknown-host", "ip": "192.0.2.5"})])
    r = client.post("/api/v1/vulns/soc/alerts", body, content_type="application/json", **soc["auth"])
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["new"] == 2 and out["unmatched_hosts"] == ["unknown-host"] and "unknown-host" in out["message"]
    r = client.post("/api/v1/vulns/soc/alerts", json.dumps(WAZUH), content_type="application/json", **soc["auth"])
    assert r.json()["duplicates"] == 1 and Alert.objects.get(rule_id="5712", system=estate["portal"]).count == 2
    r = client.post("/api/v1/vulns/soc/alerts", CEF + "\n" + CEF, content_type="text/plain", **soc["auth"])
    assert r.json() == {"received": 2, "new": 1, "duplicates": 1, "unmatched_hosts": []}
    cef = Alert.objects.get(kind="cef")
    assert cef.system == estate["db"] and cef.level == 12 and cef.occurred_at.year == 2026


def test_bad_alert_and_bad_token(world, estate, soc, client):
    r = client.post("/api/v1/vulns/soc/alerts", json.dumps([WAZUH, {"hello": 1}]), content_type="application/json",
                    HTTP_ACCEPT_LANGUAGE="vi", **soc["auth"])
    assert r.status_code == 400 and "Mục 2 không phải là cảnh báo" in r.json()["detail"]
    assert Alert.objects.count() == 0
    r = client.post("/api/v1/vulns/soc/alerts", "just some text", content_type="text/plain", **soc["auth"])
    assert r.status_code == 400
    r = client.post("/api/v1/vulns/soc/alerts", json.dumps(WAZUH), content_type="application/json",
                    HTTP_AUTHORIZATION="Bearer soc_forged")
    assert r.status_code == 401


def test_systems_under_soc_counts_alerts_and_heartbeats_in_the_window(world, estate, soc, client, on_day):
    client.post("/api/v1/vulns/soc/alerts", json.dumps(WAZUH), content_type="application/json", **soc["auth"])
    assert selectors.systems_under_soc(world.org("province"), 7) == 1
    r = client.post("/api/v1/vulns/soc/heartbeat", {"hosts": ["10.10.1.21", "172.16.9.9", "nowhere"]},
                    content_type="application/json", **soc["auth"])
    assert r.json() == {"systems": 2, "unmatched_hosts": ["nowhere"]}
    assert selectors.systems_under_soc(world.org("province"), 7) == 3
    assert selectors.systems_under_soc(world.users["unit_officer"], 7) == 2
    clock.travel_to(on_day + dt.timedelta(days=10))
    assert selectors.systems_under_soc(world.org("province"), 7) == 0


def test_promote_alert_to_incident_with_the_incidents_service(world, estate, soc, client, client_for):
    from attt.incidents.models import Incident

    client.post("/api/v1/vulns/soc/alerts", json.dumps(WAZUH), content_type="application/json", **soc["auth"])
    alert = Alert.objects.get()
    officer = client_for("unit_officer")
    assert "sshd: brute force" in officer.get("/vulns/alerts/").content.decode()
    assert client_for("officer_b").get(alert.get_absolute_url()).status_code == 404
    r = officer.post(f"/vulns/alerts/{alert.pk}/promote/")
    incident = Incident.objects.get()
    assert r.status_code == 302 and r["Location"] == incident.get_absolute_url()
    assert incident.unit == world.org("commune_a") and incident.affected.filter(system=estate["portal"]).exists() \
        if hasattr(incident, "affected") else incident.unit == world.org("commune_a")
    alert.refresh_from_db()
    assert alert.incident == incident
    r = client_for("unit_officer").post(f"/api/v1/vulns/alerts/{alert.pk}/promote")
    assert r.status_code == 400
