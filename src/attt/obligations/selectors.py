"""Reads on recurring duties; every one starts from `visible_to(user)`."""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attt.core import clock
from attt.orgs.models import Organisation

from .generation import UNIT_KINDS
from .models import DutyRule, Occurrence, ProvinceSetting, Submission

STATES = [
    ("upcoming", gettext_lazy("Chưa nộp, còn hạn")),
    ("overdue", gettext_lazy("Quá hạn")),
    ("submitted", gettext_lazy("Đã nộp, chờ xem xét")),
    ("returned", gettext_lazy("Bị trả lại")),
    ("accepted", gettext_lazy("Đã chấp nhận")),
]
STATE_LABELS = dict(STATES)


def state_of(status: str, due_date: dt.date, today: dt.date) -> str:
    if status in Occurrence.OPEN and due_date < today:
        return "overdue"
    if status == Occurrence.Status.PENDING:
        return "upcoming"
    return status


@dataclass
class Filters:
    unit: Organisation | None = None
    rule_key: str = ""
    state: str = ""
    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    directive_id: int | None = None  # duties from one directive's recurring tasks
    origin: str = ""  # "directive" or "regime"
    errors: list = field(default_factory=list)

    def key(self) -> str:
        """The filters as text, for a cache key (attt.core.cached)."""
        return "|".join(str(getattr(self, name)) if name != "unit" else str(getattr(self.unit, "pk", ""))
                        for name in ("unit", "rule_key", "state", "query", "date_from", "date_to", "directive_id",
                                     "origin"))

    def narrowed(self, **changes) -> Filters:
        """A copy with some fields changed (the grid and the counts drop the state or the dates)."""
        values = {name: getattr(self, name) for name in ("unit", "rule_key", "state", "query", "date_from",
                                                         "date_to", "directive_id", "origin")}
        values.update(changes)
        return Filters(**values)


def parse_date(value: str, label: str, errors: list) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        errors.append(_("%(label)s “%(v)s” không phải một ngày có thật; hãy nhập dd/mm/yyyy, ví dụ 15/12/2026.")
                      % {"label": label, "v": value[:20]})
        return None


def parse_filters(user, params) -> Filters:
    f = Filters()
    unit_id = (params.get("unit") or "").strip()
    if unit_id:
        if not unit_id.isdigit():
            f.errors.append(_("Đơn vị không hợp lệ."))
        else:
            f.unit = get_object_or_404(Organisation.objects.visible_to(user), pk=int(unit_id))
    f.rule_key = (params.get("duty") or "").strip()[:800]
    state = (params.get("state") or "").strip()
    f.state = state if state in STATE_LABELS else ""
    f.query = (params.get("q") or "").strip()[:200]
    directive = (params.get("directive") or "").strip()
    if directive:
        if directive.isdigit():
            f.directive_id = int(directive)
        else:
            f.errors.append(_("Văn bản không hợp lệ."))
    origin = (params.get("origin") or "").strip()
    f.origin = origin if origin in DutyRule.Origin.values else ""
    f.date_from = parse_date(params.get("from"), _("Từ ngày"), f.errors)
    f.date_to = parse_date(params.get("to"), _("Đến ngày"), f.errors)
    if f.date_from and f.date_to and f.date_to < f.date_from:
        f.errors.append(_("“Đến ngày” phải sau “Từ ngày”."))
    return f


def occurrences(*, user, filters: Filters | None = None, today: dt.date | None = None) -> QuerySet[Occurrence]:
    f = filters or Filters()
    today = today or clock.today()
    qs = Occurrence.objects.visible_to(user).select_related("organisation", "system", "rule")
    if f.directive_id is not None:
        qs = qs.filter(rule__source_task__directive_id=f.directive_id)
    if f.origin:
        qs = qs.filter(rule__origin=f.origin)
    if f.unit is not None:
        qs = qs.filter(Q(org_path__startswith=f.unit.path) | Q(system_owner_path__startswith=f.unit.path))
    if f.rule_key:
        qs = qs.filter(rule_key__in=[k for k in f.rule_key.split(",") if k][:10])
    if f.query:
        qs = qs.search(f.query)
    if f.date_from:
        qs = qs.filter(due_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(due_date__lte=f.date_to)
    if f.state == "overdue":
        qs = qs.filter(status__in=Occurrence.OPEN, due_date__lt=today)
    elif f.state == "upcoming":
        qs = qs.filter(status=Occurrence.Status.PENDING, due_date__gte=today)
    elif f.state == "returned":
        qs = qs.filter(status=Occurrence.Status.RETURNED)
    elif f.state:
        qs = qs.filter(status=f.state)
    return qs.order_by("due_date", "org_path", "title", "pk")


# What a row of the duties list shows, and the list's order (keyset pages): the rule's and the
# system's JSON columns and the search text stay in the database.
ROW_FIELDS = ("id", "due_date", "org_path", "title", "period_start", "period_end", "status",
              "organisation__id", "organisation__name", "system__id", "system__name",
              "rule__id", "rule__origin", "rule__source")


def occurrence_rows(*, user, filters: Filters | None = None) -> QuerySet[Occurrence]:
    """`occurrences` for the duties list, one row per occurrence."""
    return occurrences(user=user, filters=filters).only(*ROW_FIELDS)


def occurrence_get(*, user, pk: int) -> Occurrence:
    return get_object_or_404(Occurrence.objects.visible_to(user).select_related("organisation", "system", "rule"),
                             pk=pk)


def submission_get(*, user, pk: int) -> Submission:
    return get_object_or_404(Submission.objects.visible_to(user).select_related("occurrence__organisation",
                                                                                  "occurrence__system"), pk=pk)


def occurrences_due_soon(days: int, *, user=None, today: dt.date | None = None) -> QuerySet[Occurrence]:
    """Open occurrences due within `days` days from today (for reminders). Without a user: all."""
    today = today or clock.today()
    qs = Occurrence.objects.all() if user is None else Occurrence.objects.visible_to(user)
    return (qs.filter(status__in=Occurrence.OPEN, due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))
            .select_related("organisation", "system").order_by("due_date", "pk"))


def duty_choices(*, user) -> list[tuple[str, str]]:
    """The duties the user can see occurrences of, one entry per title: the latest version's title
    of each duty key, keys of the same duty under different regimes together ("k1,k2"). A commune
    is not offered duties that only the province has."""
    keys = set(Occurrence.objects.visible_to(user).order_by().values_list("rule_key", flat=True).distinct())
    titles: dict[str, str] = {}
    for key, title in (DutyRule.objects.filter(key__in=keys).order_by("key", "-version")
                       .values_list("key", "title")):
        titles.setdefault(key, title)
    by_title: dict[str, list[str]] = {}
    for key, title in titles.items():
        by_title.setdefault(title, []).append(key)
    return sorted(((",".join(sorted(k)), title) for title, k in by_title.items()), key=lambda kv: kv[1])


def unit_choices(*, user) -> QuerySet[Organisation]:
    return (Organisation.objects.visible_to(user).filter(valid_to__isnull=True,
                                                         kind__in=[*UNIT_KINDS, "province", "response_team",
                                                                   "provider"])
            .only("pk", "name", "path", "depth").order_by("path"))


# --- the month grid -------------------------------------------------------------------------

@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    is_today: bool
    items: list = field(default_factory=list)  # occurrences, when few
    groups: list = field(default_factory=list)  # (title, {state: n}), when many
    overdue: int = 0


ITEMS_LIMIT = 150


def month_grid(*, user, year: int, month: int, filters: Filters | None = None) -> list[list[DayCell]]:
    today = clock.today()
    weeks = _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    f = filters or Filters()
    base = occurrences(user=user, filters=f.narrowed(date_from=None, date_to=None), today=today).filter(due_date__gte=first, due_date__lte=last)
    cells = {d: DayCell(d, d.month == month, d == today) for week in weeks for d in week}
    total = base.count()
    if total <= ITEMS_LIMIT:
        for occ in base:
            cell = cells[occ.due_date]
            occ.state = state_of(occ.status, occ.due_date, today)
            cell.items.append(occ)
            cell.overdue += occ.state == "overdue"
    else:
        grouped: dict[dt.date, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        rows = base.order_by().values("due_date", "title", "status").annotate(n=Count("id"))
        for row in rows:
            state = state_of(row["status"], row["due_date"], today)
            grouped[row["due_date"]][row["title"]][state] += row["n"]
        for day, titles in grouped.items():
            cell = cells[day]
            for title, counts in sorted(titles.items()):
                cell.groups.append((title, [(STATE_LABELS[s], s, counts[s]) for s, _l in STATES if counts.get(s)]))
                cell.overdue += counts.get("overdue", 0)
    return [[cells[d] for d in week] for week in weeks]


def state_counts(*, user, filters: Filters | None = None) -> dict[str, int]:
    today = clock.today()
    f = filters or Filters()
    qs = occurrences(user=user, filters=f.narrowed(state=""), today=today)
    counts = {key: 0 for key, _l in STATES}
    rows = qs.order_by().values("status").annotate(
        n=Count("id"), late=Count("id", filter=Q(status__in=Occurrence.OPEN, due_date__lt=today)))
    for row in rows:
        if row["status"] in Occurrence.OPEN:
            counts["overdue"] += row["late"]
            if row["status"] == Occurrence.Status.PENDING:
                counts["upcoming"] += row["n"] - row["late"]
            else:
                counts["returned"] += row["n"] - row["late"]
        else:
            counts[row["status"]] += row["n"]
    return counts


def rules_list(*, user) -> QuerySet[DutyRule]:
    return DutyRule.objects.filter(active=True).order_by("origin", "regime_code", "title")


def rule_get(*, user, pk: int) -> DutyRule:
    rule = get_object_or_404(DutyRule, pk=pk)
    if rule.organisation_id and not Organisation.objects.visible_to(user).filter(pk=rule.organisation_id).exists():
        from django.http import Http404

        raise Http404
    return rule


def province_settings(*, user) -> list[ProvinceSetting]:
    provinces = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.PROVINCE).order_by("name")
    existing = {s.province_id: s for s in ProvinceSetting.objects.filter(province__in=provinces)}
    return [existing.get(p.pk) or ProvinceSetting(province=p) for p in provinces]
