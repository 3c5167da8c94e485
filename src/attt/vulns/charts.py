"""A small horizontal bar chart as SVG, drawn on the server like the reporting charts (no script,
no CDN): one bar a row, its label above it at full width, the value at its end."""
from __future__ import annotations

from html import escape

from attt.core import numbers


def bar_svg(title: str, items: list[tuple[str, int]], *, width: int = 520, color: str = "#0d6efd") -> str:
    label_h, bar_h, gap, top = 16, 14, 8, 28
    plot_w = width - 70
    row = label_h + bar_h + gap
    height = top + len(items) * row + 4
    peak = max((v for _l, v in items), default=0) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}" class="attt-chart"><title>{escape(title)}</title>',
           f'<text x="0" y="16" font-size="14" font-weight="bold" font-family="sans-serif">{escape(title)}</text>']
    for i, (label, value) in enumerate(items):
        y = top + i * row
        w = round(plot_w * max(0, value) / peak, 1)
        text = numbers.num(value, 0)
        out.append(f'<text x="0" y="{y + 12}" font-size="12" font-family="sans-serif">{escape(label)}</text>'
                   f'<rect x="0" y="{y + label_h}" width="{plot_w}" height="{bar_h}" fill="#e9ecef"/>'
                   f'<rect x="0" y="{y + label_h}" width="{w}" height="{bar_h}" fill="{color}">'
                   f'<title>{escape(label)}: {text}</title></rect>'
                   f'<text x="{plot_w + 6}" y="{y + label_h + 11}" font-size="12" font-family="sans-serif">{text}</text>')
    out.append("</svg>")
    return "".join(out)
