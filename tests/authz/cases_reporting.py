"""Access matrix of the reporting module (pages under /reports/, API under /api/v1/reports)."""
from django.urls import reverse

from .matrix import Case

ALL_SEE = {"*": 200}
PROVINCE_READERS = {"*": 403, "province_leader": 200, "specialist": 200, "admin": 200, "auditor": 200}
WRITERS = {"*": 200, "province_leader": 403, "responder": 403, "auditor": 403}
PROVINCE_STAFF = {"*": 403, "specialist": 200, "admin": 200}
# Commune A's objects: seen by province roles, the auditor, the admin and commune A's officer.
OWN_A = {"*": 200, "unit_head": 404, "officer_b": 404, "officer_q": 404}
# Exports start a job (302 to the report page) for those who see the report.
EXPORT_A = {"*": 302, "unit_head": 404, "officer_b": 404, "officer_q": 404}
EDIT_A = {"*": 404, "specialist": 200, "admin": 200, "unit_officer": 200, "province_leader": 403,
          "responder": 403, "auditor": 403}


def _period():
    from attt.core import clock
    from attt.reporting.periods import containing

    return containing(clock.today())


def _draft(w):
    from attt.reporting import services

    w.report = services.report_create(actor=w.users["unit_officer"], organisation=w.org("commune_a"), period=_period())


def _submitted(w):
    from attt.reporting import services

    _draft(w)
    w.report = services.report_submit(actor=w.users["unit_officer"], report=w.report)


def _snapshot(w):
    from attt.core import clock
    from attt.reporting import services

    w.snapshot = services.snapshot_create(actor=w.users["unit_officer"], organisation=w.org("commune_a"),
                                          as_of=clock.today(), values={"computers_total": 5})


def _system(w):
    from attt.systems.models import System

    w.system = System.objects.create(name="Cổng thông tin xã", owner=w.org("commune_a"), operator=w.org("commune_a"))


def _url(name, *args):
    return lambda w: reverse(f"reporting:{name}", args=[a(w) if callable(a) else a for a in args])


def _rid(w):
    return w.report.pk


def _p(w):
    return _period().code


CASES = [
    Case("reporting:index", "reports home", _url("index"), ALL_SEE),
    Case("reporting:dashboard", "province dashboard", _url("dashboard"), PROVINCE_READERS),
    Case("reporting:figure", "drill-down of a figure", _url("figure", "antimalware"), PROVINCE_READERS),
    Case("reporting:unit", "commune A figures", _url("unit", lambda w: w.org("commune_a").pk), OWN_A),
    Case("reporting:unit", "other province unit", _url("unit", lambda w: w.org("commune_q").pk),
         {"*": 404, "officer_q": 200}),
    Case("reporting:coverage_list", "coverage snapshots", _url("coverage_list"), ALL_SEE),
    Case("reporting:coverage_list", "coverage export", lambda w: reverse("reporting:coverage_list") + "?export=xlsx",
         ALL_SEE),
    Case("reporting:coverage_new", "enter a snapshot", _url("coverage_new"), WRITERS),
    Case("reporting:coverage_import", "import snapshots", _url("coverage_import"), WRITERS),
    Case("reporting:layers", "four-layer status list", _url("layers"), ALL_SEE),
    Case("reporting:layers_edit", "four layers of a commune A system", _url("layers_edit", lambda w: w.system.pk),
         EDIT_A, setup=_system),
    Case("reporting:report_list", "all reports", _url("report_list"), ALL_SEE),
    Case("reporting:report_new", "new unit report", _url("report_new"), WRITERS),
    Case("reporting:report_new", "new province report", lambda w: reverse("reporting:report_new") + "?kind=province",
         PROVINCE_STAFF),
    Case("reporting:report_detail", "commune A report", _url("report_detail", _rid), OWN_A, setup=_draft),
    Case("reporting:report_edit", "edit commune A draft", _url("report_edit", _rid), EDIT_A, setup=_draft),
    Case("reporting:report_refresh", "refresh commune A draft", _url("report_refresh", _rid),
         {**EDIT_A, "specialist": 302, "admin": 302, "unit_officer": 302, "anonymous": 302}, method="POST",
         setup=_draft),
    Case("reporting:report_submit", "submit commune A draft", _url("report_submit", _rid),
         {**EDIT_A, "specialist": 302, "admin": 302, "unit_officer": 302, "anonymous": 302}, method="POST",
         setup=_draft),
    Case("reporting:report_correct", "correct commune A report", _url("report_correct", _rid), EDIT_A,
         setup=_submitted),
    Case("reporting:report_export", "commune A report as DOCX (starts a job)", _url("report_export", _rid, "docx"),
         EXPORT_A, method="POST", setup=_draft),
    Case("reporting:report_export", "commune A report as XLSX (starts a job)", _url("report_export", _rid, "xlsx"),
         EXPORT_A, method="POST", setup=_draft),
    Case("reporting:report_export", "unknown format", _url("report_export", _rid, "exe"),
         {"*": 404, "anonymous": 302}, method="POST", setup=_draft),
    Case("reporting:report_export", "an export is never a GET", _url("report_export", _rid, "docx"),
         {"*": 405, "anonymous": 302}, setup=_draft),
    # API
    Case("api:coverage_list", "coverage snapshots", lambda w: "/api/v1/reports/coverage", ALL_SEE, api=True),
    Case("api:coverage_detail", "commune A snapshot", lambda w: f"/api/v1/reports/coverage/{w.snapshot.pk}", OWN_A,
         api=True, setup=_snapshot),
    # The matrix posts form data; JSON-body endpoints answer 400 (unreadable body) before any rule. Their rules are
    # checked with JSON bodies in tests/reporting/test_api_rules.py.
    Case("api:coverage_create", "create snapshot (form body)", lambda w: "/api/v1/reports/coverage", {"*": 400},
         method="POST", data={"x": "1"}, api=True),
    Case("api:report_create", "create report (form body)", lambda w: "/api/v1/reports", {"*": 400},
         method="POST", data={"x": "1"}, api=True),
    Case("api:dashboard_figures", "dashboard figures", lambda w: f"/api/v1/reports/dashboard?period={_p(w)}",
         PROVINCE_READERS, api=True),
    Case("api:report_list", "reports", lambda w: "/api/v1/reports", ALL_SEE, api=True),
    Case("api:report_detail", "commune A report", lambda w: f"/api/v1/reports/{w.report.pk}", OWN_A, api=True,
         setup=_draft),
    Case("api:report_submit", "submit commune A report", lambda w: f"/api/v1/reports/{w.report.pk}/submit",
         {**EDIT_A, "specialist": 200, "unit_officer": 400, "admin": 400}, method="POST", api=True, setup=_draft),
    Case("api:report_regenerate", "regenerate commune A draft", lambda w: f"/api/v1/reports/{w.report.pk}/regenerate",
         EDIT_A, method="POST", api=True, setup=_draft),
]
