"""Reads of the vulnerability and SOC module: scoped querysets and the figures other modules use
(the dashboard and the periodic reports wire these in)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import (Avg, Case, Count, DurationField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum,
                              Value, When)
from django.utils import timezone
from django.shortcuts import get_object_or_404

from attt.core import clock

from .models import (Alert, Finding, FindingTally, HostAssignment, PromotionRule, Scan, SocContact, SocCoverage,
                     SocSource, SystemAddress)

PAGE = 50


def _scope(qs, scope_user_or_org):
    """A user sees what `visible_to` gives; an organisation means its subtree."""
    from attt.orgs.models import Organisation

    if isinstance(scope_user_or_org, Organisation):
        path = scope_user_or_org.path
        fields = qs.model.scope_fields
        cond = Q()
        for f in fields:
            cond |= Q(**{f"{f}__startswith": path})
        return qs.filter(cond)
    return qs.visible_to(scope_user_or_org)


def finding_list(*, user, severity=None, state=None, unit=None, system=None, overdue=False, query: str = "",
                 after: tuple[int, int] | None = None, on: dt.date | None = None) -> QuerySet[Finding]:
    """Open-first list, newest severity first; keyset paging on (severity desc, id desc)."""
    qs = Finding.objects.visible_to(user)
    if unit is not None:
        qs = qs.filter(Q(owner_path__startswith=unit.path) | Q(operator_path__startswith=unit.path))
    if system is not None:
        qs = qs.filter(system=system)
    if state == "active" or state is None:
        qs = qs.filter(active=True, state__in=Finding.ACTIVE)
    elif state != "all":
        qs = qs.filter(state=state)
    if severity not in (None, ""):
        qs = qs.filter(severity=int(severity))
    if overdue:
        qs = qs.filter(active=True, due_date__lt=on or clock.today())
    if query:
        q = query.strip()
        qs = qs.filter(Q(title__icontains=q) | Q(cve_text__contains=f" {q.upper()} ") | Q(host=q))
    if after is not None:
        sev, pk = after
        qs = qs.filter(Q(severity__lt=sev) | Q(severity=sev, id__lt=pk))
    return qs.order_by("-severity", "-id")


def finding_page(qs: QuerySet[Finding], size: int) -> list[Finding]:
    """Up to `size` rows of `finding_list` with their systems: the ids first (read in the order of
    the (state, severity, id) index, no sort), then the rows, so a join never forces a full sort."""
    ids = list(qs.values_list("pk", flat=True)[:size])
    rows = {f.pk: f for f in Finding.objects.filter(pk__in=ids).select_related("system")}
    return [rows[pk] for pk in ids if pk in rows]


def finding_get(*, user, pk: int) -> Finding:
    return get_object_or_404(Finding.objects.visible_to(user).select_related("system", "first_scan", "last_scan",
                                                                             "closed_by_scan"), pk=pk)


def scan_get(*, user, pk: int) -> Scan:
    return get_object_or_404(Scan.objects.visible_to(user).select_related("organisation"), pk=pk)


def scans_recent(*, user, limit: int = 20) -> QuerySet[Scan]:
    return Scan.objects.visible_to(user).select_related("organisation", "imported_by")[:limit]


def addresses_of(system) -> QuerySet[SystemAddress]:
    return SystemAddress.objects.filter(system=system)


def unmatched_hosts(*, user, organisation=None) -> QuerySet[HostAssignment]:
    qs = HostAssignment.objects.visible_to(user).select_related("system", "organisation")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("system_id", "host")


def alert_list(*, user, unmatched: bool = False) -> QuerySet[Alert]:
    qs = Alert.objects.visible_to(user).select_related("system", "source", "incident")
    if unmatched:
        qs = qs.filter(system__isnull=True)
    return qs.order_by("-received_at", "-id")


def alert_get(*, user, pk: int) -> Alert:
    return get_object_or_404(Alert.objects.visible_to(user).select_related("system", "source", "incident",
                                                                          "promoted_by_rule"), pk=pk)


# --- SOC sources and their promotion rules (the `soc.manage` roles, within their reach) -----------

def _soc_roles():
    from attt.core import rules

    return rules.roles_for("soc.manage")


def soc_sources(*, user) -> QuerySet[SocSource]:
    return (SocSource.objects.visible_to(user, roles=_soc_roles()).select_related("organisation")
            .annotate(systems=Count("coverage")).order_by("-active", "name", "id"))


def soc_source_get(*, user, pk: int) -> SocSource:
    return get_object_or_404(SocSource.objects.visible_to(user, roles=_soc_roles()).select_related("organisation"),
                             pk=pk)


def soc_coverage(source: SocSource) -> QuerySet[SocCoverage]:
    return SocCoverage.objects.filter(source=source).select_related("system", "system__operator").order_by(
        "-last_seen_at", "system__name")


def promotion_rules(*, user, source: SocSource | None = None) -> QuerySet[PromotionRule]:
    qs = PromotionRule.objects.visible_to(user, roles=_soc_roles()).select_related("organisation", "source")
    if source is not None:
        return qs.filter(source=source)
    return qs.filter(source__isnull=True)


def promotion_rule_get(*, user, pk: int) -> PromotionRule:
    return get_object_or_404(PromotionRule.objects.visible_to(user, roles=_soc_roles())
                             .select_related("organisation", "source"), pk=pk)


def soc_units(*, user):
    """The organisations a user may register a SOC source for (their `soc.manage` reach)."""
    from attt.orgs.models import Organisation

    qs = Organisation.objects.filter(valid_to__isnull=True).order_by("path")
    if user.is_superuser:
        return qs
    cond = Q(pk__in=[])
    for p in user.scope_paths(roles=_soc_roles()):
        cond |= Q(path__startswith=p)
    return qs.filter(cond)


def findings_for_cves(*, user, cves) -> QuerySet[Finding]:
    """Open findings naming one of `cves` (a warning's CVE ids), within the user's scope."""
    cves = [c.strip().upper() for c in cves or [] if c and c.strip()]
    if not cves:
        return Finding.objects.none()
    cond = Q()
    for cve in cves:
        cond |= Q(cve_text__contains=f" {cve} ")
    return (Finding.objects.visible_to(user).filter(cond, state__in=Finding.ACTIVE)
            .select_related("system", "system__operator").order_by("-severity", "system__name", "id"))


# --- figures for the dashboard and the periodic reports ------------------------------------------

def open_by_severity_per_unit(scope_user_or_org) -> dict[str, dict[int, int]]:
    """{operator_path: {severity: count}} of active findings, summed from `FindingTally` (a few rows
    per system), so the figure costs the same at a million findings as at a thousand."""
    qs = _scope(FindingTally.objects.filter(active__gt=0), scope_user_or_org)
    out: dict[str, dict[int, int]] = {}
    for path, sev, n in qs.values_list("operator_path", "severity").annotate(n=Sum("active")).order_by():
        out.setdefault(path, {})[sev] = n
    return out


def open_by_severity_per_system(scope_user_or_org) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    for sid, sev, n in _scope(FindingTally.objects.filter(active__gt=0), scope_user_or_org).values_list(
            "system_id", "severity", "active"):
        out.setdefault(sid, {})[sev] = n
    return out


def sla_overdue_count(scope_user_or_org, *, on: dt.date | None = None) -> int:
    return _scope(Finding.objects.filter(state__in=Finding.ACTIVE, due_date__lt=on or clock.today()),
                  scope_user_or_org).count()


def mean_time_to_fix(scope_user_or_org, *, since: dt.datetime | None = None) -> dt.timedelta | None:
    """Mean of (fixed_at - first_seen) over findings fixed (by people or by a later scan)."""
    qs = _scope(Finding.objects.filter(state=Finding.State.FIXED, fixed_at__isnull=False), scope_user_or_org)
    if since is not None:
        qs = qs.filter(fixed_at__gte=since)
    value = qs.aggregate(m=Avg(ExpressionWrapper(F("fixed_at") - F("first_seen"), output_field=DurationField())))["m"]
    if value is not None and not isinstance(value, dt.timedelta):  # SQLite hands back microseconds
        value = dt.timedelta(microseconds=float(value))
    return value


def soc_window_days() -> int:
    return int(getattr(settings, "ATTT_SOC_WINDOW_DAYS", 7))


def systems_under_soc(scope_user_or_org, window_days: int | None = None) -> int:
    """Systems with an alert or a heartbeat within the window: the measured "systems under SOC"."""
    since = clock.now() - dt.timedelta(days=window_days if window_days is not None else soc_window_days())
    return _scope(SocContact.objects.filter(last_seen_at__gte=since), scope_user_or_org).count()


# --- the trend per quarter -----------------------------------------------------------------------

SEVERITY_KEYS = ((4, "critical"), (3, "high"), (2, "medium"), (1, "low"), (0, "info"))
MEASURES = ("new", "fixed", "open", "overdue")


def _quarters(on: dt.date, count: int) -> list[tuple[int, int, dt.date, dt.date]]:
    """The `count` quarters up to the one holding `on`, oldest first: (year, q, first day, last day)."""
    year, q = on.year, (on.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        first = dt.date(year, 3 * q - 2, 1)
        last = (dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - dt.timedelta(days=1)
        out.append((year, q, first, last))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out[::-1]


def _bucket(field: str, bounds: list, *, default: int):
    """CASE: the index of the first bound the field is below (-1 before the first span's start)."""
    whens = [When(**{f"{field}__lt": b}, then=Value(i - 1)) for i, b in enumerate(bounds)]
    return Case(*whens, default=Value(default), output_field=IntegerField())


def quarterly_trend(*, user, unit=None, quarters: int = 8, on: dt.date | None = None,
                    findings: QuerySet[Finding] | None = None) -> list[dict]:
    """Per quarter (oldest first, the current one up to `on`): findings first seen in it (`new`),
    fixed in it (`fixed`), still open at its end (`open`: seen by then and not fixed nor marked a
    false positive by then) and among those past their fixing deadline (`overdue`), each by
    severity with a total. Built from each finding's own dates (first seen, fixed, deadline), so
    a finding reopened later counts as open since it was first seen. One query: each finding is
    put in the quarter of its first sighting, of its closing and of its deadline, and the few
    resulting groups are summed here. `findings` replaces the user's findings (already scoped: the
    report section counts by owner, as its other figures do)."""
    on = on or clock.today()
    qs = findings if findings is not None else Finding.objects.visible_to(user)
    if unit is not None:
        qs = qs.filter(Q(owner_path__startswith=unit.path) | Q(operator_path__startswith=unit.path))
    tz = timezone.get_current_timezone()
    spans = _quarters(on, max(1, min(int(quarters), 12)))
    n = len(spans)
    ends = [min(last, on) for _y, _q, _f, last in spans]
    # Instants: start of each quarter, then the start of the day after the last one.
    starts = [dt.datetime.combine(first, dt.time.min, tzinfo=tz) for _y, _q, first, _l in spans]
    bounds = starts + [dt.datetime.combine(ends[-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)]
    # seen/closed: -1 before the window, i within quarter i, n after it (or never closed).
    # due: d such that due_date < end day of quarter i exactly when d <= i (n: never within the window).
    due = Case(*[When(due_date__lt=end, then=Value(i)) for i, end in enumerate(ends)], default=Value(n),
               output_field=IntegerField())
    rows = (qs.order_by().annotate(b_seen=_bucket("first_seen", bounds, default=n),
                                   b_closed=_bucket("fixed_at", bounds, default=n), b_due=due,
                                   b_fixed=Case(When(state=Finding.State.FIXED, then=Value(1)), default=Value(0),
                                                output_field=IntegerField()))
            .values_list("severity", "b_seen", "b_closed", "b_due", "b_fixed").annotate(c=Count("pk")))
    keys = dict((sev, key) for sev, key in SEVERITY_KEYS)
    table = {m: [dict.fromkeys(keys.values(), 0) for _ in spans] for m in MEASURES}
    for sev, seen, closed, due_q, fixed, c in rows:
        key = keys.get(sev)
        if key is None:
            continue
        if 0 <= seen < n:
            table["new"][seen][key] += c
        if fixed and 0 <= closed < n:
            table["fixed"][closed][key] += c
        for i in range(max(seen, 0), min(closed, n)):  # seen by the end of i and not closed by then
            table["open"][i][key] += c
            if due_q <= i:
                table["overdue"][i][key] += c
    out = []
    for i, (year, q, first, _last) in enumerate(spans):
        item = {"quarter": f"Q{q}/{year}", "year": year, "q": q, "start": first, "end": ends[i]}
        for measure in MEASURES:
            by = dict(table[measure][i])
            by["total"] = sum(by.values())
            item[measure] = by
        out.append(item)
    return out
