"""What the extractor was unsure of reaches the reviewer, and units read restored text.

The seed dispatch 002 is an OCR scan: its tasks arrive with their letters restored (the printed
text kept beside them), and the review page lists first the tasks to look at."""
from __future__ import annotations

from django.urls import reverse

from attt.directives import services
from attt.directives.models import Task
from attt.orgs import services as org_services
from attt.orgs.models import Organisation


def _import(world, seed002):
    data, name = seed002
    return services.directive_import(actor=world.users["specialist"], data=data, filename=name)


def test_ocr_tasks_are_restored_and_keep_the_printed_text(world, seed002):
    directive = _import(world, seed002)
    restored = [t for t in directive.tasks.all() if t.source_text]
    assert len(restored) >= 10
    task = directive.tasks.get(ref="1.1")
    assert task.text.startswith("Tiếp") and task.source_text.startswith("Tiép tuc")  # "Tiép tuc quén triét"


def test_review_page_lists_the_unsure_tasks_first_and_shows_the_printed_text(world, seed002, client_for):
    directive = _import(world, seed002)
    unsure = [t for t in directive.tasks.order_by("position") if t.unsure]
    assert unsure, "seed 002 names 'Công an tỉnh', which is no unit of this province by that name"
    page = client_for("specialist").get(reverse("directives:detail", args=[directive.pk])).content.decode()
    assert 'id="unsure-summary"' in page and f'href="#card-{unsure[0].pk}"' in page
    assert "Nguyên văn trong văn bản" in page
    assert "chưa chắc" in page or "Không tìm thấy đơn vị" in page


def test_a_reviewed_task_is_no_longer_marked(world, seed002):
    directive = _import(world, seed002)
    task = next(t for t in directive.tasks.all() if t.unsure)
    services.task_update(actor=world.users["specialist"], task=task, text=task.text, assignees=task.assignees,
                         due_on=task.due_on, ref=task.ref)
    assert Task.objects.get(pk=task.pk).unsure == []


def test_the_province_lexicon_restores_names_but_never_swaps_levels(world, seed002):
    province = world.org("province")
    org_services.org_create(actor=None, parent=province, code="P1-KHCN", name="Sở Khoa học và Công nghệ",
                            kind=Organisation.Kind.DEPARTMENT)
    directive = _import(world, seed002)
    # printed "Sở Khoa hgc và Công nghệ": written as the province writes its unit
    assert directive.tasks.get(ref="3.1").assignees == ["Sở Khoa học và Công nghệ"]
    # "Trung tâm Phục vụ hành chính công tỉnh" is not the commune's centre, however close the words
    six = directive.tasks.get(ref="6")
    assert "Trung tâm Phục vụ hành chính công xã An Bình" not in six.assignees
    assert any(m["kind"] == "assignee" for m in six.unsure)
