"""Demo systems for Tuyên Quang: approved, in appraisal (one overdue), returned, draft, planned."""
from __future__ import annotations

import datetime as dt

from attt.core import clock
from attt.regimes import rules_engine

from . import services
from .models import Control, Dossier, DossierStep, System

S = Dossier.State


def _history(system, *, level: int, number: str, on: dt.date, approver=None) -> Dossier:
    """An approval made before the product existed: recorded as a finished dossier."""
    code = services.system_regime_code(system)
    regime = rules_engine.regime(code)
    facts = services.default_facts(system, regime)
    from .services.classification import evaluate

    criteria_level, deciding, explanation = evaluate(system, facts, regime)
    dossier = Dossier.objects.create(system=system, regime_code=code, level=level, criteria_level=criteria_level,
                                     deciding_criteria=deciding, explanation=explanation, facts=facts,
                                     higher_reason="" if level == criteria_level else "Đề xuất của chủ quản",
                                     state=S.APPROVED, step_started=on, decision_number=number, decision_date=on,
                                     approver=approver, approver_title="")
    for state, start in ((S.SUBMITTED, on - dt.timedelta(days=30)), (S.UNDER_APPRAISAL, on - dt.timedelta(days=25)),
                         (S.APPRAISED, on - dt.timedelta(days=10)), (S.APPROVED, on)):
        DossierStep.objects.create(dossier=dossier, state=state, started_on=start, finished_on=on if state == S.APPROVED
                                   else start + dt.timedelta(days=5))
    System.objects.filter(pk=system.pk).update(approved_level=level, proposed_level=level)
    system.approved_level = system.proposed_level = level
    services.sync_checklist(system=system)
    return dossier


def populate(ctx) -> None:
    o, u = ctx.orgs, ctx.users
    specialist = u.get("specialist")
    from attt.orgs.models import User

    officer = User.objects.filter(memberships__organisation=o.get("commune_a"), memberships__role="unit_officer",
                                  memberships__active=True).first()
    today = clock.today()

    def make(name, owner, operator=None, **fields):
        return services.system_create(actor=None, owner=o[owner], operator=o[operator or owner], name=name, **fields)

    portal = make("Cổng dịch vụ công tỉnh Tuyên Quang", "office", "centre", kind=System.Kind.PUBLIC_SERVICE,
                  info_types=["public", "personal"], users_count=185000, personal_subjects=185000,
                  service_maturity=4, hosting=System.Hosting.PROVINCE_DC, go_live=dt.date(2021, 6, 1),
                  domains="dichvucong.tuyenquang.gov.vn", addresses="103.9.0.10", network_zones="DMZ; Ứng dụng; CSDL",
                  soc_monitored=True, soc_provider="VNPT Tuyên Quang", central_antimalware=True,
                  description="Cung cấp dịch vụ công trực tuyến toàn trình cho người dân, doanh nghiệp.")
    services.system_set_products(actor=None, system=portal, products=[
        {"vendor": "VNPT", "product": "iGate", "version": "3.2"}, {"vendor": "Nginx", "product": "nginx", "version": "1.24.0"}])
    _history(portal, level=3, number="125/QĐ-VPUBND", on=dt.date(2024, 5, 20))
    controls = list(Control.objects.filter(system=portal).order_by("position"))
    for i, control in enumerate(controls):
        control.status = Control.Status.IMPLEMENTED if i % 3 else Control.Status.PARTIAL
        control.responsible = "Trần Văn Hùng"
    Control.objects.bulk_update(controls, ["status", "responsible"])
    services.recompute_compliance(system=portal)

    qlvb = make("Hệ thống quản lý văn bản và điều hành", "office", "dost", kind=System.Kind.INTERNAL,
                info_types=["public", "private"], users_count=4200, hosting=System.Hosting.PROVINCE_DC,
                go_live=dt.date(2019, 3, 1), domains="qlvb.tuyenquang.gov.vn", soc_monitored=True,
                soc_provider="Viettel Tuyên Quang", central_antimalware=True)
    services.system_set_products(actor=None, system=qlvb, products=[
        {"vendor": "VNPT", "product": "iOffice", "version": "4.0"}, {"vendor": "Microsoft", "product": "SQL Server", "version": "2019"}])
    _history(qlvb, level=2, number="45/QĐ-CAT-PA05", on=dt.date(2023, 11, 2), approver=specialist)

    dc = make("Trung tâm dữ liệu tỉnh Tuyên Quang", "dost", kind=System.Kind.INFRASTRUCTURE,
              info_types=["public", "private", "personal"], hosting=System.Hosting.OWN_DC, go_live=dt.date(2020, 1, 1),
              addresses="103.9.0.0/24", network_zones="Biên; DMZ; Máy chủ; Quản trị; Lưu trữ", soc_monitored=True,
              soc_provider="VNPT Tuyên Quang", central_antimalware=True)
    facts = services.default_facts(dc)
    facts["scope"] = "province"
    dossier = services.classify_system(actor=None, system=dc, facts=facts)
    if officer is not None:
        # An appraisal that started 25 days ago and ran past its legal due date.
        with clock.frozen_at(today - dt.timedelta(days=35)):
            Dossier.objects.filter(pk=dossier.pk).update(state=S.SUBMITTED)
            from .services.workflow import _enter

            _enter(dossier, S.UNDER_APPRAISAL, actor=specialist)

    finance_sys = make("Phần mềm quản lý tài chính, ngân sách", "finance", kind=System.Kind.INTERNAL,
                       info_types=["private"], users_count=350, hosting=System.Hosting.RENTED_DC,
                       go_live=dt.date(2022, 9, 1), central_antimalware=True)
    services.classify_system(actor=None, system=finance_sys, facts=services.default_facts(finance_sys))

    for key, label in (("commune_a", "a"), ("commune_b", "b")):
        org = o.get(key)
        if org is None:
            continue
        web = make(f"Trang thông tin điện tử {org.name}", key, kind=System.Kind.PUBLIC_SERVICE, info_types=["public"],
                   users_count=0, hosting=System.Hosting.PROVINCE_DC, go_live=dt.date(2023, 2, 1),
                   domains=f"{label}.tuyenquang.gov.vn")
        if key == "commune_a" and officer is not None:
            d = services.classify_system(actor=None, system=web, facts=services.default_facts(web))
            services.dossier_submit(actor=officer, dossier=d)
    make("Hệ thống camera giám sát an ninh trật tự", "police", kind=System.Kind.OTHER, status=System.Status.PLANNED,
         info_types=["public", "personal"], hosting=System.Hosting.OWN_DC)
    ctx.extra["systems"] = {"portal": portal, "qlvb": qlvb, "dc": dc, "finance": finance_sys}
