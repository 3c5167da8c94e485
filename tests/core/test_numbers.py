"""One number format: Vietnamese separators under vi, English ones under en (attt.core.numbers)."""
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from attt.core import numbers


def test_vietnamese_money_ratio_and_counts():
    with translation.override("vi"):
        assert numbers.vnd(2035000000) == "2.035.000.000\u00a0đ"
        assert numbers.pct(12) == "12,0\u00a0%"
        assert numbers.pct(Decimal("8.25"), 2) == "8,25\u00a0%"
        assert numbers.num(1234) == "1.234"
        assert numbers.num(12.5) == "12,5"
        assert numbers.num(None) == numbers.vnd("abc") == numbers.pct(float("nan")) == "—"


def test_english_money_ratio_and_counts():
    with translation.override("en"):
        assert numbers.vnd(2035000000) == "2,035,000,000 VND"
        assert numbers.pct(12) == "12.0%"
        assert numbers.num(1234567.891) == "1,234,567.89"


def test_template_filters():
    template = Template("{% load attt_numbers %}{{ m|vnd }}|{{ r|pct }}|{{ r|pct:0 }}|{{ n|num }}|{{ x|pct }}")
    with translation.override("vi"):
        out = template.render(Context({"m": 2035000000, "r": 12, "n": 18900000000, "x": None}))
    assert out == "2.035.000.000\u00a0đ|12,0\u00a0%|12\u00a0%|18.900.000.000|—"


def test_task_heading_cuts_at_a_word():
    from attt.core.text import task_heading

    text = "Rà soát, phê duyệt cấp độ an toàn hệ thống thông tin theo quy định"
    heading = task_heading(text)
    assert heading == "Rà soát, phê duyệt cấp độ an toàn hệ…" and len(heading) <= 41
    assert task_heading("Báo cáo quý") == "Báo cáo quý"
