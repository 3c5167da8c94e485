"""Access matrix of the vulnerability and SOC module: API endpoints (pages are covered in tests/vulns)."""
import itertools
import json

from .matrix import Case

ALL_SEE = {"*": 200}
HIDDEN = {"unit_head": 404, "officer_b": 404, "officer_q": 404}
SEE_A = {"*": 200, **HIDDEN}  # objects of commune A's portal
_values = itertools.count(1)

WAZUH = {"id": "1.1", "timestamp": "2026-03-02T09:12:44+0700",
         "rule": {"id": "5712", "level": 10, "description": "sshd: brute force"},
         "agent": {"name": "portal", "ip": "10.10.1.10"}}


def _estate(w):
    if hasattr(w, "vulns"):
        return w.vulns
    from pathlib import Path

    from attt.systems.models import System
    from attt.vulns import services
    from attt.vulns.models import Alert, Finding

    officer = w.users["unit_officer"]
    portal = System(name="Cổng xã An Bình", owner=w.orgs["commune_a"], operator=w.orgs["commune_a"], approved_level=3)
    portal.save()
    address = services.address_add(actor=officer, system=portal, kind="ip", value="10.10.1.10")
    data = (Path(__file__).resolve().parent.parent / "vulns" / "data" / "portal.nessus").open("rb")
    scan = services.scan_import(actor=officer, organisation=w.orgs["commune_a"], stream=data, filename="portal.nessus")
    source, _key = services.soc_source_create(actor=w.users["specialist"], organisation=w.orgs["province"], name="SOC")
    services.alerts_ingest(source=source, body=json.dumps(WAZUH).encode(), content_type="application/json")
    w.vulns = {"portal": portal, "address": address, "scan": scan, "finding": Finding.objects.filter(system=portal).first(),
               "alert": Alert.objects.get()}
    return w.vulns


def _new_address(w):
    return {"kind": "ip", "value": f"10.20.0.{next(_values) % 250 + 1}"}


CASES = [
    Case("api:vulns_finding_list", "findings", lambda w: "/api/v1/vulns/findings", ALL_SEE, api=True),
    Case("api:vulns_finding_detail", "finding of commune A",
         lambda w: f"/api/v1/vulns/findings/{_estate(w)['finding'].pk}", SEE_A, api=True),
    Case("api:vulns_scan_upload", "upload (no body)", lambda w: "/api/v1/vulns/scans", {"*": 422}, method="POST",
         api=True),
    Case("api:vulns_scan_detail", "scan of commune A", lambda w: f"/api/v1/vulns/scans/{_estate(w)['scan'].pk}", SEE_A,
         api=True),
    Case("api:vulns_address_list", "addresses of commune A's portal",
         lambda w: f"/api/v1/vulns/systems/{_estate(w)['portal'].pk}/addresses", SEE_A, api=True),
    Case("api:vulns_address_add", "add an address to commune A's portal",
         lambda w: f"/api/v1/vulns/systems/{_estate(w)['portal'].pk}/addresses",
         {"*": 201, "province_leader": 403, "responder": 403, "auditor": 403, **HIDDEN}, method="POST",
         data=_new_address, api=True, extra={"json": True}),
    # The first caller allowed deletes it; everyone after finds nothing.
    Case("api:vulns_address_delete", "delete an address of commune A's portal",
         lambda w: f"/api/v1/vulns/addresses/{_estate(w)['address'].pk}",
         {"*": 404, "province_leader": 403, "specialist": 204}, method="DELETE", api=True),
    Case("api:vulns_figures", "figures", lambda w: "/api/v1/vulns/figures", ALL_SEE, api=True),
    Case("api:vulns_trend", "quarterly trend", lambda w: "/api/v1/vulns/trend?quarters=4", ALL_SEE, api=True),
    Case("api:vulns_soc_source_create", "register a SOC (no body)", lambda w: "/api/v1/vulns/soc/sources", {"*": 422},
         method="POST", api=True),
    # A user's token is not a SOC source's token.
    Case("api:vulns_soc_alerts", "alerts with a user token", lambda w: "/api/v1/vulns/soc/alerts", {"*": 401},
         method="POST", api=True, data=WAZUH, extra={"json": True}),
    Case("api:vulns_soc_heartbeat", "heartbeat with a user token", lambda w: "/api/v1/vulns/soc/heartbeat",
         {"*": 401}, method="POST", api=True, data={"hosts": ["x"]}, extra={"json": True}),
    Case("api:vulns_alert_list", "alerts", lambda w: "/api/v1/vulns/alerts", ALL_SEE, api=True),
    # The first caller allowed promotes it; the next allowed ones are told it is done already.
    Case("api:vulns_alert_promote", "promote an alert on commune A's portal",
         lambda w: f"/api/v1/vulns/alerts/{_estate(w)['alert'].pk}/promote",
         {"*": 403, "specialist": 201, "responder": 400, "unit_officer": 400, **HIDDEN}, method="POST", api=True),
]
