"""`attt documents samples DIR`: every official document kind and every report export rendered
with the demo data (DOCX, PDF, XLSX), for a province reviewing its templates and for tests.
Builds the demo province first when the database is empty."""
from __future__ import annotations

import io
from pathlib import Path


def _pick():
    from attt.incidents.models import Incident
    from attt.reporting.models import Report
    from attt.systems.models import Dossier

    approved = Dossier.objects.filter(state=Dossier.State.APPROVED).select_related("system__owner", "system__operator")
    dossier = (approved.filter(approver__isnull=False).order_by("pk").first() or approved.order_by("pk").first()
               or Dossier.objects.order_by("pk").first())
    incident = (Incident.objects.filter(status=Incident.Status.CLOSED).order_by("pk").first()
                or Incident.objects.order_by("pk").first())
    unit = Report.objects.filter(kind=Report.Kind.UNIT).order_by("-version", "pk").first()
    province = Report.objects.filter(kind=Report.Kind.PROVINCE).order_by("-version", "pk").first()
    return dossier, incident, unit, province


def _pick_more():
    """The warning and the published directive the samples show (None when the demo has none)."""
    from django.db.models import Count

    from attt.directives.models import Directive
    from attt.incidents.models import Warning

    warning = (Warning.objects.annotate(n=Count("targets")).filter(n__gt=0).order_by("-n", "pk").first()
               or Warning.objects.order_by("pk").first())
    directive = (Directive.objects.filter(state=Directive.State.PUBLISHED).annotate(n=Count("assignments"))
                 .filter(n__gt=0).order_by("-n", "pk").first())
    return warning, directive


def _plan():
    """A response plan of the demo (preparedness), the approved one first."""
    from attt.preparedness.models import ResponsePlan

    return (ResponsePlan.objects.filter(approved_version__isnull=False).order_by("pk").first()
            or ResponsePlan.objects.order_by("pk").first())


def _province_report(unit):
    """A province report for the unit report's period, made by the province's specialist; the
    caller rolls it back (samples never leave records behind)."""
    from attt.orgs import documents as org_docs
    from attt.orgs.models import Membership
    from attt.orgs.roles import Role
    from attt.reporting import services
    from attt.reporting.models import Report

    province = org_docs.province_of(unit.organisation)
    member = (Membership.objects.filter(role=Role.SPECIALIST, active=True,
                                        organisation__path__startswith=province.path)
              .select_related("user").order_by("pk").first())
    if member is None:
        return None
    return services.report_create(actor=member.user, organisation=province, period=unit.period,
                                  kind=Report.Kind.PROVINCE)


def documents() -> list[tuple[str, bytes]]:
    """(file name, bytes) of each document kind (DOCX) and each report export (XLSX), with demo
    data. What is created only for the samples is rolled back."""
    from django.db import transaction

    from attt.directives import documents as directive_docs
    from attt.incidents import documents as incident_docs
    from attt.reporting.exports import docx as report_docx
    from attt.reporting.exports import xlsx
    from attt.systems import docx_render

    out = []
    with transaction.atomic():
        dossier, incident, unit, province = _pick()
        if province is None and unit is not None:
            province = _province_report(unit)
        if dossier is not None:
            out.append(("quyet-dinh-phe-duyet-cap-do.docx", docx_render.decision(dossier)))
            out.append(("thuyet-minh-ho-so.docx", docx_render.explanation(dossier)))
        if incident is not None:
            out.append(("bao-cao-ban-dau-su-co.docx", incident_docs.initial_report(incident)))
            out.append(("bao-cao-ket-thuc-su-co.docx", incident_docs.closing_report(incident)))
        warning, directive = _pick_more()
        if warning is not None:
            out.append(("cong-van-canh-bao.docx", incident_docs.warning_dispatch(warning)))
        if directive is not None:
            out.append(("bao-cao-tien-do-van-ban-chi-dao.docx", directive_docs.progress_summary(directive)))
        plan = _plan()
        if plan is not None:
            from attt.preparedness.documents import plan_docx

            out.append(("phuong-an-ung-pho-su-co.docx", plan_docx(plan)))
        for stem, report in (("bao-cao-dinh-ky-don-vi", unit), ("bao-cao-dinh-ky-tinh", province)):
            if report is not None:
                out.append((f"{stem}.docx", report_docx.render(report)))
                buffer = io.BytesIO()
                xlsx.write(report, buffer)
                out.append((f"{stem}.xlsx", buffer.getvalue()))
        transaction.set_rollback(True)
    return out


def write(directory, *, pdf: bool = True, out=print) -> list[Path]:
    from attt import demo
    from attt.core.documents import to_pdf

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    demo.build()
    written = []
    for name, data in documents():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
        if pdf and name.endswith(".docx"):
            pdf_path = path.with_suffix(".pdf")
            pdf_path.write_bytes(to_pdf(data))
            written.append(pdf_path)
    for path in written:
        out(f"  {path}")
    return written
