"""Demo: commune A's approved response plan, the province's yearly drill (done last month, with a
finding for commune A) and next year's planned one, the province's supplier register with contracts
and an assessment, and the provincial data centre's attestation inherited by one hosted system."""
from __future__ import annotations

import datetime as dt

from attt.core import clock

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def mst(first9: str) -> str:
    """A valid tax code from its first nine digits (the demo invents codes; see services.tax_code_valid)."""
    check = 10 - sum(int(d) * w for d, w in zip(first9, MST_WEIGHTS)) % 11
    if check == 10:
        return mst(str(int(first9) + 1).zfill(9))
    return first9 + str(check)


def populate(ctx) -> None:
    from attt.systems.models import Control, System

    from . import hosting, services
    from .models import ResponsePlan

    specialist, officer, admin = (ctx.users.get(r) for r in ("specialist", "unit_officer", "admin"))
    commune, province = ctx.orgs.get("commune_a"), ctx.orgs.get("province")
    if not all((specialist, officer, admin, commune, province)) or ResponsePlan.objects.exists():
        return
    today = clock.today()
    own = list(System.objects.filter(owner=commune).order_by("-approved_level", "name")[:2])
    if own:
        plan = services.plan_create(
            actor=officer, organisation=commune, title=f"Phương án ứng phó sự cố hệ thống thông tin {commune.name}",
            systems=own, content={
                "scenarios": [
                    {"kind": "ransomware", "description": "Cô lập máy bị nhiễm, khôi phục từ bản sao lưu ngoại tuyến."},
                    {"kind": "defacement", "description": "Gỡ trang, khôi phục nội dung, báo Đội ứng cứu sự cố tỉnh."}],
                "contacts": [{"role": "Chỉ huy ứng phó", "name": "Hoàng Thị Cán", "phone": "0912 000 111",
                              "email": "canbo@demo.attt.local"}],
                "escalation_team": "Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Tuyên Quang (0207 3822 113)",
                "escalation_national": "Trung tâm Giám sát an toàn không gian mạng quốc gia (NCSC)",
                "rto_hours": 8, "rpo_hours": 24})
        services.plan_approve(actor=admin, plan=plan)
    drilled = list(System.objects.filter(owner__path__startswith=province.path, approved_level__gte=3)
                   .order_by("name")[:3])
    held = today - dt.timedelta(days=30)
    if drilled:
        drill = services.drill_plan(actor=specialist, organisation=province, title=f"Diễn tập thực chiến tỉnh năm {held.year}",
                                    scenario="ransomware", planned_on=held, systems=drilled,
                                    participants="Đội ứng cứu sự cố tỉnh; các đơn vị vận hành hệ thống; VNPT Tuyên Quang")
        services.drill_record(actor=specialist, drill=drill, held_on=held,
                              timeline="08:00 phát hiện mã hóa tệp; 08:30 cô lập; 11:00 khôi phục từ sao lưu",
                              what_worked="Sao lưu ngoại tuyến khôi phục được trong 3 giờ.",
                              findings=[{"description": "Chưa có danh bạ liên hệ khẩn cấp ngoài giờ hành chính",
                                         "organisation": commune, "deadline": today + dt.timedelta(days=30)}])
    services.drill_plan(actor=specialist, organisation=province, title=f"Diễn tập ứng phó DDoS năm {today.year + 1}",
                        scenario="ddos", planned_on=today + dt.timedelta(days=90), systems=drilled[:1])
    vnpt = services.supplier_save(actor=specialist, organisation=province, data={
        "name": "VNPT Tuyên Quang", "tax_code": mst("010010910") + "-051", "services": "Đường truyền, thuê chỗ đặt máy chủ",
        "contacts": "Phòng Kỹ thuật, 0207 3800 126", "certifications": "ISO/IEC 27001:2022"})
    soc = services.supplier_save(actor=specialist, organisation=province, data={
        "name": "Công ty Cổ phần An ninh mạng Demo", "tax_code": mst("010745812"), "services": "Giám sát SOC",
        "contacts": "soc@demo.vn"})
    services.contract_save(actor=specialist, organisation=province, supplier=vnpt, title="Thuê dịch vụ trung tâm dữ liệu",
                           number="15/2025/HĐ-VNPT", starts_on=dt.date(today.year - 1, 1, 1),
                           ends_on=today + dt.timedelta(days=45), systems=drilled,
                           commitments=["confidentiality", "incident_notification", "data_location", "exit"],
                           notify_hours=2, data_location="Trung tâm dữ liệu VNPT Tuyên Quang")
    services.assessment_record(actor=specialist, supplier=soc, risk_level="high",
                               notes="Chưa cung cấp báo cáo kiểm thử xâm nhập năm nay.")
    provider = ctx.orgs.get("vnpt")
    if provider is not None and drilled:
        system = drilled[0]
        ids = list(Control.objects.filter(system=system, active=True, category__in=["network", "server", "physical", "operation"])
                   .values_list("requirement_id", flat=True)[:6]) or list(
            Control.objects.filter(system=system, active=True).values_list("requirement_id", flat=True)[:4])
        if ids:
            hosting.attestation_save(actor=specialist, provider=provider, title="Xác nhận kiểm soát trung tâm dữ liệu",
                                     requirement_ids=ids, valid_from=dt.date(today.year, 1, 1),
                                     valid_until=dt.date(today.year + 1, 12, 31),
                                     evidence="Biên bản kiểm tra an toàn thông tin trung tâm dữ liệu")
            hosting.system_set_hosting(actor=specialist, system=system, provider=provider)
