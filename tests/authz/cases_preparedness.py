"""Access matrix of preparedness (/preparedness/ and /api/v1/preparedness/): a response plan of
commune A, the province's drill of commune A's system with a finding for commune A, the province's
supplier register."""
import datetime as dt

from django.urls import reverse

from .matrix import Case

ALL_SEE = {"*": 200}
FOREIGN = {"unit_head": 404, "officer_b": 404, "officer_q": 404}
SEE_COMMUNE_A = {"*": 200, **FOREIGN}
SEE_PROVINCE = {"*": 200, "unit_officer": 404, **FOREIGN}
# the supplier register is seen by the whole province, edited by its owner (the province) and above
SEE_REGISTER = {"*": 200, "officer_q": 404}
NOT_WRITERS = {"province_leader": 403, "responder": 403, "auditor": 403}
CONTENT = {"scenarios": [{"kind": "ransomware", "description": "Khôi phục từ sao lưu"}]}


def _prepare(w):
    if getattr(w, "prep_plan", None) is not None:
        return
    from attt.core import clock
    from attt.preparedness import services
    from attt.systems.models import System

    clock.travel_to(dt.date(2026, 11, 20))
    system = System(name="Cổng xã An Bình", owner=w.org("commune_a"), operator=w.org("commune_a"), approved_level=3)
    system.save()
    w.prep_system = system
    w.prep_plan = services.plan_create(actor=w.users["unit_officer"], organisation=w.org("commune_a"),
                                       title="Phương án xã", systems=[system], content=CONTENT)
    w.prep_drill = services.drill_plan(actor=w.users["specialist"], organisation=w.org("province"),
                                       title="Diễn tập tỉnh", scenario="ransomware", planned_on=dt.date(2026, 11, 18),
                                       systems=[system])
    services.drill_record(actor=w.users["specialist"], drill=w.prep_drill, held_on=dt.date(2026, 11, 18),
                          findings=[{"description": "Thiếu sao lưu ngoại tuyến", "organisation": w.org("commune_a"),
                                     "deadline": dt.date(2026, 12, 31)}])
    w.prep_finding = w.prep_drill.findings.get()
    w.prep_supplier = services.supplier_save(actor=w.users["specialist"], organisation=w.org("province"),
                                             data={"name": "Công ty Dữ liệu", "tax_code": "0100109106"})


def page(name, label, expect=ALL_SEE, args=None, **kw):
    return Case(f"preparedness:{name}", label,
                lambda w: reverse(f"preparedness:{name}", args=[a(w) for a in (args or [])]), expect,
                setup=_prepare, **kw)


def api(pattern, label, url, expect, **kw):
    return Case(f"api:{pattern}", label, url, expect, api=True, setup=_prepare, **kw)


WRITER_PAGES = {"*": 200, **NOT_WRITERS}
PLAN, DRILL, FINDING = (lambda w: w.prep_plan.pk), (lambda w: w.prep_drill.pk), (lambda w: w.prep_finding.pk)
SUPPLIER, SYSTEM = (lambda w: w.prep_supplier.pk), (lambda w: w.prep_system.pk)

CASES = [
    page("index", "overview"),
    page("plans", "plans"),
    page("plan_new", "new plan form", WRITER_PAGES),
    page("plan", "commune A plan", SEE_COMMUNE_A, [PLAN]),
    page("plan_revise", "revise commune A plan", {**SEE_COMMUNE_A, **NOT_WRITERS}, [PLAN]),
    page("plan_approve", "approve commune A plan", {"*": 403, "admin": 302, **FOREIGN}, [PLAN], method="POST",
         data={"x": "1"}),
    page("plan_export", "export commune A plan", {"*": 302, **FOREIGN}, [PLAN], method="POST",
         data={"format": "docx"}),
    page("drills", "drills"),
    page("drills_export", "drills export"),
    page("drills_import", "drills import form", {"*": 200, "province_leader": 403, "auditor": 403}),
    page("drill_new", "new drill form", {"*": 200, "province_leader": 403, "auditor": 403}),
    page("drill", "province drill", SEE_PROVINCE, [DRILL]),
    page("drill_cancel", "cancel the done province drill (refused)",
         {"*": 302, "province_leader": 403, "auditor": 403, "unit_officer": 404, **FOREIGN}, [DRILL], method="POST",
         data={"x": "1"}),
    page("findings", "open findings"),
    page("finding_close", "close commune A finding (no text)", {"*": 302, **NOT_WRITERS, **FOREIGN}, [FINDING],
         method="POST", data={"resolution": ""}),
    page("suppliers", "suppliers"),
    page("suppliers_export", "suppliers export"),
    page("suppliers_import", "suppliers import form", WRITER_PAGES),
    page("supplier_new", "new supplier form", WRITER_PAGES),
    page("dependencies", "supplier dependencies"),
    page("supplier", "province supplier", SEE_REGISTER, [SUPPLIER]),
    page("supplier_edit", "edit province supplier", {**SEE_REGISTER, **NOT_WRITERS, "unit_head": 403,
                                                     "unit_officer": 403, "officer_b": 403}, [SUPPLIER]),
    page("attestations", "hosting attestations"),
    page("system_hosting", "hosting of commune A system", {**SEE_COMMUNE_A, **NOT_WRITERS}, [SYSTEM]),
    api("preparedness_supplier_list", "suppliers", lambda w: "/api/v1/preparedness/suppliers", ALL_SEE),
    api("preparedness_supplier_create", "create supplier (bad tax code)", lambda w: "/api/v1/preparedness/suppliers",
        {"*": 400, **NOT_WRITERS, "unit_officer": 404, **FOREIGN}, method="POST", extra={"json": True},
        data=lambda w: {"organisation_id": w.org("province").pk, "name": "Công ty X", "tax_code": "0100109107"}),
    api("preparedness_supplier_detail", "province supplier", lambda w: f"/api/v1/preparedness/suppliers/{w.prep_supplier.pk}",
        SEE_REGISTER),
    api("preparedness_supplier_exposed", "exposed systems",
        lambda w: f"/api/v1/preparedness/suppliers/{w.prep_supplier.pk}/exposed-systems", SEE_REGISTER),
    api("preparedness_drill_list", "drills", lambda w: "/api/v1/preparedness/drills", ALL_SEE),
    api("preparedness_drill_detail", "province drill", lambda w: f"/api/v1/preparedness/drills/{w.prep_drill.pk}",
        SEE_PROVINCE),
    api("preparedness_drill_create", "plan a drill (bad scenario)", lambda w: "/api/v1/preparedness/drills",
        {"*": 400, "province_leader": 403, "auditor": 403, "unit_officer": 404, **FOREIGN}, method="POST",
        extra={"json": True}, data=lambda w: {"organisation_id": w.org("province").pk, "title": "Diễn tập",
                                              "scenario": "x", "planned_on": "2026-12-01"}),
    api("preparedness_drill_record", "record a done drill again",
        lambda w: f"/api/v1/preparedness/drills/{w.prep_drill.pk}/record",
        {"*": 400, "province_leader": 403, "auditor": 403, "unit_officer": 404, **FOREIGN}, method="POST",
        extra={"json": True}, data={"held_on": "2026-11-18"}),
    api("preparedness_finding_list", "open findings", lambda w: "/api/v1/preparedness/findings", ALL_SEE),
    api("preparedness_plan_list", "plans", lambda w: "/api/v1/preparedness/plans", ALL_SEE),
]
