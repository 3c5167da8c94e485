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

from .generation import directive_rule_key
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
    deadlines, in bulk: the rules in batches of 1,000, their occurrences in one generation pass,
    one audit event with the counts. Returns counts: rules made, occurrences made, rules retired."""
    from attt.core.errors import DomainError

    from . import dues
    from .generation import BATCH, generate_occurrences

    today = clock.today()
    end = add_months(today, HORIZON_MONTHS)
    occurrences_before = Occurrence.objects.filter(rule__source_task__directive=directive).count()
    wanted: dict[str, tuple] = {}  # rule key -> (assignment, deadline, label, spec)
    keep: dict[tuple[int, int], set[str]] = {}
    deadlines_of: dict[int, list[dict]] = {}
    allowed: set[int] = set()
    for assignment in assignments:
        task, org = assignment.task, assignment.organisation
        if task.pk not in deadlines_of:
            deadlines_of[task.pk] = recurring_deadlines(task)
        keys = keep.setdefault((task.pk, org.pk), set())
        for deadline in deadlines_of[task.pk]:
            if actor is not None and org.pk not in allowed:
                rules.require(actor, "duty.assign", org)
                allowed.add(org.pk)
            title = (task.text or "").strip()[:300]
            if not title:
                raise DomainError(_("Nhiệm vụ định kỳ cần có tên."), field="title")
            try:
                spec = dues.spec_from_recurring(deadline, start=today)
            except dues.SpecError as exc:
                raise DomainError(exc.message, field="deadline") from None
            label = source_label(directive, task)
            key = directive_rule_key(organisation_id=org.pk, title=title, deadline=deadline, source_label=label,
                                     source_task_id=task.pk)
            keys.add(key)
            wanted.setdefault(key, (assignment, deadline, label, spec, title))
    existing = {}
    for rule in (DutyRule.objects.filter(key__in=list(wanted)).select_related("organisation")
                 .order_by("key", "-active", "-version")):
        existing.setdefault(rule.key, rule)  # the active version, else the latest retired one
    rules_, new, reactivated = [], [], 0
    creator = actor if getattr(actor, "is_authenticated", False) else None
    for key, (assignment, deadline, label, spec, title) in wanted.items():
        rule = existing.get(key)
        if rule is not None and not rule.active:  # retired earlier (its deadline was changed and back)
            before = audit.snapshot(rule)
            rule.active = True
            rule.save(update_fields=["active", "updated_at"])
            audit.record(actor=actor, action="duty.rule_reactivate", obj=rule, before=before,
                         organisation=assignment.organisation)
            reactivated += 1
        if rule is None:
            rule = DutyRule(
                key=key, regime_code="directive", code=key.split(":", 1)[1], version=1,
                origin=DutyRule.Origin.DIRECTIVE, title=title, applies_to=DutyRule.AppliesTo.UNIT,
                every_months=int(deadline["every_months"]), due=spec, source=(label or "")[:400], valid_from=today,
                valid_to=None, organisation=assignment.organisation, source_task=assignment.task, created_by=creator)
            new.append(rule)
        rule.organisation = assignment.organisation
        rules_.append(rule)
    DutyRule.objects.bulk_create(new, batch_size=BATCH)
    if any(rule.pk is None for rule in new):  # a backend that does not return ids from bulk inserts
        ids = dict(DutyRule.objects.filter(key__in=[r.key for r in new], active=True).values_list("key", "pk"))
        for rule in new:
            rule.pk = ids[rule.key]
    if rules_:
        generate_occurrences(rules_=rules_, start=today, end=end)
    retired = 0
    pairs = set(keep)
    for stale in (DutyRule.objects.filter(source_task__directive=directive, active=True)
                  .exclude(key__in=list(wanted))):
        if (stale.source_task_id, stale.organisation_id) in pairs:
            _retire(stale, actor=actor, today=today)
            retired += 1
    made = Occurrence.objects.filter(rule__source_task__directive=directive).count() - occurrences_before
    if new or made or retired or reactivated:
        audit.record(actor=actor, action="duty.directive_sync", obj=directive,
                     changes={"rules_created": [None, len(new)], "occurrences_created": [None, made],
                              "rules_retired": [None, retired], "rules_reactivated": [None, reactivated]})
    return {"rules": len(new), "occurrences": made, "retired": retired}


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
