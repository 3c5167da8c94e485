"""Demo incidents and a warning for Tuyên Quang. Reuses the systems module's demo systems when
they exist; otherwise creates a few systems with their products."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from attt.core import clock

from . import services


class _Upload:
    """A small in-memory file for the demo's evidence."""

    def __init__(self, name: str, content: bytes):
        self.name, self._content, self.size = name, content, len(content)

    def read(self, n=-1):
        return self._content if n < 0 else self._content[:n]


def _systems(ctx):
    from attt.systems.models import System, SystemProduct

    province = ctx.province
    existing = list(System.objects.filter(owner__path__startswith=province.path).select_related("operator"))
    if len(existing) >= 3 and SystemProduct.objects.filter(system__in=existing).exists():
        return existing
    o = ctx.orgs
    specs = [
        ("Cổng thông tin điện tử phường Minh Xuân", "commune_a", System.Kind.PUBLIC_SERVICE, 2,
         [("Nginx", "nginx", "1.24.0"), ("WordPress", "WordPress", "6.4.2")]),
        ("Trang thông tin điện tử xã Thượng Lâm", "commune_b", System.Kind.PUBLIC_SERVICE, 1,
         [("Nginx", "nginx", "1.24.0"), ("WordPress", "WordPress", "6.2.1")]),
        ("Hệ thống quản lý tài chính, ngân sách", "finance", System.Kind.INTERNAL, 3,
         [("Microsoft", "Windows Server", "2019"), ("Microsoft", "SQL Server", "2019")]),
        ("Cổng dịch vụ công tỉnh Tuyên Quang", "centre", System.Kind.PUBLIC_SERVICE, 3,
         [("VNPT", "iGate", "3.2"), ("Nginx", "nginx", "1.22.1")]),
    ]
    made = []
    for name, key, kind, level, products in specs:
        system = System.objects.create(name=name, owner=o[key], operator=o[key], kind=kind, approved_level=level,
                                       proposed_level=level, go_live=dt.date(2022, 1, 1))
        for vendor, product, version in products:
            SystemProduct.objects.create(system=system, vendor=vendor, product=product, version=version)
        made.append(system)
    return made


def populate(ctx) -> None:
    from .models import Incident

    if Incident.objects.filter(unit__path__startswith=ctx.province.path).exists():
        return
    users, orgs = ctx.users, ctx.orgs
    from attt.orgs.models import User

    specialist, responder = users.get("specialist"), users.get("responder")
    # ctx.users keeps the last user of each role: find the officer of commune A by membership.
    officer = User.objects.filter(memberships__organisation=orgs["commune_a"], memberships__role="unit_officer",
                                  memberships__active=True).first()
    if not (specialist and responder and officer):
        return
    for user in (specialist, responder, officer):
        user.forget_memberships()  # granted after the user objects were made
    systems = _systems(ctx)
    by_operator = defaultdict(list)
    for s in systems:
        by_operator[s.operator_id].append(s)
    now = clock.now()
    commune_a = orgs["commune_a"]
    own = by_operator.get(commune_a.pk) or []

    # 1. Closed, legacy regime (detected before 19/8/2026): defacement of a commune web portal.
    old = services.incident_report(actor=officer, unit=commune_a, systems=own[:1], fields={
        "title": "Trang thông tin điện tử phường bị thay đổi giao diện",
        "kind": Incident.Kind.DEFACEMENT, "severity": Incident.Severity.MEDIUM,
        "reporter_name": "Hoàng Thị Cán", "reporter_position": "Công chức Văn phòng - Thống kê",
        "reporter_phone": "0912 345 678", "reporter_email": "canbo@demo.attt.local",
        "providers": "VNPT Tuyên Quang (máy chủ ảo, đường truyền)",
        "description": "Trang chủ hiển thị nội dung lạ do nhóm tin tặc nước ngoài đăng tải.",
        "detected_at": now.replace(month=5, day=12, hour=8, minute=30) if now.month > 5 else now - dt.timedelta(days=200),
        "detection_method": "Người dân phản ánh qua điện thoại", "situation": "Đã tạm dừng trang web",
        "informed": "Chủ tịch UBND phường; Đội ứng cứu sự cố tỉnh",
        "os_services": "Ubuntu 22.04, nginx 1.24, WordPress 6.4", "addresses": "minhxuan.tuyenquang.gov.vn",
        "measures_taken": "Tạm dừng trang, sao lưu nhật ký", "help_requested": "Hỗ trợ phân tích nguyên nhân"})
    services.incident_start_handling(actor=specialist, incident=old)
    services.incident_assign(actor=specialist, incident=old, responder=responder)
    services.incident_add_evidence(actor=responder, incident=old, upload=_Upload(
        "access.log", b'203.0.113.7 - - "POST /wp-admin/theme-editor.php" 200\n'), description="Nhật ký truy cập")
    services.incident_add_action(actor=responder, incident=old, text="Khôi phục mã nguồn từ bản sao lưu, "
                                 "đổi mật khẩu quản trị, cập nhật WordPress.", public=False)
    services.incident_mark_notified(actor=specialist, incident=old, recipients="VNCERT/CC; UBND phường Minh Xuân")
    services.incident_close(actor=specialist, incident=old, closing_summary="Đã khôi phục trang trong 6 giờ.",
                            cause="Giao diện quản trị mở ra Internet, mật khẩu yếu.", damage="Gián đoạn 6 giờ.",
                            lessons_learned="Giới hạn truy cập trang quản trị theo địa chỉ IP; bật xác thực hai lớp; "
                                            "cập nhật WordPress và plugin hằng tháng.")

    # 2. Handling, serious, new regime: DDoS on the province's public-service portal.
    portal = next((s for s in systems if "dịch vụ công" in s.name.lower()), systems[-1])
    ddos = services.incident_report(actor=specialist, unit=portal.operator, systems=[portal], fields={
        "title": "Tấn công từ chối dịch vụ vào Cổng dịch vụ công tỉnh",
        "kind": Incident.Kind.DDOS, "severity": Incident.Severity.CRITICAL,
        "reporter_name": "Trần Thị Chuyên", "reporter_position": "Phòng An ninh mạng, Công an tỉnh",
        "reporter_phone": "0207 3822 123", "description": "Lưu lượng bất thường 8 Gbps từ hàng nghìn địa chỉ IP.",
        "detected_at": now - dt.timedelta(hours=30), "detection_method": "Cảnh báo của SOC",
        "situation": "Cổng gián đoạn từng đợt", "addresses": "dichvucong.tuyenquang.gov.vn",
        "providers": "VNPT Tuyên Quang", "measures_taken": "Bật lọc lưu lượng tại nhà mạng",
        "help_requested": "Đề nghị Bộ Công an hỗ trợ điều phối chặn nguồn tấn công"})
    services.incident_verify(actor=specialist, incident=ddos)
    services.incident_start_handling(actor=specialist, incident=ddos)
    services.incident_assign(actor=specialist, incident=ddos, responder=responder)
    services.incident_decide_serious(actor=specialist, incident=ddos,
                                     facts={"critical_system", "outage", "cascading", "owner_cannot_handle"},
                                     note="Hệ thống cấp độ 3 phục vụ toàn tỉnh, gián đoạn nhiều giờ.")

    # 3. Received from a citizen: a phishing site imitating the province portal.
    services.incident_report_public(province=ctx.province, ip="198.51.100.20", fields={
        "title": "Trang web giả mạo Cổng dịch vụ công để lừa nộp phí",
        "kind": Incident.Kind.PHISHING, "reporter_name": "Nguyễn Văn Dân", "reporter_phone": "0987 654 321",
        "description": "Nhận tin nhắn dẫn tới trang dichvucong-tuyenquang.com yêu cầu nộp phí qua thẻ ngân hàng.",
        "detected_at": now - dt.timedelta(hours=5), "addresses": "dichvucong-tuyenquang.com",
        "public_org_text": "Cổng dịch vụ công tỉnh"})

    # 4. Verifying and overdue (72 hours passed, not reported upward): malware at the finance department.
    finance = orgs["finance"]
    malware = services.incident_report(actor=specialist, unit=finance, systems=by_operator.get(finance.pk, [])[:1],
                                       fields={
        "title": "Máy trạm nhiễm mã độc đánh cắp thông tin", "kind": Incident.Kind.MALWARE,
        "severity": Incident.Severity.HIGH, "reporter_name": "Phạm Văn Trưởng",
        "description": "Phần mềm phòng chống mã độc phát hiện kết nối tới máy chủ điều khiển.",
        "detected_at": now - dt.timedelta(days=4), "detection_method": "Phần mềm phòng chống mã độc tập trung"})
    services.incident_verify(actor=responder, incident=malware)

    # 5. Dismissed: a false alarm.
    false_alarm = services.incident_report(actor=officer, unit=commune_a, fields={
        "title": "Nghi ngờ lộ mật khẩu thư điện tử", "kind": Incident.Kind.OTHER,
        "reporter_name": "Hoàng Thị Cán", "description": "Nhận thư yêu cầu đổi mật khẩu.",
        "detected_at": now - dt.timedelta(days=10)})
    services.incident_dismiss(actor=specialist, incident=false_alarm, reason="Thư thông báo hợp lệ từ hệ thống.")

    # One warning on the product registered by the most units.
    from attt.systems.models import SystemProduct

    units_by_product = defaultdict(set)
    label = {}
    for p in SystemProduct.objects.filter(system__in=systems).select_related("system"):
        units_by_product[p.product_key].add(p.system.operator_id)
        label[p.product_key] = (p.vendor, p.product)
    if units_by_product:
        key = max(units_by_product, key=lambda k: len(units_by_product[k]))
        vendor, product = label[key]
        if "nginx" in f"{vendor} {product}".lower():  # real nginx advisories, as a province would relay them
            text = {
                "title": "Lỗ hổng trong máy chủ web nginx: HTTP/2 Rapid Reset và mô-đun mp4",
                "severity": "high", "cves_text": "CVE-2023-44487, CVE-2024-7347",
                "description": "CVE-2023-44487 (HTTP/2 Rapid Reset) cho phép tấn công từ chối dịch vụ bằng cách mở "
                               "rồi hủy liên tục các luồng HTTP/2. CVE-2024-7347 trong mô-đun ngx_http_mp4_module "
                               "(nginx 1.5.13–1.27.0) có thể làm dừng tiến trình worker khi xử lý tệp mp4 được tạo "
                               "đặc biệt.",
                "recommended_actions": "Cập nhật nginx lên 1.26.2 hoặc 1.27.1 trở lên; giới hạn "
                                       "http2_max_concurrent_streams và keepalive_requests; tắt mô-đun mp4 nếu "
                                       "không dùng; theo dõi nhật ký truy cập."}
        else:
            text = {
                "title": f"Cập nhật bản vá bảo mật cho {product}".strip(), "severity": "high", "cves_text": "",
                "description": f"Hãng {vendor} đã công bố bản vá bảo mật cho {product}.",
                "recommended_actions": "Cập nhật lên phiên bản mới nhất của hãng; theo dõi nhật ký."}
        warning = services.warning_publish(
            actor=specialist, issuer=orgs["police"], products_text=f"{vendor} | {product} |",
            deadline=clock.today() + dt.timedelta(days=7), source_incident=old, **text)
        first = warning.targets.select_related("unit").first()
        if first is not None and first.unit_id == commune_a.pk:
            services.warning_acknowledge(actor=officer, target=first)
