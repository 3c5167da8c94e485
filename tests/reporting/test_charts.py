from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st

from attt.reporting import charts

labels = st.text(min_size=0, max_size=30)
values = st.one_of(st.none(), st.integers(-5, 10_000), st.floats(-5, 1e6, allow_nan=False))


@given(st.lists(st.tuples(labels, values), max_size=12), st.sampled_from(["bar", "line"]))
def test_svg_is_well_formed_and_escaped(items, kind):
    chart = charts.Chart(kind, "Tỉ lệ <bao phủ> & \"SOC\"", items, unit="%")
    svg = charts.to_svg(chart)
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "<script" not in svg


@given(values)
def test_bar_share_is_clamped(value):
    chart = charts.Chart("bar", "t", [("a", value)], max_value=100)
    assert 0.0 <= chart.share(value) <= 1.0


def test_bar_lengths_are_proportional():
    chart = charts.Chart("bar", "t", [("a", 25), ("b", 100)], max_value=100)
    svg = charts.to_svg(chart)
    root = ElementTree.fromstring(svg)
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == "#0d6efd"]
    assert widths[1] == 4 * widths[0]


def test_coverage_chart_from_figures():
    chart = charts.coverage_chart({"computers_total": 812, "computers_antimalware": 31, "systems_total": 20,
                                   "systems_soc": 13}, title="x")
    assert dict(chart.items)["Hệ thống được giám sát SOC"] == 65.0
    assert dict(chart.items)["Máy tính được cài phòng chống mã độc tập trung"] == 3.8
    assert charts.coverage_chart({}, title="x") is None
