"""The report sections read the real modules: fixture data made with each module's services
(systems with controls and a dossier, incidents, a warning and its targets, duty occurrences,
a directive's assignments) and figures checked against hand-computed ones; the province total
equals the sum of its units."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core import clock
from attt.reporting import figures, sections, selectors
from attt.reporting.periods import Period

Q1 = Period(2026, 1)
TODAY = dt.date(2026, 4, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"

DIRECTIVE = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THỬ NGHIỆM                   Độc lập - Tự do - Hạnh phúc

Số: 77/UBND-KGVX             Thử Nghiệm, ngày 05 tháng 3 năm 2026

V/v rà soát hệ thống thông tin

Kính gửi:
- Các sở, ban, ngành;
- Ủy ban nhân dân các xã, phường.

Thực hiện Nghị định số 85/2016/NĐ-CP ngày 01/7/2016 của Chính phủ, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Các sở, ban, ngành, Ủy ban nhân dân các xã, phường

Rà soát hệ thống thông tin đang quản lý, gửi kết quả về Công an tỉnh trước ngày 20/3/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def values(data) -> dict:
    return {k: v for k, _label, v in data.figures}


@pytest.fixture
def platform(world):
    """Q1 2026 in province P, built through the modules' services; the clock ends on 10/4/2026."""
    from attt.directives import services as directive_services
    from attt.directives.models import Assignment
    from attt.incidents import services as incident_services
    from attt.incidents.models import WarningTarget
    from attt.obligations import services as duty_services
    from attt.obligations.models import Occurrence
    from attt.systems import services as system_services
    from attt.systems.models import Control, System
    from attt.vulns.models import SocContact
    from attt.systems.services.controls import sync_checklist

    specialist, officer, head = (world.users[k] for k in ("specialist", "unit_officer", "unit_head"))
    o = world.org
    out = {}
    clock.travel_to(dt.date(2026, 1, 5))
    # Systems: commune A owns S1 (level 2, SOC, anti-malware), S3 (no level, a dossier), S4
    # (planned); its service centre owns S2 (level 3, anti-malware); finance owns S5 (level 2,
    # SOC). Approved levels are set as the approval decision does.
    mk = system_services.system_create
    s1 = mk(actor=officer, owner=o("commune_a"), name="Cổng thông tin xã An Bình", soc_monitored=True,
            central_antimalware=True)
    s2 = mk(actor=officer, owner=o("centre_a"), name="Một cửa điện tử", central_antimalware=True)
    s3 = mk(actor=officer, owner=o("commune_a"), name="Họp trực tuyến")
    s4 = mk(actor=officer, owner=o("commune_a"), name="Kho dữ liệu (đang xây dựng)", status=System.Status.PLANNED,
            soc_monitored=True)
    s5 = mk(actor=head, owner=o("finance"), name="Quản lý ngân sách", soc_monitored=True)
    System.objects.filter(pk__in=[s1.pk, s5.pk]).update(approved_level=2)
    System.objects.filter(pk=s2.pk).update(approved_level=3)
    for s in (s1, s2):
        s.refresh_from_db()
        sync_checklist(system=s)
    controls = list(Control.objects.filter(system=s1, active=True).order_by("position", "id"))
    system_services.control_update(actor=officer, control=controls[0], status=Control.Status.IMPLEMENTED)
    system_services.control_update(actor=officer, control=controls[1], status=Control.Status.PARTIAL)
    system_services.control_update(actor=officer, control=controls[2], status=Control.Status.NOT_APPLICABLE,
                                   na_reason="Không có mạng không dây")
    out["s1_controls"] = len(controls)
    out["s2_controls"] = Control.objects.filter(system=s2, active=True).count()
    dossier = system_services.classify_system(actor=officer, system=s3, facts={}, proposed_level=None)
    out["s3_controls"] = Control.objects.filter(system=s3, active=True).count()  # the proposed level's checklist
    system_services.dossier_submit(actor=officer, dossier=dossier)
    dossier.refresh_from_db()
    out["dossier"] = dossier
    # Duties: every occurrence due in Q1; commune A submits one (accepted) and another (pending).
    duty_services.sync_duty_rules()
    duty_services.generate_occurrences(start=Q1.start, end=Q1.end)
    # Incidents: two in commune A (one closed), one in finance, one in Q2 (outside the period).
    clock.travel_to(dt.date(2026, 2, 1))
    warning = incident_services.warning_publish(
        actor=specialist, issuer=o("police"), title="Lỗ hổng VPN", severity="high", cves_text="CVE-2024-3400",
        products_text="", description="Mô tả", recommended_actions="Cập nhật", deadline=dt.date(2026, 2, 10),
        manual_units=[o("commune_a"), o("commune_b"), o("finance")])
    targets = {t.unit_id: t for t in WarningTarget.objects.filter(warning=warning)}
    clock.travel_to(dt.date(2026, 2, 5))
    incident_services.warning_acknowledge(actor=officer, target=targets[o("commune_a").pk])
    incident_services.warning_confirm_fix(actor=officer, target=targets[o("commune_a").pk], note="Đã vá")
    incident_services.warning_acknowledge(actor=head, target=targets[o("finance").pk])
    clock.travel_to(dt.date(2026, 2, 11))
    report = incident_services.incident_report
    fields = {"description": "Mô tả", "reporter_name": "Cán bộ"}
    i1 = report(actor=officer, unit=o("commune_a"), fields={**fields, "title": "Thay đổi giao diện cổng xã",
                                                            "detected_at": at(dt.date(2026, 2, 10)),
                                                            "kind": "defacement", "severity": "high"})
    incident_services.incident_start_handling(actor=specialist, incident=i1)
    incident_services.incident_close(actor=specialist, incident=i1, closing_summary="Đã khôi phục",
                                     lessons_learned="Cập nhật")
    clock.travel_to(dt.date(2026, 3, 6))
    report(actor=officer, unit=o("centre_a"), fields={**fields, "title": "Tấn công từ chối dịch vụ",
                                                      "detected_at": at(dt.date(2026, 3, 5)), "kind": "ddos",
                                                      "severity": "medium"})
    report(actor=head, unit=o("finance"), fields={**fields, "title": "Thư giả mạo", "detected_at": at(dt.date(2026, 3, 1)),
                                                  "kind": "phishing", "severity": "low"})
    # The directive, published: one assignment per department and commune, due 20/3/2026.
    directive = directive_services.directive_import(actor=specialist, data=DIRECTIVE.encode(), filename="77.txt")
    directive_services.directive_publish(actor=specialist, directive=directive)
    done = Assignment.objects.get(directive=directive, organisation=o("commune_a"))
    directive_services.assignment_respond(actor=officer, assignment=done, status=Assignment.Status.DONE,
                                          report="Đã rà soát 3 hệ thống")
    out["assignments"] = {a.organisation_id: a for a in Assignment.objects.filter(directive=directive)}
    clock.travel_to(dt.date(2026, 3, 10))
    commune_occ = list(Occurrence.objects.filter(organisation__path__startswith=o("commune_a").path,
                                                 due_date__gte=Q1.start,
                                                 due_date__lte=Q1.end).order_by("due_date", "pk"))
    first = duty_services.occurrence_submit(actor=officer, occurrence=commune_occ[0], note="Xong",
                                            upload=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"))
    duty_services.submission_review(actor=specialist, submission=first, accept=True)
    if len(commune_occ) > 1:
        duty_services.occurrence_submit(actor=officer, occurrence=commune_occ[1], note="Xong",
                                        upload=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"))
    out["commune_occ"] = commune_occ
    clock.travel_to(dt.date(2026, 4, 2))
    report(actor=officer, unit=o("commune_a"), fields={**fields, "title": "Mã độc (quý II)",
                                                       "detected_at": at(dt.date(2026, 4, 1)), "kind": "malware"})
    clock.travel_to(TODAY)
    # Their SOC sends heartbeats for S1, S4 and S5: under SOC (S4 is planned: not counted).
    for system in (s1, s4, s5):
        SocContact.objects.create(system=system, last_seen_at=clock.now(), last_heartbeat_at=clock.now(),
                                  owner_path=system.owner_path, operator_path=system.operator_path)
    return out


def provide(code, world, key, user="specialist"):
    return sections.get(code).provide(world.org(key), Q1, world.users[user])


def test_systems_section_counts_the_inventory(world, platform):
    v = values(provide("systems", world, "commune_a"))
    # commune A's subtree owns S1, S2, S3 (operating) and S4 (planned).
    assert (v["systems_total"], v["systems_operating"], v["systems_approved"]) == (4, 3, 2)
    assert v["approval_share"] == 66.7 and v["systems_operating_without"] == 1
    assert (v["systems_soc"], v["systems_antimalware"]) == (1, 2)  # S4 is planned: not counted
    assert (v["level_2"], v["level_3"]) == (1, 1)
    assert v["systems_pending"] == 1  # S3 was classified: a proposed level, no approval


def test_controls_section_uses_the_systems_compliance(world, platform):
    n1 = platform["s1_controls"]
    s1 = round(100 * 1.5 / (n1 - 1), 1)  # implemented 1 + partial ½ over the applicable ones
    total = n1 + platform["s2_controls"] + platform["s3_controls"]
    v = values(provide("controls", world, "commune_a"))
    assert v["systems_with_checklist"] == 3  # S1, S2 and S3 (its proposed level's checklist); S2, S3: 0%
    assert v["compliance_avg"] == round(s1 / 3, 1)
    assert v["controls_total"] == total
    assert (v["controls_implemented"], v["controls_partial"], v["controls_not_applicable"]) == (1, 1, 1)
    assert v["controls_not_started"] == total - 3
    rows = list(provide("controls", world, "commune_a").rows)
    assert sorted(r[0] for r in rows) == ["Cổng thông tin xã An Bình", "Họp trực tuyến", "Một cửa điện tử"]
    row = next(r for r in rows if r[0] == "Cổng thông tin xã An Bình")
    assert row[3] == s1 and row[4:8] == [1, 1, n1 - 3, 1]
    board = selectors.dashboard(user=world.users["specialist"], period=Q1)
    assert values(board.controls)["controls_total"] == total
    card = {row["unit"].pk: row for row in board.scorecard}
    assert card[world.org("commune_a").pk]["compliance"] == round(s1 / 3, 1)
    assert card[world.org("finance").pk]["compliance"] is None


def test_dossiers_section_shows_states_and_overdue_steps(world, platform):
    dossier = platform["dossier"]
    v = values(provide("dossiers", world, "commune_a"))
    assert (v["dossiers_total"], v["dossiers_open"], v[f"state_{dossier.state}"]) == (1, 1, 1)
    late = dossier.step_due is not None and dossier.step_due < TODAY
    assert v["dossiers_overdue"] == int(late)
    assert values(provide("dossiers", world, "finance"))["dossiers_total"] == 0


def test_incidents_section_uses_the_incidents_figures(world, platform):
    v = values(provide("incidents", world, "commune_a"))
    # Q1: the defacement (closed) and the centre's DDoS; the malware of 01/4 is in Q2.
    assert (v["incidents_total"], v["incidents_closed"], v["incidents_open"]) == (2, 1, 1)
    assert (v["severity_high"], v["severity_medium"], v["kind_defacement"], v["kind_ddos"]) == (1, 1, 1, 1)
    rows = list(provide("incidents", world, "commune_a").rows)
    assert [r[2] for r in rows] == ["10/02/2026", "05/03/2026"]
    province = values(provide("incidents", world, "province"))
    assert province["incidents_total"] == 3 and province["kind_phishing"] == 1
    series = dict(sections.get("incidents").series(world.org("province"), Q1, world.users["specialist"]))
    assert series == {"01/2026": 0, "02/2026": 1, "03/2026": 2}


def test_warnings_section_counts_handling(world, platform):
    v = values(provide("warnings", world, "commune_a"))
    assert (v["targets_total"], v["targets_acknowledged"], v["targets_fixed"], v["targets_fixed_on_time"],
            v["targets_late"], v["targets_open"]) == (1, 1, 1, 1, 0, 0)
    p = values(provide("warnings", world, "province"))
    assert (p["warnings_total"], p["targets_total"], p["targets_acknowledged"], p["targets_fixed"],
            p["targets_late"], p["targets_open"]) == (1, 3, 2, 1, 2, 2)


def test_duties_section_counts_occurrences(world, platform):
    occ = platform["commune_occ"]
    v = values(provide("duties", world, "commune_a"))
    submitted = 1 if len(occ) > 1 else 0
    assert v["duties_due"] == len(occ) >= 1
    assert (v["duties_accepted"], v["duties_submitted"]) == (1, submitted)
    assert v["duties_overdue"] == len(occ) - 1 - submitted  # every other Q1 occurrence is past due on 10/4


def test_tasks_section_counts_the_directive_assignments(world, platform):
    assignments = platform["assignments"]
    o = world.org
    assert {o("commune_a").pk, o("commune_b").pk, o("finance").pk} <= set(assignments)
    v = values(provide("tasks", world, "commune_a"))
    assert (v["tasks_total"], v["tasks_done"], v["tasks_open"], v["tasks_overdue"]) == (1, 1, 0, 0)
    b = values(provide("tasks", world, "commune_b"))
    assert (b["tasks_total"], b["tasks_done"], b["tasks_open"], b["tasks_overdue"]) == (1, 0, 1, 1)
    p = values(provide("tasks", world, "province"))
    assert p["tasks_total"] == len(assignments) and p["tasks_done"] == 1
    assert p["tasks_overdue"] == len(assignments) - 1


def test_province_totals_equal_the_sum_of_units(world, platform):
    """Every figure of the province = the sum of its reporting units, plus, for duties, the
    province's own occurrences (its report upward, its inspections), which no unit carries."""
    from attt.obligations.models import Occurrence

    province, user = world.org("province"), world.users["specialist"]
    own = Occurrence.objects.filter(organisation=province, due_date__gte=Q1.start, due_date__lte=Q1.end)
    extra = {("duties", "duties_due"): own.count(), ("duties", "duties_overdue"): own.count()}
    assert own.filter(status__in=Occurrence.OPEN).count() == own.count()
    units = list(figures.reporting_units(province))
    for code in ("systems", "controls", "dossiers", "incidents", "warnings", "duties", "tasks"):
        total = values(sections.get(code).provide(province, Q1, user))
        parts = [values(sections.get(code).provide(u, Q1, user)) for u in units]
        for key, value in total.items():
            if isinstance(value, int) and not key.endswith(("_share", "_avg")) and key != "warnings_total":
                assert value == sum(p[key] for p in parts) + extra.get((code, key), 0), (code, key)


def test_dashboard_reads_the_real_sources(world, platform):
    o = world.org
    board = selectors.dashboard(user=world.users["specialist"], period=Q1)
    card = {row["unit"].pk: row for row in board.scorecard}
    assert (card[o("commune_a").pk]["tasks"], card[o("commune_b").pk]["tasks"], card[o("finance").pk]["tasks"]) == (
        0, 1, 1)
    assert (card[o("commune_a").pk]["warnings"], card[o("commune_b").pk]["warnings"],
            card[o("finance").pk]["warnings"]) == (0, 1, 1)
    occ = platform["commune_occ"]
    assert card[o("commune_a").pk]["duties"] == len(occ) - 1 - (1 if len(occ) > 1 else 0)
    assert dict(board.incidents) == {"01/2026": 0, "02/2026": 1, "03/2026": 2}
    assert (board.approval.n, board.approval.d) == (3, 4)  # S1, S2, S5 approved of S1, S2, S3, S5


def test_soc_ratio_comes_from_the_inventory_with_snapshot_fallback(world, platform):
    """Units that registered systems: SOC from the inventory; commune B registered none: its
    typed snapshot is used, and the dashboard says so."""
    from attt.reporting import services

    services.snapshot_create(actor=world.users["specialist"], organisation=world.org("commune_b"),
                             as_of=dt.date(2026, 3, 1), values={"systems_total": 5, "systems_soc": 2})
    services.snapshot_create(actor=world.users["specialist"], organisation=world.org("commune_a"),
                             as_of=dt.date(2026, 3, 1), values={"systems_total": 9, "systems_soc": 9})
    board = selectors.dashboard(user=world.users["specialist"], period=Q1)
    soc = next(r for r in board.ratios if r.key == "soc")
    # inventory: commune A 1/3 (S1 of S1-S3), finance 1/1; snapshot: commune B 2/5.
    assert (soc.n, soc.d) == (1 + 1 + 2, 3 + 1 + 5)
    by_unit = {uf.unit.pk: uf for uf in board.units}
    assert by_unit[world.org("commune_a").pk].extra["systems_source"] == str(figures.SOURCE_LABELS["inventory"])
    assert by_unit[world.org("commune_b").pk].extra["systems_source"] == str(figures.SOURCE_LABELS["snapshot"])
    cov = values(provide("coverage", world, "commune_a"))
    assert (cov["systems_total"], cov["systems_soc"]) == (3, 1)
    assert cov["systems_source"] == str(figures.SOURCE_LABELS["inventory"])


def test_dashboard_page_names_the_sources(world, platform, client_for):
    html = client_for("specialist").get("/reports/dashboard/?period=2026-Q1").content.decode()
    assert 'id="soc-sources"' in html and str(figures.SOURCE_LABELS["inventory"]) in html
    assert "Chưa có dữ liệu" not in html


def test_unit_report_is_prefilled_from_the_modules(world, platform):
    from attt.reporting import services

    report = services.report_create(actor=world.users["unit_officer"], organisation=world.org("commune_a"), period=Q1)
    assert report.figure("tasks", "tasks_done") == 1
    assert report.figure("incidents", "incidents_total") == 2
    assert report.figure("systems", "systems_soc") == 1
    assert all(report.figures[code]["available"] for code in report.figures)
    assert report.due_date == dt.date(2026, 3, 15)
