"""Corrections during review: the directive's fields, its tasks, and the assignee rules the
officer's mappings create."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError
from attt.orgs.models import Organisation

from ..models import AssigneeRule, Directive, Task, TaskDeadline
from ..models.mapping import phrase_key

DIRECTIVE_FIELDS = ["number", "issued_on", "issuer", "place", "doc_type", "subject", "recipients",
                    "remind_days_before"]


def _clean_lines(values) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    return [v.strip(" -–;,.\t") for v in values if v and v.strip(" -–;,.\t")]


@transaction.atomic
def directive_update(*, actor, directive: Directive, **fields) -> Directive:
    rules.require(actor, "directive.manage", directive)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    before = audit.snapshot(directive)
    for name, value in fields.items():
        if name not in DIRECTIVE_FIELDS:
            continue
        if name == "recipients":
            value = _clean_lines(value)
        elif name == "doc_type" and value not in Directive.DocType.values:
            raise DomainError(_("Loại văn bản không hợp lệ."), field="doc_type")
        elif name == "remind_days_before" and (value is None or not 0 <= int(value) <= 60):
            raise DomainError(_("Số ngày nhắc trước hạn phải từ 0 đến 60."), field="remind_days_before")
        elif isinstance(value, str):
            value = value.strip()
        setattr(directive, name, value)
    directive.save()
    audit.record(actor=actor, action="directive.update", obj=directive, before=before)
    return directive


def _sync_due(task: Task, due_on: dt.date | None) -> None:
    """The task's date deadline follows the date the officer set; recurring ones stay."""
    date_rows = list(task.deadlines.filter(kind=TaskDeadline.Kind.DATE))
    if due_on is None:
        task.deadlines.filter(kind=TaskDeadline.Kind.DATE).delete()
        return
    if any(row.date == due_on for row in date_rows):
        task.deadlines.filter(kind=TaskDeadline.Kind.DATE).exclude(date__gte=due_on).delete()
        return
    task.deadlines.filter(kind=TaskDeadline.Kind.DATE).delete()
    TaskDeadline.objects.create(task=task, kind=TaskDeadline.Kind.DATE, date=due_on)


def _check_task(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Nội dung nhiệm vụ không được để trống."), field="text")
    return text


@transaction.atomic
def task_update(*, actor, task: Task, text: str, assignees, due_on: dt.date | None, ref: str = "") -> Task:
    rules.require(actor, "directive.manage", task.directive)
    before = audit.snapshot(task)
    task.text = _check_task(text)
    task.ref = (ref or "").strip()[:40]
    task.assignees = _clean_lines(assignees)
    task.unsure = []  # a person has reviewed it
    task.due_on = due_on
    task.save()
    _sync_due(task, due_on)
    if task.directive.is_published:
        task.assignments.exclude(status__in=task.assignments.model.CLOSED).update(due_on=due_on)
    audit.record(actor=actor, action="directive.task_update", obj=task, before=before,
                 organisation=task.directive.province)
    return task


@transaction.atomic
def task_create(*, actor, directive: Directive, text: str, assignees, due_on: dt.date | None,
                ref: str = "") -> Task:
    rules.require(actor, "directive.manage", directive)
    position = (directive.tasks.aggregate(m=Max("position"))["m"] or 0) + 1
    task = Task.objects.create(directive=directive, position=position, ref=(ref or "").strip()[:40],
                               text=_check_task(text), assignees=_clean_lines(assignees), due_on=due_on, manual=True)
    if due_on:
        TaskDeadline.objects.create(task=task, kind=TaskDeadline.Kind.DATE, date=due_on)
    audit.record(actor=actor, action="directive.task_create", obj=task, organisation=directive.province)
    return task


@transaction.atomic
def task_delete(*, actor, task: Task) -> None:
    rules.require(actor, "directive.manage", task.directive)
    if task.assignments.exclude(status="not_started").exists() or task.assignments.exclude(report="").exists():
        raise DomainError(_("Không thể xóa nhiệm vụ đã có đơn vị báo cáo kết quả."))
    audit.record(actor=actor, action="directive.task_delete", obj=task, before=audit.snapshot(task), after={},
                 organisation=task.directive.province)
    task.delete()


@transaction.atomic
def assignee_rule_save(*, actor, province: Organisation, phrase: str, target: str, org_kinds=None,
                       organisation: Organisation | None = None) -> AssigneeRule:
    """The officer's mapping of a phrase becomes a rule of the province (exact phrase)."""
    rules.require(actor, "directive.manage", province)
    pattern = phrase_key(phrase)
    if not pattern:
        raise DomainError(_("Cụm từ không được để trống."), field="phrase")
    if target not in AssigneeRule.Target.values:
        raise DomainError(_("Hãy chọn đích của quy tắc."), field="target")
    kinds = [k for k in (org_kinds or []) if k in Organisation.Kind.values]
    if target == AssigneeRule.Target.KINDS and not kinds:
        raise DomainError(_("Hãy chọn ít nhất một loại tổ chức."), field="org_kinds")
    if target == AssigneeRule.Target.ORGANISATION and (
            organisation is None or not organisation.path.startswith(province.path)):
        raise DomainError(_("Hãy chọn một tổ chức thuộc tỉnh."), field="organisation")
    rule = AssigneeRule.objects.filter(province=province, pattern=pattern, match=AssigneeRule.Match.EXACT).first()
    before = audit.snapshot(rule) if rule else None
    rule = rule or AssigneeRule(province=province, match=AssigneeRule.Match.EXACT)
    rule.phrase = phrase.strip()[:300]
    rule.target = target
    rule.org_kinds = kinds if target == AssigneeRule.Target.KINDS else []
    rule.organisation = organisation if target == AssigneeRule.Target.ORGANISATION else None
    rule.created_by = actor if getattr(actor, "is_authenticated", False) else None
    rule.save()
    audit.record(actor=actor, action="directive.rule_save", obj=rule, before=before)
    return rule


@transaction.atomic
def assignee_rule_delete(*, actor, rule: AssigneeRule) -> None:
    if rule.province_id is None:
        raise DomainError(_("Quy tắc mặc định không xóa được; hãy tạo quy tắc riêng của tỉnh để thay thế."))
    rules.require(actor, "directive.manage", rule)
    audit.record(actor=actor, action="directive.rule_delete", obj=rule, before=audit.snapshot(rule), after={})
    rule.delete()
