"""One way to write numbers, money and percentages, in pages, messages and exports.

The separators come from the active language's format module (`attt.formats.vi`: "." groups
thousands, "," marks decimals; `attt.formats.en`: the reverse), read through Django's
`number_format` with grouping forced, so a page does not depend on USE_THOUSAND_SEPARATOR.

- `num(2035000000)` → "2.035.000.000" (vi) / "2,035,000,000" (en); `num(12.5, 1)` → "12,5".
- `vnd(2035000000)` → "2.035.000.000 đ" (vi) / "2,035,000,000 VND" (en). Amounts are whole
  đồng. English keeps the ISO code rather than the "đ" sign, which English readers do not know.
- `pct(12)` → "12,0 %" (vi, a space before the sign as Vietnamese typography writes it) /
  "12.0%" (en).

`None` and values that are not numbers give "—", never "None" or an exception.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import formats, translation

DASH = "—"


def _as_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return d if d.is_finite() else None


def _english() -> bool:
    return (translation.get_language() or "vi").split("-")[0] == "en"


def num(value, decimals: int | None = None) -> str:
    """Grouped number; `decimals` fixes the digits after the separator (None keeps up to 2,
    dropping trailing zeros, so 1234 stays "1.234" and 12.5 shows "12,5")."""
    d = _as_decimal(value)
    if d is None:
        return DASH
    if decimals is None:
        d = d.quantize(Decimal("0.01")).normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
        places = max(0, -d.as_tuple().exponent)
    else:
        places = decimals
    return formats.number_format(d, decimal_pos=places, use_l10n=True, force_grouping=True)


def vnd(value) -> str:
    d = _as_decimal(value)
    if d is None:
        return DASH
    text = num(d, 0)
    return f"{text} VND" if _english() else f"{text}\u00a0đ"


def pct(value, decimals: int = 1) -> str:
    d = _as_decimal(value)
    if d is None:
        return DASH
    text = num(d, decimals)
    return f"{text}%" if _english() else f"{text}\u00a0%"
