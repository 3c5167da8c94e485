"""The home card of the reporting module: the current quarter's report of the user's unit, or
the province's submission count."""
from django.urls import reverse
from django.utils.translation import gettext as _

from attt.core import cached, clock, rules

from . import periods, selectors
from .models import Report


def card(request):
    user = request.user
    if not rules.can(user, "report.view"):
        return None
    period = periods.containing(clock.today())
    lines = cached.figures("home.reports", (user.pk, period.code), lambda: _lines(user, period))
    return {"order": 60, "title": _("Báo cáo định kỳ"), "template": "reporting/home_card.html", "lines": lines,
            "url": reverse("reporting:index"), "link": _("Mở mục Báo cáo")}


def _lines(user, period) -> list[str]:
    """The card's lines: the province's submissions, the user's own unit's report."""
    lines = []
    if rules.can(user, "dashboard.view"):
        try:
            province = selectors.user_province(user)
        except Exception:  # noqa: BLE001 - no province: no card line
            province = None
        if province is not None:
            from . import figures

            expected = figures.reporting_units(province).count()
            sent = figures.submitted_count(province, period)
            lines.append(_("%(s)s/%(e)s đơn vị đã gửi báo cáo %(p)s") % {"s": sent, "e": expected, "p": period.title()})
    unit = selectors.reporting_unit_of(user)
    if unit is not None:
        report = (Report.objects.filter(organisation=unit, kind=Report.Kind.UNIT, year=period.year,
                                        quarter=period.quarter).exclude(status=Report.Status.SUPERSEDED)
                  .order_by("-version").first())
        state = report.get_status_display() if report else _("chưa lập")
        lines.append(_("Báo cáo %(p)s của %(u)s: %(s)s (hạn %(d)s)") % {
            "p": period.title(), "u": unit.name, "s": state, "d": period.unit_due(unit.parent).strftime("%d/%m/%Y")})
    return lines
