from datetime import date, timedelta

from hypothesis import given, strategies as st

from attt.directives.extract.dates import find_deadlines, make_date, parse_date, parse_period, quarter_end
from attt.directives.extract.fold import norm

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


@given(days, st.sampled_from(["ngày {d}/{m}/{y}", "{d}-{m}-{y}", "ngày {d} tháng {m} năm {y}",
                              "ngay {d} thang {m} nam {y}", "ngày {dd}/{mm}/{y}", "{dd}.{mm}.{y}"]))
def test_any_written_date_parses_back(d, form):
    text = form.format(d=d.day, m=d.month, y=d.year, dd=f"{d.day:02}", mm=f"{d.month:02}")
    assert parse_date(text) == d


@given(st.integers(1900, 2099), st.integers(1, 4))
def test_quarter_ends(year, q):
    end = quarter_end(year, q)
    assert end.month == q * 3 and (end + timedelta(days=1)).day == 1
    roman = ["I", "II", "III", "IV"][q - 1]
    assert parse_period(f"trong quý {roman}/{year}") == end


@given(st.integers(-5, 40), st.integers(-5, 20), st.integers(0, 3000))
def test_invalid_dates_return_none_never_raise(d, m, y):
    got = make_date(y, m, d)
    try:
        real = date(y, m, d) if 1900 <= y <= 2100 else None
    except ValueError:
        real = None
    assert got == real
    parse_date(f"ngày {d}/{m}/{y}")
    find_deadlines(norm(f"trước ngày {d}/{m}/{y} và trước {d} tháng {m}"), 2025)


@given(st.text(max_size=200))
def test_random_text_never_raises(s):
    find_deadlines(norm(s), 2025)


def kinds(text, year=2025):
    return [(f.kind, f.date, f.every_months) for f in find_deadlines(norm(text), year) if f.kind != "event"]


def test_periods():
    assert kinds("hoàn thành trong năm 2025") == [("date", date(2025, 12, 31), None)]
    assert kinds("trong tháng 8/2025") == [("date", date(2025, 8, 31), None)]
    assert kinds("thực hiện Quý IV/2025 - Quý II/2026") == [("date", date(2026, 6, 30), None)]
    assert kinds("trong năm 2025 và các năm tiếp theo") == []
    assert kinds("trước ngày 01/01/2026") == [("date", date(2026, 1, 1), None)]
    assert kinds("trước ngày 20/8") == [("date", date(2025, 8, 20), None)]
    assert kinds("trước ngày 31/02/2025") == []
    assert kinds("theo Văn bản ngày 12/4/2024") == []


def test_recurring():
    assert kinds("định kỳ hằng quý") == [("recurring", None, 3)]
    assert kinds("báo cáo hằng tháng") == [("recurring", None, 1)]
    assert kinds("Định kỳ 02 năm thực hiện kiểm tra") == [("recurring", None, 24)]
    assert kinds("rà quét tối thiểu 01 lần/06 tháng") == [("recurring", None, 6)]
    assert kinds("kiểm tra 6 tháng/lần") == [("recurring", None, 6)]
    assert kinds("định kỳ báo cáo theo quy định") == []
    assert kinds("kế hoạch ứng dụng công nghệ thông tin hằng năm") == []
    two = [f for f in find_deadlines(norm("báo cáo trước 01/6 và 15/11 hằng năm"), 2025)]
    assert sorted((f.every_months, f.due_day, f.due_month) for f in two) == [(12, 1, 6), (12, 15, 11)]
    y = find_deadlines(norm("Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo"), 2025)
    assert [(f.every_months, f.due_day, f.due_month) for f in y] == [(12, 15, 12)]


def test_monthly_due_day_is_not_a_second_rule():
    got = find_deadlines(norm("Báo cáo kết quả hằng tháng (trước ngày 25 hằng tháng)."), 2025)
    assert [(f.every_months, f.due_day) for f in got] == [(1, 25)]
