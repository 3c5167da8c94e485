"""Reads of the directives module; every one starts from `visible_to`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from attt.orgs.models import Organisation

from .models import AssigneeRule, Assignment, Directive, KnownDocument, Notification, Task
from .rules import ASSIGNMENT_VIEWERS, DIRECTIVE_READERS


def directive_list(*, user, query: str = "", state: str = "") -> QuerySet[Directive]:
    qs = Directive.objects.visible_to(user, roles=DIRECTIVE_READERS).select_related("province")
    if query:
        qs = qs.search(query)
    if state in Directive.State.values:
        qs = qs.filter(state=state)
    return qs.annotate(n_tasks=Count("tasks", distinct=True)).order_by("-issued_on", "-id")


def directive_get(*, user, pk: int) -> Directive:
    return get_object_or_404(Directive.objects.visible_to(user, roles=DIRECTIVE_READERS)
                             .select_related("province", "document"), pk=pk)


def task_get(*, directive: Directive, pk: int) -> Task:
    return get_object_or_404(Task.objects.filter(directive=directive), pk=pk)


def tasks_of(directive: Directive) -> QuerySet[Task]:
    return directive.tasks.prefetch_related("deadlines").order_by("position", "id")


def assignments_for(*, user, status: str = "", overdue: bool = False, today: dt.date | None = None,
                    query: str = "") -> QuerySet[Assignment]:
    qs = (Assignment.objects.visible_to(user, roles=ASSIGNMENT_VIEWERS)
          .select_related("task", "directive", "organisation"))
    if status in Assignment.Status.values:
        qs = qs.filter(status=status)
    if overdue and today:
        qs = qs.filter(due_on__lt=today).exclude(status__in=Assignment.CLOSED)
    for term in (query or "").split()[:5]:
        qs = qs.filter(Q(task__text__icontains=term) | Q(directive__number__icontains=term))
    return qs.order_by("due_on", "directive_id", "task__position", "organisation__path", "id")


def assignment_get(*, user, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.visible_to(user, roles=ASSIGNMENT_VIEWERS)
                             .select_related("task", "directive", "organisation", "responded_by"), pk=pk)


@dataclass
class MatrixRow:
    organisation: Organisation
    cells: list  # Assignment | None per task
    done: int
    total: int
    overdue: int


def completion_matrix(*, directive: Directive, today: dt.date, kind: str = "", status: str = "",
                      overdue_only: bool = False) -> tuple[list[Task], list[MatrixRow]]:
    """Units × tasks of a published directive; filters keep the units with a matching cell."""
    tasks = list(directive.tasks.order_by("position", "id"))
    assignments = directive.assignments.select_related("organisation").order_by("organisation__path")
    if kind:
        assignments = assignments.filter(organisation__kind=kind)
    index = {t.pk: i for i, t in enumerate(tasks)}
    rows: dict[int, MatrixRow] = {}
    for a in assignments:
        row = rows.get(a.organisation_id)
        if row is None:
            row = rows[a.organisation_id] = MatrixRow(a.organisation, [None] * len(tasks), 0, 0, 0)
        a.overdue = a.is_overdue(today)
        row.cells[index[a.task_id]] = a
        row.total += 1
        row.done += a.status == Assignment.Status.DONE
        row.overdue += a.overdue
    out = list(rows.values())
    if status:
        out = [r for r in out if any(c is not None and c.status == status for c in r.cells)]
    if overdue_only:
        out = [r for r in out if r.overdue]
    return tasks, out


def matrix_summary(rows: list[MatrixRow]) -> dict:
    total = sum(r.total for r in rows)
    done = sum(r.done for r in rows)
    return {"units": len(rows), "total": total, "done": done, "overdue": sum(r.overdue for r in rows),
            "percent": round(100 * done / total) if total else 0}


def rules_for(*, user, province: Organisation) -> QuerySet[AssigneeRule]:
    own = AssigneeRule.objects.visible_to(user, roles=DIRECTIVE_READERS).filter(province=province)
    return (AssigneeRule.objects.filter(Q(province__isnull=True) | Q(pk__in=own.values("pk")))
            .select_related("organisation", "created_by").order_by("province_id", "pattern"))


def known_documents(*, query: str = "") -> QuerySet[KnownDocument]:
    qs = KnownDocument.objects.annotate(n_cited=Count("cited_by", distinct=True))
    if query:
        qs = qs.search(query)
    return qs.order_by("-date", "symbol")


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("assignment")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
