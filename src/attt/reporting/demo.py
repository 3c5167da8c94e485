"""Demo data for Tuyên Quang: coverage snapshots that reproduce the figures of seed 002
(31 of 812 computers in the 125 public-service centres have central anti-malware; 13 of 20
important systems are monitored by a SOC) and one submitted quarterly report."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from . import services
from .models import CoverageSnapshot, Report
from .periods import Period

AS_OF = dt.date(2025, 8, 1)
# Important systems and SOC monitoring by body: (systems, under SOC). The bodies that registered
# their systems in the demo inventory (office, dost, finance, and two communes with one each) are
# counted from it, and their typed figures here say the same; with the others the province
# shows 13 of 20 systems under SOC, as in seed 002.
SYSTEMS = {"office": (2, 2), "dost": (1, 1), "police": (4, 4), "finance": (1, 0), "home": (3, 2), "centre": (7, 4)}
STAFF = {"office": (3, 2), "dost": (6, 5), "police": (8, 8), "finance": (2, 1), "home": (2, 1), "centre": (2, 1)}
BUDGET = {"office": (2, 3_200_000_000, 360_000_000), "dost": (3, 12_500_000_000, 1_400_000_000),
          "finance": (1, 1_800_000_000, 120_000_000), "home": (1, 900_000_000, 95_000_000)}


def populate(ctx) -> None:
    from attt.orgs.models import Organisation

    province = ctx.province
    if province is None or CoverageSnapshot.objects.filter(organisation__path__startswith=province.path).exists():
        return
    specialist = ctx.users.get("specialist")
    commune_centres = list(Organisation.objects.filter(path__startswith=province.path,
                                                       kind=Organisation.Kind.SERVICE_CENTRE, depth=2).order_by("name"))
    provincial_centre = ctx.orgs["centre"]
    # 812 computers: 20 at the provincial centre, 792 in the commune centres (6 or 7 each);
    # 31 with central anti-malware: 8 at the provincial centre and 1 in each of 23 commune centres.
    extra_seven = 792 - 6 * len(commune_centres)
    rows = [(provincial_centre, 20, 8, 14)]
    for i, centre in enumerate(commune_centres):
        computers = 7 if i < extra_seven else 6
        rows.append((centre, computers, 1 if i < 23 else 0, computers // 2 + (i % 2)))
    for org, computers, antimalware, licensed in rows:
        systems, soc = SYSTEMS.get("centre", (0, 0)) if org.pk == provincial_centre.pk else (0, 0)
        staff, trained = STAFF.get("centre", (0, 0)) if org.pk == provincial_centre.pk else (1, 0)
        services.snapshot_create(actor=specialist, organisation=org, as_of=AS_OF, source=CoverageSnapshot.Source.DEMO,
                                 values={"computers_total": computers, "computers_antimalware": antimalware,
                                         "computers_licensed_os": licensed, "systems_total": systems,
                                         "systems_soc": soc, "staff_security": staff, "staff_trained": trained},
                                 note="Số liệu rà soát tháng 7/2025 (Công văn của UBND tỉnh ngày 09/8/2025)")
    for key, (systems, soc) in SYSTEMS.items():
        if key == "centre":
            continue
        staff, trained = STAFF[key]
        plans, total, security = BUDGET.get(key, (0, 0, 0))
        services.snapshot_create(actor=specialist, organisation=ctx.orgs[key], as_of=AS_OF,
                                 source=CoverageSnapshot.Source.DEMO,
                                 values={"computers_total": 40, "computers_antimalware": 30,
                                         "computers_licensed_os": 36, "systems_total": systems, "systems_soc": soc,
                                         "staff_security": staff, "staff_trained": trained, "trainings_held": 1,
                                         "drills_held": 1 if key in {"dost", "police"} else 0, "it_plans": plans,
                                         "it_budget_total": total, "security_budget": security})
    # The commune of the unit officer reports its own office too, then submits its Q3/2025 report.
    officer = ctx.users.get("unit_officer")
    membership = officer.primary_membership() if officer is not None else None
    if membership is None:
        return
    commune = membership.organisation
    services.snapshot_create(actor=officer, organisation=commune, as_of=dt.date(2025, 9, 5),
                             source=CoverageSnapshot.Source.DEMO,
                             values={"computers_total": 25, "computers_antimalware": 4, "computers_licensed_os": 18,
                                     "staff_security": 1, "staff_trained": 1, "trainings_held": 1})
    period = Period(2025, 3)
    report = services.report_create(actor=officer, organisation=commune, period=period)
    services.report_update(
        actor=officer, report=report, number="45/BC-UBND", signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        signer_name="Nguyễn Thị Minh",
        summary="Trong quý III năm 2025, Ủy ban nhân dân phường đã quán triệt Công văn của UBND tỉnh về tăng cường "
                "bảo đảm an toàn thông tin mạng; rà soát toàn bộ máy tính tại bộ phận một cửa và Trung tâm Phục vụ "
                "hành chính công phường.",
        difficulties="Phần lớn máy tính chưa được cài phần mềm phòng chống mã độc tập trung do chưa bố trí kinh phí.",
        proposals="Đề nghị Công an tỉnh hỗ trợ triển khai phòng chống mã độc tập trung cho các máy tính còn lại.")
    report = services.report_submit(actor=officer, report=report)
    Report.objects.filter(pk=report.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(2025, 9, 12, 9, 30)))
