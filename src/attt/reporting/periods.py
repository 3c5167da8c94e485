"""Reporting periods: a quarter ("2025-Q3") or a reporting year ("2025"), whose data window is
the one of the regime's annual report duty (15/12 of the previous year to 14/12). Quarters are
pure; the annual window and every due date are read from the regimes (rulesdata)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from . import rulesdata

_PATTERN = re.compile(r"^\s*(\d{4})(?:\s*-?\s*[Qq]([1-4]))?\s*$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int = 0  # 0: the reporting year

    @property
    def is_annual(self) -> bool:
        return self.quarter == 0

    @property
    def code(self) -> str:
        return str(self.year) if self.is_annual else f"{self.year}-Q{self.quarter}"

    @property
    def start(self) -> dt.date:
        if self.is_annual:
            return rulesdata.annual_window(self.year)[0]
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.is_annual:
            return rulesdata.annual_window(self.year)[1]
        last_month = 3 * self.quarter
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    def _quarter_day(self, key: str, province) -> dt.date:
        month = 3 * self.quarter
        day = rulesdata.due_day(key, self.end, province)
        return dt.date(self.year, month, min(day, calendar.monthrange(self.year, month)[1]))

    def unit_due(self, province=None) -> dt.date:
        """Units report by this day: the province's setting, else the regime's."""
        if self.is_annual:
            return rulesdata.annual_unit_due(self.year)
        return self._quarter_day("quarterly_report_due_day", province)

    def province_due(self, province=None) -> dt.date:
        if self.is_annual:
            return rulesdata.annual_province_due(self.year)
        return self._quarter_day("province_report_due_day", province)

    def label(self) -> str:
        """The period in the words of a Vietnamese document: "quý IV năm 2026" (documents, exports)."""
        if self.is_annual:
            return f"năm {self.year}"
        return f"quý {ROMAN[self.quarter]} năm {self.year}"

    def title(self) -> str:
        """The period in the user's language, for pages and messages: "quý IV năm 2026" / "Q4 2026"."""
        from django.utils.translation import gettext as _

        if self.is_annual:
            return _("năm %(y)s") % {"y": self.year}
        return _("quý %(q)s năm %(y)s") % {"q": ROMAN[self.quarter], "y": self.year}

    def previous(self) -> "Period":
        if self.is_annual:
            return Period(self.year - 1)
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)

    def is_future(self, today: dt.date) -> bool:
        return self.start > today


def parse(text: str | None) -> Period:
    match = _PATTERN.match(text or "")
    if not match:
        raise PeriodError(f"Kỳ báo cáo “{text}” không hợp lệ (ví dụ 2025-Q3 hoặc 2025).")
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise PeriodError(f"Năm {year} ngoài khoảng cho phép.")
    return Period(year, int(match.group(2) or 0))


def containing(day: dt.date) -> Period:
    return Period(day.year, (day.month - 1) // 3 + 1)


def recent(today: dt.date, n: int = 8) -> list[Period]:
    """The current quarter and the n-1 before it, newest first, then the current reporting year."""
    out = [containing(today)]
    while len(out) < n:
        out.append(out[-1].previous())
    return out
