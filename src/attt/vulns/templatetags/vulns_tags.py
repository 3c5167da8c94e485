"""Template pieces other modules' pages include without importing this module: the open findings
matching a warning's CVE ids (warning page)."""
from __future__ import annotations

from django import template

register = template.Library()

LIMIT = 50


@register.inclusion_tag("vulns/_warning_findings.html", takes_context=True)
def warning_findings(context, warning):
    from attt.vulns.selectors import findings_for_cves

    request = context.get("request")
    user = getattr(request, "user", None)
    qs = findings_for_cves(user=user, cves=warning.cves)
    rows = list(qs[:LIMIT + 1])
    return {"rows": rows[:LIMIT], "more": len(rows) > LIMIT, "cves": warning.cves, "total": qs.count() if rows else 0}


@register.simple_tag(takes_context=True)
def can_manage_soc(context) -> bool:
    """The SOC sources tab of the module's navigation is for the `soc.manage` roles."""
    from attt.core import rules

    request = context.get("request")
    return rules.can(getattr(request, "user", None), "soc.manage")
