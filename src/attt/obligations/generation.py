"""Generating occurrences: per unit and per system from the active rules, idempotent (one row per
rule, target and period), in batches; regenerating future occurrences after a rule or a
province setting changes; duties from the recurring tasks of directives; marking overdue."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError
from attt.core.text import fold
from attt.orgs.models import Organisation
from attt.regimes.rules.schedule import add_months

from . import dues
from .models import DutyRule, Occurrence, ProvinceSetting

BATCH = 1000
UNIT_KINDS = ["department", "commune", "service_centre", "police"]
# Who carries a unit duty, by the regime's `actor`; stored on each rule, editable there.
ACTOR_KINDS = {
    "": UNIT_KINDS, "operator": UNIT_KINDS, "owner": UNIT_KINDS,
    "province": ["province"], "network_member": ["response_team", "provider"],
}


def _province_path(path: str) -> str:
    first = path.strip("/").split("/")[0] if path else ""
    return f"/{first}/" if first else ""


def province_settings() -> dict[str, dict]:
    """Settings per province path; provinces without a row use the model defaults."""
    defaults = ProvinceSetting().as_settings()
    out: dict[str, dict] = {}
    for path in Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).values_list("path", flat=True):
        out[path] = dict(defaults)
    for row in ProvinceSetting.objects.select_related("province"):
        out[row.province.path] = row.as_settings()
    return out


class _Schedules:
    """Occurrences of one rule depend only on the settings its spec reads: compute once per value."""

    def __init__(self, rule: DutyRule, start: dt.date, end: dt.date):
        self.rule, self.start, self.end = rule, start, end
        self.keys = sorted(dues.settings_used(rule.due))
        self.cache: dict[tuple, list] = {}

    def for_settings(self, settings: dict) -> list:
        key = tuple(settings.get(k) for k in self.keys)
        if key not in self.cache:
            self.cache[key] = dues.schedule(self.rule.due, self.start, self.end, settings)
        return self.cache[key]


def _window(rule: DutyRule, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    lo = max(start, rule.valid_from) if rule.valid_from else start
    hi = min(end, rule.valid_to) if rule.valid_to else end
    return (lo, hi) if lo <= hi else None


def _unit_targets(kinds: set[str], province_path: str | None, organisation_ids: Iterable[int] | None):
    qs = Organisation.objects.filter(valid_to__isnull=True, kind__in=kinds)
    if province_path:
        qs = qs.filter(path__startswith=province_path)
    if organisation_ids is not None:
        qs = qs.filter(pk__in=list(organisation_ids))
    return list(qs.values_list("pk", "path", "kind"))


def _system_targets(province_path: str | None):
    from attt.systems.models import System

    qs = System.objects.filter(status=System.Status.OPERATING, operator__valid_to__isnull=True)
    if province_path:
        qs = qs.filter(operator__path__startswith=province_path)
    rows = []
    for pk, operator_id, path, owner_path, approved, proposed in qs.values_list(
            "pk", "operator_id", "operator__path", "owner_path", "approved_level", "proposed_level"):
        level = approved or proposed
        if level:
            rows.append((pk, operator_id, path, owner_path, level))
    return rows


def _build(rules_: list[DutyRule], start: dt.date, end: dt.date, province_path: str | None,
           organisation_ids: Iterable[int] | None) -> Iterator[Occurrence]:
    settings = province_settings()
    defaults = ProvinceSetting().as_settings()
    kinds = {k for r in rules_ if r.applies_to == DutyRule.AppliesTo.UNIT and not r.organisation_id
             for k in (r.target_kinds or [])}
    units = _unit_targets(kinds, province_path, organisation_ids) if kinds else []
    systems = (_system_targets(province_path) if organisation_ids is None
               and any(r.applies_to == DutyRule.AppliesTo.SYSTEM for r in rules_) else [])
    for rule in rules_:
        window = _window(rule, start, end)
        if window is None or rule.due.get("kind") == "on_event":
            continue
        schedules = _Schedules(rule, *window)
        title, folded = rule.title[:300], fold(rule.title)
        if rule.organisation_id:
            org = rule.organisation
            if org.valid_to is not None or (province_path and not org.path.startswith(province_path)):
                continue
            targets = [(org.pk, None, org.path, "")]
        elif rule.applies_to == DutyRule.AppliesTo.UNIT:
            wanted = set(rule.target_kinds or [])
            targets = [(pk, None, path, "") for pk, path, kind in units if kind in wanted]
        else:
            targets = [(op, pk, path, owner_path) for pk, op, path, owner_path, level in systems
                       if rule.applies_to_level(level)]
        for org_id, system_id, path, owner_path in targets:
            found = schedules.for_settings(settings.get(_province_path(path), defaults))
            target_key = f"s{system_id}" if system_id else f"o{org_id}"
            for occ in found:
                yield Occurrence(rule=rule, rule_key=rule.key, organisation_id=org_id, system_id=system_id,
                                 target_key=target_key, title=title, search_text=folded,
                                 org_path=path, system_owner_path=owner_path,
                                 period_start=occ.period_start, period_end=occ.period_end, due_date=occ.due_date)


def _bulk_insert(rows: Iterable[Occurrence]) -> int:
    created = 0
    batch: list[Occurrence] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            Occurrence.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
            created += len(batch)
            batch = []
    if batch:
        Occurrence.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
        created += len(batch)
    return created


@transaction.atomic
def generate_occurrences(*, horizon_months: int = 12, rules_: Iterable[DutyRule] | None = None,
                         province_path: str | None = None, start: dt.date | None = None,
                         end: dt.date | None = None, organisation_ids: Iterable[int] | None = None) -> int:
    """Create the occurrences due from today through the horizon for every active unit and
    operating system (or only the given rules, province, organisations). Idempotent: existing
    occurrences (same rule key, target and period) are kept as they are. Returns the number of
    new occurrences."""
    today = clock.today()
    start = start or today
    end = end or add_months(today, horizon_months)
    if rules_ is None:
        rules_ = DutyRule.objects.filter(active=True).select_related("organisation")
    selected = [r for r in rules_ if r.active]
    if not selected:
        return 0
    before = Occurrence.objects.count()
    _bulk_insert(_build(selected, start, end, province_path, organisation_ids))
    return Occurrence.objects.count() - before


@transaction.atomic
def regenerate_future(*, rule_keys: Iterable[str], province_path: str | None = None,
                      horizon_months: int = 12) -> tuple[int, int]:
    """Replace the future, untouched occurrences of these rule keys by the active versions'.
    Past occurrences and anything submitted stay as they are. Returns (removed, created)."""
    keys = list(rule_keys)
    today = clock.today()
    stale = Occurrence.objects.filter(rule_key__in=keys, due_date__gte=today, status=Occurrence.Status.PENDING,
                                      submissions__isnull=True)
    if province_path:
        stale = stale.filter(org_path__startswith=province_path)
    removed = Occurrence.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()[0]
    active = list(DutyRule.objects.filter(key__in=keys, active=True).select_related("organisation"))
    created = generate_occurrences(rules_=active, province_path=province_path, horizon_months=horizon_months)
    return removed, created


def _directive_code(organisation_id: int, title: str, deadline: dict, source_label: str,
                    source_task_id: int | None = None) -> str:
    if source_task_id is not None:  # a published directive's task: the task, not its wording, is the identity
        blob = json.dumps([organisation_id, "task", source_task_id, deadline], sort_keys=True, ensure_ascii=False,
                          default=str)
    else:
        blob = json.dumps([organisation_id, title.strip(), deadline, source_label.strip()], sort_keys=True,
                          ensure_ascii=False, default=str)
    return "d-" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def directive_rule_key(*, organisation_id: int, title: str, deadline: dict, source_label: str,
                       source_task_id: int | None = None) -> str:
    """The key of the duty rule `duties_from_recurring_deadline` makes for these arguments."""
    return "directive:" + _directive_code(organisation_id, (title or "").strip(), deadline, source_label or "",
                                          source_task_id)


@transaction.atomic
def duties_from_recurring_deadline(*, actor, organisation: Organisation, title: str, deadline: dict,
                                   source_label: str, start: dt.date, end: dt.date, source_task=None,
                                   open_ended: bool = False) -> list[Occurrence]:
    """A directive's recurring task for one unit becomes a duty rule bound to that unit, with
    its occurrences due in [start, end]. Calling it again with the same arguments changes
    nothing and returns the same occurrences. `deadline` is the extraction contract's shape,
    e.g. {"kind": "recurring", "every_months": 3, "due_day": 15, "due_month_of_period": "last"}.
    With `source_task` (a directives.Task) the rule links back to it and its identity is
    (unit, task, deadline); `open_ended` leaves the rule without an end date, so the daily
    generation keeps extending it over the horizon."""
    if actor is not None:
        rules.require(actor, "duty.assign", organisation)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Nhiệm vụ định kỳ cần có tên."), field="title")
    if end < start:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="end")
    try:
        spec = dues.spec_from_recurring(deadline, start=start)
    except dues.SpecError as exc:
        raise DomainError(exc.message, field="deadline") from None
    key = directive_rule_key(organisation_id=organisation.pk, title=title, deadline=deadline,
                             source_label=source_label,
                             source_task_id=source_task.pk if source_task is not None else None)
    code = key.split(":", 1)[1]
    rule = DutyRule.objects.filter(key=key, active=True).first()
    retired = None if rule is not None else DutyRule.objects.filter(key=key).order_by("-version").first()
    if retired is not None:  # the same duty was retired earlier (e.g. its deadline was changed and back)
        before = audit.snapshot(retired)
        retired.active = True
        retired.save(update_fields=["active", "updated_at"])
        audit.record(actor=actor, action="duty.rule_reactivate", obj=retired, before=before,
                     organisation=organisation)
        rule = retired
    if rule is None:
        rule = DutyRule.objects.create(
            key=key, regime_code="directive", code=code, version=1, origin=DutyRule.Origin.DIRECTIVE,
            title=title[:300], applies_to=DutyRule.AppliesTo.UNIT, every_months=int(deadline["every_months"]),
            due=spec, source=(source_label or "")[:400], valid_from=start, valid_to=None if open_ended else end,
            organisation=organisation, source_task=source_task,
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action="duty.rule_from_directive", obj=rule, organisation=organisation)
    rule.organisation = organisation
    generate_occurrences(rules_=[rule], start=start, end=end)
    return list(Occurrence.objects.filter(rule_key=key, target_key=f"o{organisation.pk}",
                                          due_date__gte=start, due_date__lte=end).order_by("due_date"))


@transaction.atomic
def mark_overdue(*, on: dt.date | None = None) -> int:
    """Note the day each open occurrence was first found past its due date (for reminders)."""
    on = on or clock.today()
    n = (Occurrence.objects.filter(status__in=Occurrence.OPEN, due_date__lt=on, overdue_marked_on__isnull=True)
         .update(overdue_marked_on=on))
    if n:
        audit.record(actor=None, action="duty.mark_overdue", object_type="obligations.occurrence",
                     object_id="", object_repr=f"{n}", changes={"count": n, "on": on.isoformat()})
    return n
