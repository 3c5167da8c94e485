"""Tiny server-side charts: a bar chart and a line chart as SVG (no script, no CDN), and the
same chart model drawn by the DOCX and PDF exports with their own primitives."""
from __future__ import annotations

from dataclasses import dataclass
import re
from html import escape as _escape

from attt.core import numbers

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    """HTML-escape and drop characters that XML forbids (control characters)."""
    return _escape(_NOT_XML.sub("", str(text)))


@dataclass
class Chart:
    kind: str  # "bar" (horizontal bars) or "line"
    title: str
    items: list  # [(label, value)]
    unit: str = "%"
    max_value: float | None = None  # 100 for percentages

    @property
    def top(self) -> float:
        if self.max_value:
            return float(self.max_value)
        peak = max((float(v or 0) for _l, v in self.items), default=0.0)
        return peak if peak > 0 else 1.0

    def share(self, value) -> float:
        """Length of a bar as a fraction of the full scale, clamped to [0, 1]."""
        return max(0.0, min(1.0, float(value or 0) / self.top))


def fmt(value, unit: str = "") -> str:
    """A chart value in the one number format (attt.core.numbers): "54,3 %", "1.234"."""
    if value is None:
        return "—"
    if unit == "%":
        return numbers.pct(value)
    decimals = 1 if isinstance(value, float) and not value.is_integer() else 0
    return f"{numbers.num(value, decimals)}{unit}"


def to_svg(chart: Chart, *, width: int = 560) -> str:
    if chart.kind == "line":
        return _line_svg(chart, width=width)
    return _bar_svg(chart, width=width)


def _bar_svg(chart: Chart, *, width: int) -> str:
    """One bar a row, its label on the line above it at full width: a long label ("Máy tính được cài
    phòng chống mã độc tập trung", a unit's full name) is never cut, whatever its length."""
    label_h, bar_h, gap, top = 16, 16, 10, 28
    plot_w = width - 70
    row = label_h + bar_h + gap
    height = top + len(chart.items) * row + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(chart.title)}" class="attt-chart">',
           f'<title>{escape(chart.title)}</title>',
           f'<text x="0" y="16" font-size="14" font-weight="bold" font-family="sans-serif">{escape(chart.title)}</text>']
    for i, (label, value) in enumerate(chart.items):
        y = top + i * row
        w = round(plot_w * chart.share(value), 1)
        out.append(f'<text x="0" y="{y + 12}" font-size="12" font-family="sans-serif">{escape(str(label))}</text>')
        out.append(f'<rect x="0" y="{y + label_h}" width="{plot_w}" height="{bar_h}" fill="#e9ecef"/>')
        out.append(f'<rect x="0" y="{y + label_h}" width="{w}" height="{bar_h}" fill="#0d6efd">'
                   f'<title>{escape(str(label))}: {escape(fmt(value, chart.unit))}</title></rect>')
        out.append(f'<text x="{plot_w + 6}" y="{y + label_h + 12}" font-size="12" '
                   f'font-family="sans-serif">{escape(fmt(value, chart.unit))}</text>')
    out.append("</svg>")
    return "".join(out)


def _line_svg(chart: Chart, *, width: int) -> str:
    height, left, right, top, bottom = 220, 40, 10, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(chart.items)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(chart.title)}" class="attt-chart">',
           f'<title>{escape(chart.title)}</title>',
           f'<text x="0" y="16" font-size="14" font-weight="bold" font-family="sans-serif">{escape(chart.title)}</text>',
           f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#6c757d"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#6c757d"/>',
           f'<text x="{left - 4}" y="{top + 4}" font-size="10" text-anchor="end" font-family="sans-serif">'
           f'{escape(fmt(chart.top))}</text>',
           f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end" font-family="sans-serif">0</text>']
    points = []
    for i, (label, value) in enumerate(chart.items):
        x = left + (plot_w * (i + 0.5) / n if n else 0)
        y = top + plot_h * (1 - chart.share(value))
        points.append(f"{x:.1f},{y:.1f}")
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#0d6efd"><title>{escape(str(label))}: '
                   f'{escape(fmt(value, chart.unit))}</title></circle>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle" '
                   f'font-family="sans-serif">{escape(str(label))}</text>')
    if points:
        out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#0d6efd" stroke-width="2"/>')
    out.append("</svg>")
    return "".join(out)


def coverage_chart(values: dict, *, title: str) -> Chart | None:
    """Coverage ratios (%) from summed coverage figures; None when nothing was entered."""
    from .figures import RATIOS

    items = []
    for _key, num, den, label in RATIOS:
        d = float(values.get(den) or 0)
        if d:
            items.append((label[0].upper() + label[1:], round(100 * float(values.get(num) or 0) / d, 1)))
    return Chart("bar", title, items, unit="%", max_value=100) if items else None
