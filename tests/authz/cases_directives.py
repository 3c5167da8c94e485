"""Access matrix of the directives module: pages and API endpoints × roles × own/foreign objects."""
from __future__ import annotations

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .matrix import Case

ANON_PAGE = {"anonymous": 302}
READERS = {"*": 403, "province_leader": 200, "specialist": 200, "auditor": 200, "admin": 200}
MANAGE_PAGE = {"*": 404, "province_leader": 403, "auditor": 403, "specialist": 200, "admin": 200}
MANAGE_POST = {"*": 404, "province_leader": 403, "auditor": 403, "specialist": 302, "admin": 302}
FOREIGN = {"*": 404, "unit_head": 403, "unit_officer": 403, "officer_b": 403, "officer_q": 403, "responder": 403}
VIEWERS = {"*": 200, "responder": 403}
OWN_ASSIGNMENT = {"*": 200, "responder": 403, "officer_b": 404, "officer_q": 404, "unit_head": 404}
API_MANAGE = {"*": 403, "specialist": 200, "admin": 200}
_unique = itertools.count()

CLEAN = """ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM

Số: 77/UBND-KGVX             Thử Nghiệm, ngày 05 tháng 3 năm 2026

V/v rà soát hệ thống thông tin

Kính gửi:
- Các sở, ban, ngành;
- Ủy ban nhân dân các xã, phường.

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Các sở, ban, ngành, Ủy ban nhân dân các xã, phường

Rà soát hệ thống thông tin đang quản lý, gửi kết quả về Công an tỉnh trước ngày 20/3/2026.

2. Công an tỉnh

Tổng hợp kết quả rà soát, báo cáo Ủy ban nhân dân tỉnh trước ngày 31/3/2026.
"""


def setup(w) -> None:
    """A published directive in province P with one answered assignment (commune A, with a file),
    a directive of province Q, and a rule of province Q."""
    if getattr(w, "directive", None) is not None:
        return
    from attt.directives import services
    from attt.directives.models import AssigneeRule, Assignment
    from attt.orgs.models import User

    specialist = w.users["specialist"]
    w.directive = services.directive_import(actor=specialist, data=CLEAN.encode(), filename="cv77.txt")
    services.directive_publish(actor=specialist, directive=w.directive)
    w.task = w.directive.tasks.order_by("position").first()
    w.assignment = Assignment.objects.get(task=w.task, organisation=w.org("commune_a"))
    services.assignment_respond(actor=w.users["unit_officer"], assignment=w.assignment, status="in_progress",
                                report="Đang làm", files=[SimpleUploadedFile("bc.pdf", b"%PDF-1.4 x")])
    w.attachment = w.assignment.attachments.get()
    root = User.objects.create_superuser("root", "root@test.local", "Mật-khẩu-thử-123")
    w.foreign = services.directive_import(actor=root, data=CLEAN.replace("77/", "99/").encode(), filename="q.txt",
                                          province=w.org("province_q"))
    w.foreign_rule = AssigneeRule.objects.create(province=w.org("province_q"), phrase="Xã Cát Tiên",
                                                 target="organisation", organisation=w.org("commune_q"))


def d(w):
    return w.directive.pk


def upload(_w):
    return {"file": SimpleUploadedFile(f"cv-{next(_unique)}.txt", CLEAN.replace("77/", f"{next(_unique)}/").encode())}


CASES = [
    Case("directives:list", "directive list", lambda w: reverse("directives:list"), READERS),
    Case("directives:import", "import page", lambda w: reverse("directives:import"),
         {"*": 403, "specialist": 200, "admin": 200}),
    Case("directives:detail", "own province directive", lambda w: reverse("directives:detail", args=[d(w)]),
         READERS, setup=setup),
    Case("directives:detail", "other province directive", lambda w: reverse("directives:detail", args=[w.foreign.pk]),
         FOREIGN, setup=setup),
    Case("directives:edit", "edit fields", lambda w: reverse("directives:edit", args=[d(w)]), MANAGE_PAGE, setup=setup),
    Case("directives:edit", "edit other province", lambda w: reverse("directives:edit", args=[w.foreign.pk]),
         {"*": 404}, setup=setup),
    Case("directives:document", "original file", lambda w: reverse("directives:document", args=[d(w)]), READERS,
         setup=setup),
    Case("directives:task_new", "add task", lambda w: reverse("directives:task_new", args=[d(w)]), MANAGE_PAGE,
         setup=setup),
    Case("directives:task_edit", "edit task", lambda w: reverse("directives:task_edit", args=[d(w), w.task.pk]),
         MANAGE_PAGE, setup=setup),
    Case("directives:task_edit", "task of another directive",
         lambda w: reverse("directives:task_edit", args=[d(w), w.foreign.tasks.first().pk]),
         {**MANAGE_PAGE, "specialist": 404, "admin": 404}, setup=setup),
    Case("directives:task_delete", "delete an answered task (refused, redirect)",
         lambda w: reverse("directives:task_delete", args=[d(w), w.task.pk]), MANAGE_POST, method="POST",
         setup=setup),
    Case("directives:mapping", "assignee mapping", lambda w: reverse("directives:mapping", args=[d(w)]), MANAGE_PAGE,
         setup=setup),
    Case("directives:publish", "publish again", lambda w: reverse("directives:publish", args=[d(w)]), MANAGE_POST,
         method="POST", setup=setup),
    Case("directives:publish", "publish other province", lambda w: reverse("directives:publish", args=[w.foreign.pk]),
         {"*": 404, "anonymous": 302}, method="POST", setup=setup),
    Case("directives:matrix", "completion matrix", lambda w: reverse("directives:matrix", args=[d(w)]), READERS,
         setup=setup),
    Case("directives:matrix", "matrix export", lambda w: reverse("directives:matrix", args=[d(w)]) + "?export=xlsx",
         READERS, setup=setup),
    Case("directives:matrix", "other province matrix", lambda w: reverse("directives:matrix", args=[w.foreign.pk]),
         FOREIGN, setup=setup),
    Case("directives:progress_report", "progress summary (starts a job)",
         lambda w: reverse("directives:progress_report", args=[d(w)]),
         {"*": 403, "province_leader": 302, "specialist": 302, "auditor": 302, "admin": 302}, method="POST",
         data={"format": "docx"}, setup=setup),
    Case("directives:progress_report", "other province's progress summary",
         lambda w: reverse("directives:progress_report", args=[w.foreign.pk]), {**FOREIGN, "*": 404}, method="POST",
         setup=setup),
    Case("directives:remind", "remind late units", lambda w: reverse("directives:remind", args=[d(w)]), MANAGE_POST,
         method="POST", setup=setup),
    Case("directives:inbox", "inbox", lambda w: reverse("directives:inbox"), VIEWERS, setup=setup),
    Case("directives:assignment", "commune A assignment", lambda w: reverse("directives:assignment",
                                                                            args=[w.assignment.pk]),
         OWN_ASSIGNMENT, setup=setup),
    Case("directives:assignment", "answer commune A assignment",
         lambda w: reverse("directives:assignment", args=[w.assignment.pk]),
         {"*": 403, "unit_officer": 302, "officer_b": 404, "officer_q": 404, "unit_head": 404, "anonymous": 302},
         method="POST", data={"status": "in_progress", "report": "Đang làm"}, setup=setup),
    Case("directives:attachment", "commune A answer file",
         lambda w: reverse("directives:attachment", args=[w.attachment.pk]),
         {**OWN_ASSIGNMENT, "responder": 404}, setup=setup),
    Case("directives:notifications", "notifications", lambda w: reverse("directives:notifications"), {"*": 200}),
    Case("directives:rules", "assignee rules", lambda w: reverse("directives:rules"), READERS),
    Case("directives:rule_delete", "rule of another province",
         lambda w: reverse("directives:rule_delete", args=[w.foreign_rule.pk]), {"*": 404}, method="POST",
         setup=setup),
    Case("directives:library", "library of known documents", lambda w: reverse("directives:library"), READERS),
    # API
    Case("api:directive_extract", "extract a file", lambda w: "/api/v1/directives/extract", API_MANAGE,
         method="POST", data=upload, api=True),
    Case("api:directive_create", "import a file", lambda w: "/api/v1/directives",
         {"*": 403, "specialist": 201, "admin": 201}, method="POST", data=upload, api=True),
    Case("api:directive_list", "directives", lambda w: "/api/v1/directives", READERS, api=True),
    Case("api:directive_detail", "own directive", lambda w: f"/api/v1/directives/{d(w)}", READERS, api=True,
         setup=setup),
    Case("api:directive_detail", "other province", lambda w: f"/api/v1/directives/{w.foreign.pk}", FOREIGN, api=True,
         setup=setup),
    Case("api:directive_extraction", "stored extraction", lambda w: f"/api/v1/directives/{d(w)}/extraction", READERS,
         api=True, setup=setup),
    Case("api:directive_extraction", "other province extraction",
         lambda w: f"/api/v1/directives/{w.foreign.pk}/extraction", FOREIGN, api=True, setup=setup),
    Case("api:assignment_list", "assignments", lambda w: "/api/v1/assignments", VIEWERS, api=True, setup=setup),
    Case("api:assignment_detail", "commune A assignment", lambda w: f"/api/v1/assignments/{w.assignment.pk}",
         OWN_ASSIGNMENT, api=True, setup=setup),
    Case("api:assignment_response", "answer commune A assignment",
         lambda w: f"/api/v1/assignments/{w.assignment.pk}/response",
         {"*": 403, "unit_officer": 200, "officer_b": 404, "officer_q": 404, "unit_head": 404}, method="POST",
         data={"status": "in_progress", "report": "API"}, api=True, setup=setup),
]
