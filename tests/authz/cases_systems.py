"""Access matrix of the systems module: a system of commune A (visible to province roles, the
commune's officer and the admin; not to the finance head, commune B or province Q)."""
from django.urls import reverse

from .matrix import Case

ALL_SEE = {"*": 200}
VISIBLE_A = {"*": 200, "unit_head": 404, "officer_b": 404, "officer_q": 404}
VISIBLE_A_POST = {**VISIBLE_A, "*": 302}
EDITORS = {"*": 403, "unit_officer": 200, "unit_head": 200, "specialist": 200, "admin": 200,
           "officer_b": 200, "officer_q": 200}


def objs(w):
    """A system of commune A with a draft level-1 dossier, its checklist, evidence and a document."""
    if "_systems" not in w.__dict__:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from attt.systems import services
        from attt.systems.models import Control

        officer = w.users["unit_officer"]
        system = services.system_create(actor=officer, owner=w.org("commune_a"), name="Trang tin xã An Bình",
                                        regime_code="legacy-nd85")
        dossier = services.classify_system(actor=officer, system=system, facts=services.default_facts(system))
        control = Control.objects.filter(system=system).first()
        evidence = services.evidence_upload(actor=officer, control=control,
                                            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF"))
        document = services.document_upload(actor=officer, dossier=dossier, part="overview",
                                            upload=SimpleUploadedFile("tm.pdf", b"%PDF-1.4\n%%EOF"))
        w._systems = {"system": system, "dossier": dossier, "control": control, "evidence": evidence,
                      "document": document}
    return w._systems


def pk(key):
    return lambda w: objs(w)[key].pk


CASES = [
    Case("systems:list", "inventory", lambda w: reverse("systems:list"), ALL_SEE),
    Case("systems:list", "inventory export", lambda w: reverse("systems:list") + "?export=xlsx", ALL_SEE),
    Case("systems:create", "register page", lambda w: reverse("systems:create"), EDITORS),
    Case("systems:import", "import page", lambda w: reverse("systems:import"), EDITORS),
    Case("systems:overview", "province overview", lambda w: reverse("systems:overview"), ALL_SEE),
    Case("systems:overview", "drill-down to commune A", lambda w: reverse("systems:overview") + f"?org={w.org('commune_a').pk}",
         VISIBLE_A),
    Case("systems:detail", "commune A system", lambda w: reverse("systems:detail", args=[pk("system")(w)]), VISIBLE_A),
    Case("systems:edit", "edit commune A system", lambda w: reverse("systems:edit", args=[pk("system")(w)]),
         {**VISIBLE_A, "province_leader": 403, "responder": 403, "auditor": 403}),
    Case("systems:classify", "classify commune A system", lambda w: reverse("systems:classify", args=[pk("system")(w)]),
         {**VISIBLE_A, "province_leader": 403, "responder": 403, "auditor": 403, "admin": 403}),
    Case("systems:controls", "checklist", lambda w: reverse("systems:controls", args=[pk("system")(w)]), VISIBLE_A),
    Case("systems:control", "one control", lambda w: reverse("systems:control", args=[pk("control")(w)]), VISIBLE_A),
    Case("systems:control", "control update", lambda w: reverse("systems:control", args=[pk("control")(w)]),
         {"*": 403, "unit_officer": 302, "specialist": 302, "unit_head": 404, "officer_b": 404, "officer_q": 404},
         method="POST", data={"c-status": "partial", "c-responsible": "A"}),
    Case("systems:evidence_download", "evidence file",
         lambda w: reverse("systems:evidence_download", args=[pk("evidence")(w)]), VISIBLE_A),
    Case("systems:dossiers", "dossier list", lambda w: reverse("systems:dossiers"), ALL_SEE),
    Case("systems:dossier", "draft dossier", lambda w: reverse("systems:dossier", args=[pk("dossier")(w)]), VISIBLE_A),
    Case("systems:dossier_action", "submit", lambda w: reverse("systems:dossier_action", args=[pk("dossier")(w), "submit"]),
         {"*": 403, "unit_officer": 302, "unit_head": 404, "officer_b": 404, "officer_q": 404}, method="POST",
         data={"x": "1"}),
    Case("systems:dossier_action", "approve a draft",
         lambda w: reverse("systems:dossier_action", args=[pk("dossier")(w), "approve"]),
         {"*": 403, "specialist": 302, "unit_head": 404, "officer_b": 404, "officer_q": 404}, method="POST",
         data={"decision_number": "1/QĐ"}),
    Case("systems:document_upload", "upload without file",
         lambda w: reverse("systems:document_upload", args=[pk("dossier")(w)]),
         {"*": 403, "unit_officer": 302, "specialist": 302, "unit_head": 404, "officer_b": 404, "officer_q": 404},
         method="POST", data={"part": "overview"}),
    Case("systems:signed_decision_upload", "signed decision without file",
         lambda w: reverse("systems:signed_decision_upload", args=[pk("dossier")(w)]),
         {"*": 403, "unit_officer": 302, "specialist": 302, "unit_head": 404, "officer_b": 404, "officer_q": 404},
         method="POST", data={"x": "1"}),
    Case("systems:document_download", "dossier document",
         lambda w: reverse("systems:document_download", args=[pk("document")(w)]), VISIBLE_A),
    Case("systems:dossier_docx", "explanation DOCX (starts a job)",
         lambda w: reverse("systems:dossier_docx", args=[pk("dossier")(w), "explanation"]), VISIBLE_A_POST,
         method="POST", data={"format": "docx"}),
    Case("systems:dossier_docx", "draft decision PDF (starts a job)",
         lambda w: reverse("systems:dossier_docx", args=[pk("dossier")(w), "decision"]), VISIBLE_A_POST,
         method="POST", data={"format": "pdf"}),
    Case("systems:dossier_docx", "a document is never a GET",
         lambda w: reverse("systems:dossier_docx", args=[pk("dossier")(w), "decision"]), {"*": 405, "anonymous": 302}),
    # API
    Case("api:system_list", "systems", lambda w: "/api/v1/systems", ALL_SEE, api=True),
    Case("api:system_detail", "commune A system", lambda w: f"/api/v1/systems/{pk('system')(w)}", VISIBLE_A, api=True),
    Case("api:system_controls", "checklist", lambda w: f"/api/v1/systems/{pk('system')(w)}/controls", VISIBLE_A,
         api=True),
    Case("api:control_update", "control without body (validated first)",
         lambda w: f"/api/v1/controls/{pk('control')(w)}", {"*": 422}, method="PATCH", api=True),
    Case("api:dossier_list", "dossiers", lambda w: "/api/v1/dossiers", ALL_SEE, api=True),
    Case("api:dossier_detail", "draft dossier", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}", VISIBLE_A, api=True),
    Case("api:dossier_submit", "submit", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}/submit",
         {"*": 403, "unit_officer": 200, "unit_head": 404, "officer_b": 404, "officer_q": 404}, method="POST", api=True),
    Case("api:dossier_receive", "receive a draft", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}/receive",
         {"*": 403, "specialist": 400, "unit_head": 404, "officer_b": 404, "officer_q": 404}, method="POST", api=True),
    Case("api:dossier_appraise", "appraise a draft", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}/appraise",
         {"*": 403, "specialist": 400, "unit_head": 404, "officer_b": 404, "officer_q": 404}, method="POST", api=True),
    Case("api:dossier_return", "return without body", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}/return",
         {"*": 422}, method="POST", api=True),
    Case("api:dossier_approve", "approve without body", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}/approve",
         {"*": 422}, method="POST", api=True),
    Case("api:dossier_reject", "reject without body", lambda w: f"/api/v1/dossiers/{pk('dossier')(w)}/reject",
         {"*": 422}, method="POST", api=True),
    Case("api:systems_overview", "overview", lambda w: "/api/v1/systems-overview", ALL_SEE, api=True),
]
