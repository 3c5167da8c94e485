"""Which organisations an assignee phrase means, by the assignee rules (data) and the names of
the province's organisations.

Order: a rule for exactly this phrase (the province's own first), then an organisation whose
name or short name is the phrase, then the longest rule or organisation name the phrase contains.
"All recipients" means the union of what the directive's "Kính gửi" entries mean.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from attt.orgs.models import Organisation

from .models import AssigneeRule
from .models.mapping import phrase_key

# Words of a person's title before the body ("Thủ trưởng các sở..."): not part of the body's name.
_TITLES = re.compile(r"^(thu truong|chu tich|giam doc|lanh dao|pho chu tich|truong)\s+")


@dataclass
class Resolution:
    phrase: str
    orgs: list = field(default_factory=list)
    rule: AssigneeRule | None = None
    org_match: Organisation | None = None

    @property
    def how(self) -> str:
        if self.rule is not None:
            return "rule"
        if self.org_match is not None:
            return "name"
        return "none"


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


class Resolver:
    def __init__(self, province: Organisation, recipients: list[str] | None = None):
        self.province = province
        self.recipients = list(recipients or [])
        self.rules = list(AssigneeRule.objects.filter(Q(province__isnull=True) | Q(province=province))
                          .select_related("organisation"))
        self.orgs = list(Organisation.objects.filter(path__startswith=province.path, valid_to__isnull=True)
                         .exclude(pk=province.pk).only("id", "name", "short_name", "kind", "path", "code", "valid_to")
                         .order_by("path"))
        self._names: list[tuple[str, Organisation]] = []
        for org in self.orgs:
            for name in {phrase_key(org.name), phrase_key(org.short_name)}:
                if name:
                    self._names.append((name, org))
        self._cache: dict[tuple[str, bool], Resolution] = {}

    def _targets(self, rule: AssigneeRule, *, nested: bool) -> list[Organisation]:
        if rule.target == AssigneeRule.Target.ORGANISATION:
            org = rule.organisation
            return [o for o in self.orgs if org is not None and o.pk == org.pk]
        if rule.target == AssigneeRule.Target.KINDS:
            kinds = set(rule.org_kinds or [])
            return [o for o in self.orgs if o.kind in kinds]
        if nested:  # "all recipients" inside the recipients themselves means nothing more
            return []
        seen: dict[int, Organisation] = {}
        for recipient in self.recipients:
            for org in self.resolve(recipient, nested=True).orgs:
                seen.setdefault(org.pk, org)
        return sorted(seen.values(), key=lambda o: o.path)

    def _match(self, key: str) -> tuple[AssigneeRule | None, Organisation | None]:
        bare = _TITLES.sub("", key)
        own = [r for r in self.rules if r.province_id is not None]
        default = [r for r in self.rules if r.province_id is None]
        for group in (own, default):
            for rule in group:
                if rule.match == AssigneeRule.Match.EXACT and rule.pattern in (key, bare):
                    return rule, None
        for name, org in self._names:
            if name in (key, bare):
                return None, org
        best: tuple[int, int, AssigneeRule | None, Organisation | None] | None = None
        for rule in self.rules:
            if _contains(key, rule.pattern):
                rank = (len(rule.pattern), 2 if rule.province_id else 1, rule, None)
                if best is None or rank[:2] > best[:2]:
                    best = rank
        for name, org in self._names:
            if len(name.split()) >= 2 and _contains(key, name):
                rank = (len(name), 0, None, org)
                if best is None or rank[:2] > best[:2]:
                    best = rank
        if best is None:
            return None, None
        return best[2], best[3]

    def resolve(self, phrase: str, *, nested: bool = False) -> Resolution:
        key = phrase_key(phrase)
        cached = self._cache.get((key, nested))
        if cached is not None:
            return cached
        rule, org = self._match(key) if key else (None, None)
        if rule is not None:
            result = Resolution(phrase, self._targets(rule, nested=nested), rule=rule)
        elif org is not None:
            result = Resolution(phrase, [org], org_match=org)
        else:
            result = Resolution(phrase)
        self._cache[(key, nested)] = result
        return result

    def units_for(self, phrases: list[str]) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for phrase in phrases:
            for org in self.resolve(phrase).orgs:
                seen.setdefault(org.pk, org)
        return sorted(seen.values(), key=lambda o: o.path)
