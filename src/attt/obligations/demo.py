"""Demo: the regime's duty rules, Tuyên Quang's quarterly due day (15), occurrences from four
months back to a year ahead, a few of them submitted, accepted or returned, and one duty from a
directive's recurring task."""
from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core import clock
from attt.orgs.models import User
from attt.regimes.rules.schedule import add_months

from . import services
from .models import Occurrence


def evidence_pdf(title: str) -> bytes:
    text = title.encode("ascii", "replace")[:80]
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% " + text + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _submit(user, occurrence, note):
    name = f"bao-cao-{occurrence.due_date:%Y%m%d}.pdf"
    upload = SimpleUploadedFile(name, evidence_pdf(occurrence.title), content_type="application/pdf")
    return services.occurrence_submit(actor=user, occurrence=occurrence, upload=upload, note=note)


def populate(ctx) -> None:
    services.sync_duty_rules()
    services.province_setting_update(actor=None, province=ctx.province, quarterly_report_due_day=15)
    today = clock.today()
    services.generate_occurrences(start=add_months(today, -4).replace(day=1))
    services.duties_from_recurring_deadline(
        actor=None, organisation=ctx.orgs["dost"],
        title="Báo cáo kết quả triển khai mô hình bảo vệ 4 lớp cho các hệ thống thông tin dùng chung",
        deadline={"kind": "recurring", "every_months": 3, "due_day": 15, "due_month_of_period": "last"},
        source_label="Công văn 2531/UBND-KGVX ngày 09/8/2025 của UBND tỉnh Tuyên Quang",
        start=dt.date(today.year, 1, 1), end=dt.date(today.year + 1, 12, 31))
    specialist = ctx.users.get("specialist")
    past = Occurrence.objects.filter(due_date__lt=today, status=Occurrence.Status.PENDING)
    done = 0
    for org_key in ("commune_a", "finance", "commune_b"):
        org = ctx.orgs.get(org_key)
        user = org and User.objects.filter(memberships__organisation=org, memberships__active=True,
                                           memberships__role__in=["unit_officer", "unit_head"]).first()
        if user is None:
            continue
        for occ in past.filter(organisation=org).order_by("due_date")[:2]:
            submission = _submit(user, occ, "Đơn vị đã thực hiện đầy đủ; kèm báo cáo có chữ ký, đóng dấu.")
            done += 1
            if specialist is not None and done == 1:
                services.submission_review(actor=specialist, submission=submission, accept=True,
                                           comment="Báo cáo đầy đủ, đúng mẫu.")
            elif specialist is not None and done == 2:
                services.submission_review(actor=specialist, submission=submission, accept=False,
                                           comment="Thiếu số liệu máy trạm có phần mềm phòng chống mã độc tập trung.")
    services.mark_overdue()
