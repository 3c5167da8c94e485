"""Promotion rules: alerts that become incidents by themselves at intake, and their editing.

A source's own active rules apply to its alerts; a source without rules of its own follows the
province-wide default rules (rules without a source, kept on the province). An alert matching a
rule joins the incident already opened by a rule for the same (source, alert rule, host) within
the rule's window, or opens one: a burst of alerts makes one incident."""
from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, clock, rules
from attt.core.errors import DomainError

from ..models import Alert, PromotionRule, SocSource

MAX_LEVEL = 15
MAX_WINDOW_HOURS = 720
_SPLIT = re.compile(r"[\s,;]+")


def rules_for(source: SocSource) -> list[PromotionRule]:
    own = list(PromotionRule.objects.filter(source=source, active=True))
    if own:
        return own
    province = source.organisation.province_path()
    return list(PromotionRule.objects.filter(source__isnull=True, active=True, organisation__path=province))


def _groups(raw) -> list[str]:
    rule = raw.get("rule") if isinstance(raw, dict) else None
    groups = rule.get("groups") if isinstance(rule, dict) else None
    return [str(g) for g in groups] if isinstance(groups, list) else []


def _incident_for(source: SocSource, rule: PromotionRule, first: Alert, count: int):
    from attt.incidents.services.incidents import incident_report_automatic

    system = first.system
    unit = system.operator if system is not None else source.organisation
    now = clock.now()
    description = _("Cảnh báo từ SOC %(s)s: %(t)s (luật %(r)s, mức %(l)s, máy %(h)s, %(n)s cảnh báo), chuyển tự động "
                    "theo luật “%(rule)s”.") % {"s": source.name, "t": first.title, "r": first.rule_id or "-",
                                                "l": first.level, "h": first.host or "-", "n": count, "rule": rule.name}
    return incident_report_automatic(
        unit=unit, systems=[system] if system is not None else [], origin=_("luật “%(r)s” của nguồn SOC %(s)s") % {
            "r": rule.name, "s": source.name},
        fields={"title": first.title[:255], "description": description,
                "detected_at": min(first.occurred_at, now), "reporter_name": _("Nguồn SOC %(s)s") % {"s": source.name},
                "detection_method": _("Cảnh báo SOC (%(s)s), luật tự động") % {"s": source.name}})


def auto_promote(*, source: SocSource, alerts) -> int:
    """Promote the new alerts of one intake request that match a rule (inside the intake's
    transaction). Returns how many incidents were opened. A constant number of queries per request
    (the rules, the matching alerts, the incidents already open in the window, one UPDATE, one audit
    event per rule), plus the writes of each incident it opens."""
    if not alerts:
        return 0
    active = rules_for(source)
    if not active:
        return 0
    chosen: dict[str, PromotionRule] = {}
    for a in alerts:
        rule = next((r for r in active if r.matches(level=a.level, rule_id=a.rule_id[:100], groups=_groups(a.raw))),
                    None)
        if rule is not None:
            chosen[a.fingerprint] = rule
    if not chosen:
        return 0
    now = clock.now()
    rows = list(Alert.objects.select_related("system", "system__operator", "system__owner")
                .filter(source=source, fingerprint__in=list(chosen), incident__isnull=True).order_by("occurred_at", "id"))
    groups: dict[tuple[str, str], list[Alert]] = {}
    for row in rows:
        groups.setdefault((row.rule_id, row.host), []).append(row)
    # Incidents a rule opened for these (alert rule, host) within the longest window, newest first.
    since = now - dt.timedelta(hours=max(r.window_hours for r in chosen.values()))
    open_for: dict[tuple[str, str], list[tuple[int, dt.datetime]]] = {}
    for rule_id, host, incident_id, received in (
            Alert.objects.filter(source=source, promoted_by_rule__isnull=False, incident__received_at__gte=since,
                                 rule_id__in={k[0] for k in groups}, host__in={k[1] for k in groups})
            .values_list("rule_id", "host", "incident_id", "incident__received_at").distinct()):
        open_for.setdefault((rule_id, host), []).append((incident_id, received))
    opened, changed = 0, []
    trail: dict[int, dict] = {}
    for key, members in groups.items():
        rule = chosen[members[0].fingerprint]
        window_start = now - dt.timedelta(hours=rule.window_hours)
        recent = sorted((r for r in open_for.get(key, []) if r[1] >= window_start), key=lambda r: r[1])
        if recent:
            incident_id = recent[-1][0]
        else:
            incident_id = _incident_for(source, rule, members[0], len(members)).pk
            open_for.setdefault(key, []).append((incident_id, now))
            opened += 1
        entry = trail.setdefault(rule.pk, {"rule": rule, "opened": [], "joined": [], "alerts": 0})
        entry["joined" if recent else "opened"].append(incident_id)
        entry["alerts"] += len(members)
        for row in members:
            row.incident_id, row.promoted_by_rule = incident_id, rule
            changed.append(row)
    Alert.objects.bulk_update(changed, ["incident", "promoted_by_rule"], batch_size=1000)
    for pk, entry in trail.items():
        audit.record(actor=None, action="alert.auto_promote", organisation=source.organisation,
                     object_type="vulns.promotionrule", object_id=str(pk), object_repr=entry["rule"].name,
                     changes={"source": source.pk, "alerts": entry["alerts"], "opened": sorted(set(entry["opened"])),
                              "joined": sorted(set(entry["joined"]))})
    return opened


# --- editing the rules --------------------------------------------------------------------------

def _words(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        items = _SPLIT.split(str(value or ""))
    out = []
    for item in (i.strip() for i in items):
        if item and item not in out:
            out.append(item[:100])
    return out[:100]


def _clean(data: dict) -> dict:
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError(_("Cần nhập tên luật."), field="name")
    min_level = data.get("min_level")
    if min_level in ("", None):
        min_level = None
    else:
        try:
            min_level = int(min_level)
        except (TypeError, ValueError):
            min_level = -1
        if not 0 <= min_level <= MAX_LEVEL:
            raise DomainError(_("Mức cảnh báo phải là số từ 0 đến %(n)s (thang của Wazuh).") % {"n": MAX_LEVEL},
                              field="min_level")
    rule_ids, groups = _words(data.get("rule_ids")), _words(data.get("groups"))
    if min_level is None and not rule_ids and not groups:
        raise DomainError(_("Luật cần ít nhất một điều kiện: mức tối thiểu, mã luật hoặc nhóm luật."),
                          field="min_level")
    try:
        window = int(data.get("window_hours") if data.get("window_hours") not in ("", None) else 24)
    except (TypeError, ValueError):
        window = 0
    if not 1 <= window <= MAX_WINDOW_HOURS:
        raise DomainError(_("Thời gian gộp phải từ 1 đến %(n)s giờ.") % {"n": MAX_WINDOW_HOURS}, field="window_hours")
    return {"name": name[:200], "min_level": min_level, "rule_ids": rule_ids, "groups": groups,
            "match_all": bool(data.get("match_all")), "window_hours": window,
            "active": bool(data.get("active", True))}


@transaction.atomic
def promotion_rule_create(*, actor, data: dict, source: SocSource | None = None, province=None) -> PromotionRule:
    """A rule of one source, or (no source) a default for the province's sources."""
    if source is not None:
        organisation = source.organisation
    elif province is not None and province.parent_id is None:
        organisation = province
    else:
        raise DomainError(_("Luật mặc định phải gắn với một tỉnh."))
    rules.require(actor, "soc.manage", organisation)
    rule = PromotionRule.objects.create(organisation=organisation, source=source, **_clean(data))
    audit.record(actor=actor, action="soc.rule_create", obj=rule, organisation=organisation)
    return rule


@transaction.atomic
def promotion_rule_update(*, actor, rule: PromotionRule, data: dict) -> PromotionRule:
    rules.require(actor, "soc.manage", rule)
    rule = PromotionRule.objects.select_for_update().get(pk=rule.pk)
    clean = _clean(data)
    before = {k: getattr(rule, k) for k in clean}
    for k, v in clean.items():
        setattr(rule, k, v)
    rule.save()
    audit.record(actor=actor, action="soc.rule_update", obj=rule, organisation=rule.organisation, before=before,
                 after=clean)
    return rule
