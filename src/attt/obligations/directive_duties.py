"""Recurring duties born of directives: when a directive is published (the `directive_published`
signal of the directives module), each unit assigned a task with a recurring deadline ("định kỳ
hằng quý, trước ngày 15 của tháng cuối quý") gets a duty rule bound to it, linked to the task,
with its occurrences for the coming year; the daily generation extends them afterwards.

Idempotent: a rule's identity is (unit, task, deadline), so publishing again creates nothing
twice. When a task's recurring deadline was corrected (or removed) before publishing again, the
unit's earlier rule for that task is retired and its future, untouched occurrences removed.
Directives never imports this module: the receiver is connected in ObligationsConfig.ready()."""
from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.regimes.rules.schedule import add_months

from .generation import directive_rule_key, duties_from_recurring_deadline
from .models import DutyRule, Occurrence

HORIZON_MONTHS = 12
DEADLINE_FIELDS = ("every_months", "due_day", "due_month_of_period", "due_month")


def recurring_deadlines(task) -> list[dict]:
    """The task's recurring deadlines in the extraction contract's shape."""
    out = []
    for row in task.deadlines.all():
        if row.kind != "recurring" or not row.every_months:
            continue
        deadline = {"kind": "recurring"}
        for name in DEADLINE_FIELDS:
            value = getattr(row, name)
            if value not in (None, ""):
                deadline[name] = value
        if deadline not in out:
            out.append(deadline)
    return out


def source_label(directive, task) -> str:
    number = directive.number or _("(chưa có số)")
    issued = _(" ngày %(d)s") % {"d": directive.issued_on.strftime("%d/%m/%Y")} if directive.issued_on else ""
    ref = task.ref or str(task.position)
    return (_("%(kind)s %(n)s%(d)s, nhiệm vụ %(r)s")
            % {"kind": directive.get_doc_type_display(), "n": number, "d": issued, "r": ref}).strip()


def _retire(rule: DutyRule, *, actor, today) -> int:
    before = audit.snapshot(rule)
    rule.active = False
    rule.save(update_fields=["active", "updated_at"])
    stale = Occurrence.objects.filter(rule=rule, due_date__gte=today, status=Occurrence.Status.PENDING,
                                      submissions__isnull=True)
    removed = Occurrence.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()[0]
    audit.record(actor=actor, action="duty.rule_retire", obj=rule, before=before,
                 after={**audit.snapshot(rule), "future_occurrences_removed": removed},
                 organisation=rule.organisation)
    return removed


@transaction.atomic
def duties_from_directive(*, actor, directive, assignments) -> dict:
    """Make (or keep) the recurring duties of every assignment whose task has recurring
    deadlines. Returns counts: rules made, occurrences made, rules retired."""
    today = clock.today()
    end = add_months(today, HORIZON_MONTHS)
    rules_before = DutyRule.objects.filter(source_task__directive=directive).count()
    occurrences_before = Occurrence.objects.filter(rule__source_task__directive=directive).count()
    retired = 0
    deadlines_of: dict[int, list[dict]] = {}
    for assignment in assignments:
        task, org = assignment.task, assignment.organisation
        if task.pk not in deadlines_of:
            deadlines_of[task.pk] = recurring_deadlines(task)
        keep = set()
        for deadline in deadlines_of[task.pk]:
            label = source_label(directive, task)
            duties_from_recurring_deadline(
                actor=actor, organisation=org, title=task.text[:300], deadline=deadline, source_label=label,
                start=today, end=end, source_task=task, open_ended=True)
            keep.add(directive_rule_key(organisation_id=org.pk, title=task.text[:300], deadline=deadline,
                                        source_label=label, source_task_id=task.pk))
        for stale in DutyRule.objects.filter(source_task=task, organisation=org, active=True).exclude(key__in=keep):
            _retire(stale, actor=actor, today=today)
            retired += 1
    made_rules = DutyRule.objects.filter(source_task__directive=directive).count() - rules_before
    made = Occurrence.objects.filter(rule__source_task__directive=directive).count() - occurrences_before
    if made_rules or made or retired:
        audit.record(actor=actor, action="duty.directive_sync", obj=directive,
                     changes={"rules_created": [None, made_rules], "occurrences_created": [None, made],
                              "rules_retired": [None, retired]})
    return {"rules": made_rules, "occurrences": made, "retired": retired}


def on_directive_published(sender, *, directive, actor, assignments, **kwargs) -> None:
    return duties_from_directive(actor=actor, directive=directive, assignments=assignments)


# --- reads for the directive pages ----------------------------------------------------------

def directive_occurrences(*, user, directive=None):
    qs = Occurrence.objects.visible_to(user).filter(rule__origin=DutyRule.Origin.DIRECTIVE,
                                                    rule__source_task__isnull=False)
    if directive is not None:
        qs = qs.filter(rule__source_task__directive=directive)
    return qs


def directive_links(user, directive=None) -> list:
    """"Nghĩa vụ định kỳ phát sinh: N" on a directive's matrix (its duties) and on the inbox (all
    the duties from directives the user sees), linking to the duties list filtered to them."""
    from attt.directives.extensions import DirectiveLink

    if not rules.can(user, "duty.view"):
        return []
    count = directive_occurrences(user=user, directive=directive).count()
    if not count:
        return []
    query = f"?view=list&directive={directive.pk}" if directive is not None else "?view=list&origin=directive"
    return [DirectiveLink("recurring_duties", _("Nghĩa vụ định kỳ phát sinh"),
                          reverse("obligations:calendar") + query, count)]
