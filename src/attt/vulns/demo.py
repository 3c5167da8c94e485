"""Demo data for vulnerabilities and SOC: the provincial public-service portal carries its
addresses and its latest scan (five findings from a real-world Nessus policy: OpenSSH
regreSSHion, the nginx resolver overwrite, TLS 1.0, an old jQuery, SWEET32), and the province's
SOC (VNPT Tuyên Quang) sends heartbeats for the systems it monitors.

A system counts as "under SOC" only while its SOC keeps sending (ATTT_SOC_WINDOW_DAYS): the demo
sends those heartbeats when it is built and again at each `attt demo` start (`refresh`)."""
from __future__ import annotations

from pathlib import Path

from django.db.models import Q

SCAN_FILE = Path(__file__).resolve().parent / "data" / "demo-cong-dich-vu-cong.nessus"
PORTAL_DOMAIN = "dichvucong.tuyenquang.gov.vn"
SOC_NAME = "SOC VNPT Tuyên Quang"


def _monitored(province):
    from attt.systems.models import System

    # The systems the demo inventory declares as monitored by the provincial SOC.
    return (System.objects.filter(owner__path__startswith=province.path, status=System.Status.OPERATING,
                                  soc_monitored=True).order_by("pk"))


def populate(ctx) -> None:
    from attt.systems.models import System

    from .models import SocSource
    from .services import addresses, imports, soc

    province = ctx.province
    specialist = ctx.users.get("specialist")
    if province is None or specialist is None or SocSource.objects.filter(organisation=province).exists():
        return
    portal = System.objects.filter(Q(domains__icontains=PORTAL_DOMAIN), owner__path__startswith=province.path).first()
    if portal is not None:
        addresses.address_add(actor=specialist, system=portal, kind="ip", value="103.9.0.10")
        addresses.address_add(actor=specialist, system=portal, kind="hostname", value=PORTAL_DOMAIN)
        with SCAN_FILE.open("rb") as stream:
            imports.scan_import(actor=specialist, organisation=portal.operator, stream=stream,
                                filename="cong-dvc-quy-IV-2026.nessus")
    soc.soc_source_create(actor=specialist, organisation=province, name=SOC_NAME)
    from .services.promotion import promotion_rule_create

    promotion_rule_create(actor=specialist, province=province, data={
        "name": "Cảnh báo mức rất cao (Wazuh ≥ 12)", "min_level": 12, "window_hours": 24})
    refresh(province)


def refresh(province=None) -> int:
    """Heartbeats from the demo SOC for the systems it monitors; returns how many."""
    from attt.orgs.models import Organisation

    from .models import SocSource
    from .services.soc import _cover, _paths, _touch

    province = province or Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).order_by("pk").first()
    source = SocSource.objects.filter(organisation=province, name=SOC_NAME).first() if province else None
    if source is None:
        return 0
    ids = set(_monitored(province).values_list("pk", flat=True))
    _touch(ids, field="last_heartbeat_at", paths=_paths(ids))
    _cover(source, ids, field="last_heartbeat_at")
    return len(ids)
