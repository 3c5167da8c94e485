"""The demo province: Tuyên Quang after the 2025 merger, its communes, the bodies seed 002 names,
the commune public-service centres, the providers, a response team and one user per role."""
from __future__ import annotations

import secrets

from attt.core.text import fold

from . import services
from .bootstrap import bootstrap_province
from .models import Organisation
from .roles import Role

BODIES = [
    # key, code suffix, name, short name, kind, incident phone
    ("police", "CA", "Công an tỉnh Tuyên Quang", "Công an tỉnh", Organisation.Kind.POLICE, "0207 3822 123"),
    ("office", "VP", "Văn phòng UBND tỉnh Tuyên Quang", "Văn phòng UBND tỉnh", Organisation.Kind.DEPARTMENT, "0207 3822 001"),
    ("dost", "KHCN", "Sở Khoa học và Công nghệ tỉnh Tuyên Quang", "Sở Khoa học và Công nghệ", Organisation.Kind.DEPARTMENT, "0207 3822 002"),
    ("home", "NV", "Sở Nội vụ tỉnh Tuyên Quang", "Sở Nội vụ", Organisation.Kind.DEPARTMENT, "0207 3822 003"),
    ("finance", "TC", "Sở Tài chính tỉnh Tuyên Quang", "Sở Tài chính", Organisation.Kind.DEPARTMENT, "0207 3822 004"),
    ("centre", "TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang", "Trung tâm Phục vụ hành chính công tỉnh",
     Organisation.Kind.SERVICE_CENTRE, "0207 3822 005"),
    ("team", "DUCSC", "Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Tuyên Quang", "Đội ứng cứu sự cố",
     Organisation.Kind.RESPONSE_TEAM, "0207 3822 113"),
    ("vnpt", "VNPT", "VNPT Tuyên Quang", "VNPT", Organisation.Kind.PROVIDER, "0207 3800 126"),
    ("viettel", "VIETTEL", "Viettel Tuyên Quang", "Viettel", Organisation.Kind.PROVIDER, "0207 3628 198"),
    ("mobifone", "MOBIFONE", "MobiFone Tuyên Quang", "MobiFone", Organisation.Kind.PROVIDER, "0207 3888 090"),
    ("fpt", "FPT", "FPT Telecom Tuyên Quang", "FPT Telecom", Organisation.Kind.PROVIDER, "0207 3666 686"),
]

# how each body signs its documents: abbreviation (ký hiệu), head title, head name, deputy title, deputy name
SIGNERS = {
    "province": ("UBND", "Chủ tịch", "", "Phó Chủ tịch", "Nguyễn Thị Minh"),
    "police": ("CAT", "Giám đốc", "Hoàng Văn Quân", "Phó Giám đốc", "Lý Thị Hà"),
    "finance": ("STC", "Giám đốc", "Phạm Văn Trưởng", "", ""),
    "dost": ("SKHCN", "Giám đốc", "Ma Văn Khoa", "", ""),
    "team": ("ĐUCSC", "Đội trưởng", "Lê Văn Ứng", "", ""),
    "commune_a": ("UBND", "Chủ tịch", "Triệu Văn Xuân", "", ""),
}

# username, role, organisation key, full name
USERS = [
    ("lanhdao", Role.PROVINCE_LEADER, "province", "Nguyễn Văn Lãnh"),
    ("chuyentrach", Role.SPECIALIST, "police", "Trần Thị Chuyên"),
    ("ungcuu", Role.RESPONDER, "team", "Lê Văn Ứng"),
    ("thutruong", Role.UNIT_HEAD, "finance", "Phạm Văn Trưởng"),
    ("canbo", Role.UNIT_OFFICER, "commune_a", "Hoàng Thị Cán"),
    ("canbo2", Role.UNIT_OFFICER, "commune_b", "Vũ Văn Bộ"),
    ("kiemtra", Role.AUDITOR, "province", "Đỗ Thị Kiểm"),
    ("quantri", Role.ADMIN, "province", "Bùi Văn Trị"),
]


def populate(ctx) -> None:
    province, _n = bootstrap_province("Tuyên Quang")
    ctx.province = province
    ctx.orgs["province"] = province
    pcode = province.code
    for key, suffix, name, short, kind, phone in BODIES:
        code = f"{pcode}-{suffix}"
        org = Organisation.objects.filter(code=code).first() or services.org_create(
            actor=None, parent=province, code=code, name=name, short_name=short, kind=kind,
            incident_phone=phone, incident_email=f"attt.{suffix.lower()}@tuyenquang.gov.vn")
        ctx.orgs[key] = org
    communes = list(Organisation.objects.filter(parent=province, kind=Organisation.Kind.COMMUNE).order_by("name"))
    existing_centres = set(Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE,
                                                       parent__in=communes).values_list("parent_id", flat=True))
    for commune in communes:
        if commune.pk in existing_centres:
            continue
        slug = fold(commune.name).replace(" ", "")[:30]
        services.org_create(actor=None, parent=commune, code=f"{commune.code}-TTPV",
                            name=f"Trung tâm Phục vụ hành chính công {commune.name}", kind=Organisation.Kind.SERVICE_CENTRE,
                            incident_email=f"ttpvhcc.{slug}@tuyenquang.gov.vn")
        if not commune.incident_email:
            services.org_update(actor=None, org=commune, incident_email=f"ubnd.{slug}@tuyenquang.gov.vn")
    by_name = {c.name: c for c in communes}
    ctx.orgs["commune_a"] = by_name.get("Phường Minh Xuân") or communes[0]
    ctx.orgs["commune_b"] = by_name.get("Xã Thượng Lâm") or communes[1]
    for key, (abbr, head_title, head_name, deputy_title, deputy_name) in SIGNERS.items():
        ctx.orgs[key] = services.org_update(actor=None, org=ctx.orgs[key], abbreviation=abbr, head_title=head_title,
                                            head_name=head_name, deputy_title=deputy_title,
                                            deputy_name=deputy_name)
    for username, role, org_key, full_name in USERS:
        password = secrets.token_urlsafe(12)
        user, _pw = services.user_create(actor=None, username=username, full_name=full_name,
                                         email=f"{username}@demo.attt.local", password=password)
        services.membership_grant(actor=None, user=user, organisation=ctx.orgs[org_key], role=role)
        ctx.users.setdefault(role, user)  # the first user of a role is the role's demo user
        ctx.users[username] = user
        ctx.accounts.append((username, password, str(role.label), ctx.orgs[org_key].name))
