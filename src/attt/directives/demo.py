"""Demo: seed 002 (Tuyên Quang, 09/8/2025) imported, mapped, published, a couple of answers.
Without shared/ a short built-in dispatch (data/sample_dispatch.txt) is used."""
from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

SEED = "seeds/002_da9d9e5138cbb3e5.txt"
SAMPLE = Path(__file__).parent / "data" / "sample_dispatch.txt"
REVIEWED = Path(__file__).parent / "data" / "demo_reviewed_tasks.yaml"


def shared_dir() -> Path | None:
    candidates = [getattr(settings, "ATTT_SHARED_DIR", None), os.environ.get("ATTT_SHARED_DIR"), "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / SEED).is_file():
            return Path(candidate)
    return None


def dispatch_bytes() -> tuple[bytes, str]:
    shared = shared_dir()
    if shared is not None:
        path = shared / SEED
        return path.read_bytes(), path.name
    return SAMPLE.read_bytes(), SAMPLE.name


def _restore_reviewed_text(specialist, directive) -> None:
    """The specialist's review of the OCR text: each task gets its restored wording (the printed
    text stays beside it), so the demo's inbox, matrix and reports read clean Vietnamese."""
    import yaml

    from . import services

    reviewed = yaml.safe_load(REVIEWED.read_text(encoding="utf-8")) or {}
    for task in directive.tasks.all():
        text = reviewed.get(task.ref)
        # "1.-end" is the extractor's name for the closing line of section 1: the reviewer calls it "1".
        ref = task.ref[: -len(".-end")] if task.ref.endswith(".-end") else task.ref
        if text and (text != task.text or ref != task.ref):
            services.task_update(actor=specialist, task=task, text=" ".join(text.split()), assignees=task.assignees,
                                 due_on=task.due_on, ref=ref)


def populate(ctx) -> None:
    from . import services
    from .models import Assignment
    from .services.publish import unit_users

    specialist = ctx.users["specialist"]
    data, name = dispatch_bytes()
    directive = services.directive_import(actor=specialist, data=data, filename=name, province=ctx.province)
    # The OCR lost the heading of section 4; the officer restores it during review.
    for task in directive.tasks.all():
        if not task.assignees and "noi vu" in task.text.lower().replace("ộ", "o"):
            services.task_update(actor=specialist, task=task, text=task.text, assignees=["Sở Nội vụ"],
                                 due_on=task.due_on, ref=task.ref)
    # The OCR misspelt "Sở Khoa học và Công nghệ": the officer maps the phrase once, as a rule.
    for phrase in {a for t in directive.tasks.all() for a in t.assignees if "khoa h" in a.lower()}:
        services.assignee_rule_save(actor=specialist, province=ctx.province, phrase=phrase, target="organisation",
                                    organisation=ctx.orgs["dost"])
    _restore_reviewed_text(specialist, directive)
    services.directive_publish(actor=specialist, directive=directive)
    answers = [("commune_a", Assignment.Status.DONE, ("Đã rà soát 6 hệ thống thông tin, lập hồ sơ đề xuất cấp độ "
                                                      "gửi Công an tỉnh ngày 18/8/2025.")),
               ("commune_b", Assignment.Status.IN_PROGRESS, ("Đang rà soát thiết bị tại Trung tâm Phục vụ hành chính "
                                                             "công xã; dự kiến hoàn thành trong tháng.")),
               ("police", Assignment.Status.DONE, "Đã hoàn thành kết nối giám sát SOC cho 20/20 hệ thống quan trọng.")]
    for key, status, report in answers:
        org = ctx.orgs.get(key)
        assignment = (Assignment.objects.filter(directive=directive, organisation=org).select_related("task")
                      .order_by("task__position").first()) if org else None
        users = unit_users([org.pk]).get(org.pk, []) if org else []
        if assignment is None or not users:
            continue
        services.assignment_respond(actor=users[0], assignment=assignment, status=status, report=report)
    ctx.extra["directive"] = directive
