"""Access matrix of the incidents module: pages, public pages and API endpoints."""
from django.urls import reverse

from tests.incidents.factories import Upload, closed_incident, fixed_target, make_incident, make_warning

from .matrix import Case

ALL_SEE = {"*": 200}
PUBLIC = {"*": 200, "anonymous": 200}
# An incident of commune A: who sees it at all.
HIDDEN = {"unit_head": 404, "officer_b": 404, "officer_q": 404}
SEE_A = {"*": 200, **HIDDEN}
SEE_A_POST = {"*": 302, **HIDDEN}  # a document started as a job: back to the page
NEVER_GET = {"*": 405, "anonymous": 302}
# Handling actions on an incident of commune A (POST: a redirect back to the incident).
HANDLE_POST = {"*": 403, "specialist": 302, "responder": 302, "admin": 302, **HIDDEN}
HANDLE_GET = {"*": 403, "specialist": 200, "responder": 200, "admin": 200, **HIDDEN}
REPORTERS = {"*": 200, "province_leader": 403, "auditor": 403}


def _inc(w):
    if not hasattr(w, "inc"):
        w.inc = make_incident(w, files=[Upload("log.txt", b"GET / 200\n")])
    return w.inc


def _closed(w):
    if not hasattr(w, "closed"):
        w.closed = closed_incident(w)
    return w.closed


def _warning(w):
    if not hasattr(w, "warning"):
        w.warning = make_warning(w)
    return w.warning


def _target(w):
    return _warning(w).targets.get(unit=w.orgs["commune_a"])


def _fixed(w):
    if not hasattr(w, "fixed"):
        w.fixed = fixed_target(w)
    return w.fixed


def _q_incident(w):
    from attt.core import clock
    from attt.incidents import services

    if not hasattr(w, "q_inc"):
        w.q_inc = services.incident_report(actor=w.users["officer_q"], unit=w.orgs["commune_q"], fields={
            "title": "Sự cố tỉnh bên", "description": "x", "reporter_name": "Q", "detected_at": clock.now()})
    return w.q_inc


def _url(name, *args):
    return lambda w: reverse(f"incidents:{name}", args=[a(w) if callable(a) else a for a in args])


def _pk(getter):
    return lambda w: getter(w).pk


CASES = [
    Case("incidents:list", "incident list", _url("list"), ALL_SEE),
    Case("incidents:figures", "figures", _url("figures"), ALL_SEE),
    Case("incidents:create", "report form", _url("create"), REPORTERS),
    Case("incidents:detail", "commune A incident", _url("detail", _pk(_inc)), SEE_A),
    Case("incidents:transition", "verify", _url("transition", _pk(_inc)), HANDLE_POST, method="POST",
         data={"to": "verify"}),
    Case("incidents:note", "add an action or, for the reporting unit, a follow-up", _url("note", _pk(_inc)),
         {**HANDLE_POST, "unit_officer": 302}, method="POST",
         data={"text": "Đã cô lập máy chủ"}),
    Case("incidents:assign", "assign a responder", _url("assign", _pk(_inc)),
         {"*": 403, "specialist": 302, "admin": 302, **HIDDEN}, method="POST",
         data=lambda w: {"responder": w.users["responder"].pk}),
    Case("incidents:serious", "serious-incident form", _url("serious", _pk(_inc)), HANDLE_GET),
    Case("incidents:evidence", "upload evidence", _url("evidence", _pk(_inc)),
         {"*": 302, "province_leader": 403, "auditor": 403, **HIDDEN}, method="POST",
         data=lambda w: {"file": Upload("pcap.txt", b"tcpdump output")}),
    Case("incidents:file", "download an attachment",
         lambda w: reverse("incidents:file", args=[_inc(w).pk, _inc(w).files.first().pk]), SEE_A),
    Case("incidents:notify", "mark reported upward", _url("notify", _pk(_inc)), HANDLE_POST, method="POST",
         data={"recipients": "VNCERT/CC"}),
    Case("incidents:close", "closing form", _url("close", _pk(_inc)), HANDLE_GET),
    Case("incidents:dismiss", "dismiss", _url("dismiss", _pk(_inc)), HANDLE_POST, method="POST",
         data={"reason": "Báo nhầm"}),
    Case("incidents:report", "initial report DOCX (starts a job)", _url("report", _pk(_inc), "initial"), SEE_A_POST,
         method="POST", data={"format": "docx"}),
    Case("incidents:report", "closing report PDF (starts a job)", _url("report", _pk(_closed), "closing"), SEE_A_POST,
         method="POST", data={"format": "pdf"}),
    Case("incidents:report", "a report is never a GET", _url("report", _pk(_inc), "initial"), NEVER_GET),
    Case("incidents:package", "notification package (starts a job)", _url("package", _pk(_inc)), SEE_A_POST,
         method="POST"),
    Case("incidents:package", "the package is never a GET", _url("package", _pk(_inc)), NEVER_GET),
    Case("incidents:detail", "other province's incident", _url("detail", _pk(_q_incident)),
         {"*": 404, "officer_q": 200}),
    # Without an account
    Case("incidents:public_report", "public report form", _url("public_report"), PUBLIC),
    Case("incidents:public_track", "tracking page", lambda w: reverse("incidents:public_track") + "?code="
         + _inc(w).tracking_code, PUBLIC),
    Case("incidents:public_contacts", "incident contacts", lambda w: reverse("incidents:public_contacts") + "?q=xa",
         PUBLIC),
    # Warnings
    Case("incidents:warnings", "warning list", _url("warnings"), ALL_SEE),
    Case("incidents:warning_create", "publish form", _url("warning_create"),
         {"*": 403, "specialist": 200, "admin": 200}),
    Case("incidents:warning_detail", "warning to commune A", _url("warning_detail", _pk(_warning)), SEE_A),
    Case("incidents:warning_dispatch", "warning dispatch (starts a job)", _url("warning_dispatch", _pk(_warning)),
         SEE_A_POST, method="POST", data={"format": "docx"}),
    Case("incidents:warning_dispatch", "the dispatch is never a GET", _url("warning_dispatch", _pk(_warning)),
         NEVER_GET),
    Case("incidents:warning_remind", "remind late units", _url("warning_remind", _pk(_warning)),
         {"*": 403, "specialist": 302, "admin": 302, **HIDDEN}, method="POST", data={"x": "1"}),
    # Commune B sees the warning once the specialist (called before it) has added it.
    Case("incidents:warning_target_add", "add a unit", _url("warning_target_add", _pk(_warning)),
         {"*": 403, "specialist": 302, "admin": 302, **HIDDEN, "officer_b": 403}, method="POST",
         data=lambda w: {"unit_code": w.orgs["commune_b"].code}),
    Case("incidents:warning_ack", "acknowledge (commune A)", _url("warning_ack", _pk(_target)),
         {"*": 403, "unit_officer": 302, "admin": 302, **HIDDEN}, method="POST", data={"x": "1"}),
    Case("incidents:warning_fix", "confirm fix form (commune A)", _url("warning_fix", _pk(_target)),
         {"*": 403, "unit_officer": 200, "admin": 200, **HIDDEN}),
    Case("incidents:warning_evidence", "fix evidence (commune A)", _url("warning_evidence", _pk(_fixed)), SEE_A),
    # API
    Case("api:incident_list", "incidents", lambda w: "/api/v1/incidents", ALL_SEE, api=True),
    Case("api:incident_figures", "figures", lambda w: "/api/v1/incidents/figures", ALL_SEE, api=True),
    Case("api:incident_detail", "commune A incident", lambda w: f"/api/v1/incidents/{_inc(w).pk}", SEE_A, api=True),
    Case("api:incident_create", "report (no body)", lambda w: "/api/v1/incidents", {"*": 422}, method="POST",
         api=True),
    Case("api:warning_list", "warnings", lambda w: "/api/v1/warnings", ALL_SEE, api=True),
    Case("api:warning_detail", "warning to commune A", lambda w: f"/api/v1/warnings/{_warning(w).pk}", SEE_A,
         api=True),
    Case("api:warning_acknowledge", "acknowledge (commune A)",
         lambda w: f"/api/v1/warnings/targets/{_target(w).pk}/acknowledge",
         {"*": 403, "unit_officer": 200, "admin": 400, **HIDDEN}, method="POST", api=True),
]
