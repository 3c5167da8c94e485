"""Reads of the directives module; every one starts from `visible_to`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse

from attt.core import clock
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
    # A unit's work in the order it must be done: overdue first, then by deadline, undated last,
    # finished work at the end.
    today = today or clock.today()
    closed = Q(status__in=Assignment.CLOSED)
    qs = qs.annotate(inbox_rank=Case(
        When(closed, then=Value(3)),
        When(due_on__lt=today, then=Value(0)),
        When(due_on__isnull=False, then=Value(1)),
        default=Value(2), output_field=IntegerField()))
    return qs.order_by("inbox_rank", F("due_on").asc(nulls_last=True), "directive_id", "task__position",
                       "organisation__path", "id")


# What a row of the inbox shows: the directive's extraction and the task's spans (JSON the size of
# the document) stay in the database.
INBOX_FIELDS = ("id", "due_on", "status", "task__id", "task__ref", "task__text", "directive__id", "directive__number",
                "organisation__id", "organisation__name")


def inbox_rows(*, user, **filters) -> QuerySet[Assignment]:
    """`assignments_for` for the inbox page, one row per assignment."""
    return assignments_for(user=user, **filters).only(*INBOX_FIELDS)


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


def matrix_units(*, directive: Directive, today: dt.date, kind: str = "", status: str = "",
                 overdue_only: bool = False) -> QuerySet:
    """One row per assigned unit of a directive (id, code, name, kind, path) with its counts aggregated in
    SQL (total, done, overdue), in path order; the filters keep the units with a matching cell.
    A page of it costs one query whatever the number of units and tasks."""
    late = Q(due_on__lt=today) & ~Q(status__in=Assignment.CLOSED)
    qs = Assignment.objects.filter(directive=directive)
    if kind:
        qs = qs.filter(organisation__kind=kind)
    qs = (qs.values("organisation_id", "organisation__code", "organisation__name", "organisation__kind",
                    "organisation__path")
          .annotate(total=Count("id"), done=Count("id", filter=Q(status=Assignment.Status.DONE)),
                    overdue=Count("id", filter=late)))
    if status:
        qs = qs.annotate(matching=Count("id", filter=Q(status=status))).filter(matching__gt=0)
    if overdue_only:
        qs = qs.filter(overdue__gt=0)
    return qs.order_by("organisation__path", "organisation_id")


def matrix_totals(units: QuerySet) -> dict:
    """The summary line of `matrix_units` (all its units, not one page), in one query."""
    agg = units.order_by().aggregate(n_units=Count("organisation_id"), n_total=Sum("total"), n_done=Sum("done"),
                                     n_overdue=Sum("overdue"))
    total, done = agg["n_total"] or 0, agg["n_done"] or 0
    return {"units": agg["n_units"] or 0, "total": total, "done": done, "overdue": agg["n_overdue"] or 0,
            "percent": round(100 * done / total) if total else 0}


MATRIX_PAGE = 50  # units per page: 50 × 15 tasks keeps the page under 150 KB


def matrix_rows(*, directive: Directive, tasks: list[Task], units, today: dt.date) -> list[MatrixRow]:
    """The rows for some `matrix_units` rows (a page): their cells, loaded for those units only,
    each with its link and label ready (one `reverse` per page, not one per cell)."""
    index = {t.pk: i for i, t in enumerate(tasks)}
    url_of = reverse("directives:assignment", args=[0]).rsplit("0/", 1)[0] + "{}/"
    labels = dict(Assignment.Status.choices)
    rows: dict[int, MatrixRow] = {}
    for u in units:
        org = Organisation(pk=u["organisation_id"], code=u["organisation__code"], name=u["organisation__name"],
                           kind=u["organisation__kind"], path=u["organisation__path"])
        rows[org.pk] = MatrixRow(org, [None] * len(tasks), u["done"], u["total"], u["overdue"])
    ids = list(rows)
    for start in range(0, len(ids), 500):
        cells = (Assignment.objects.filter(directive=directive, organisation_id__in=ids[start:start + 500])
                 .only("pk", "organisation_id", "task_id", "status", "due_on"))
        for a in cells:
            a.overdue = a.is_overdue(today)
            a.url, a.label = url_of.format(a.pk), labels[a.status]
            rows[a.organisation_id].cells[index[a.task_id]] = a
    return list(rows.values())


def completion_matrix(*, directive: Directive, today: dt.date, kind: str = "", status: str = "",
                      overdue_only: bool = False) -> tuple[list[Task], list[MatrixRow]]:
    """Units × tasks of a published directive, every unit (the export); pages use `matrix_units`."""
    tasks = list(directive.tasks.order_by("position", "id"))
    units = matrix_units(directive=directive, today=today, kind=kind, status=status, overdue_only=overdue_only)
    return tasks, matrix_rows(directive=directive, tasks=tasks, units=units, today=today)


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
