"""Deadline forms of the genre, one phrase at a time (document year 2025)."""
from __future__ import annotations

import pytest

from attt.directives.extract.dates import find_deadlines
from attt.directives.extract.fold import norm


def _dl(phrase: str):
    out = []
    for f in find_deadlines(norm(phrase), 2025):
        if f.kind == "date":
            out.append(("date", str(f.date)))
        elif f.kind == "recurring":
            out.append(("rec", f.every_months, f.due_day, f.due_month_of_period, f.due_month))
        else:
            out.append(("event",))
    return out


@pytest.mark.parametrize("phrase,expected", [
    ("gửi kết quả chậm nhất ngày 30/9/2025.", [("date", "2025-09-30")]),
    ("gửi về Sở trước 15/10.", [("date", "2025-10-15")]),
    ("hoàn thành trong Quý IV/2025.", [("date", "2025-12-31")]),
    ("hoàn thành trong tháng 12/2025.", [("date", "2025-12-31")]),
    ("báo cáo trước 16 giờ ngày 24/10/2025.", [("date", "2025-10-24")]),
    ("báo cáo trước 9 giờ 30 phút, ngày 24/10/2025.", [("date", "2025-10-24")]),
    ("Thường xuyên theo dõi, giám sát.", []),
    ("báo cáo Ủy ban nhân dân tỉnh hằng tuần.", [("event",)]),
    ("rà quét lỗ hổng 06 tháng/lần.", [("rec", 6, None, None, None)]),
    ("Định kỳ 6 tháng (trước ngày 20/6 và 20/12) báo cáo.", [("rec", 6, 20, "last", None)]),
    ("Định kỳ 6 tháng (trước ngày 15/01 và 15/7) báo cáo.", [("rec", 6, 15, "first", None)]),
    ("cập nhật trước 01/6 và 15/11 hằng năm.", [("rec", 12, 1, None, 6), ("rec", 12, 15, None, 11)]),
    ("định kỳ hằng quý (trước ngày 10 của tháng đầu quý sau)", [("rec", 3, 10, "first", None)]),
    ("Quý IV/2025 - Quý II/2026", [("date", "2026-06-30")]),
])
def test_deadline_forms(phrase, expected):
    assert _dl(phrase) == expected


def test_stripped_forms_behave_the_same():
    from conftest import strip_marks
    for phrase in ("báo cáo trước 16 giờ ngày 24/10/2025.", "báo cáo hằng tuần.",
                   "Định kỳ 6 tháng (trước ngày 20/6 và 20/12) báo cáo.", "cập nhật trước 01/6 và 15/11 hằng năm."):
        assert _dl(strip_marks(phrase)) == _dl(phrase)
