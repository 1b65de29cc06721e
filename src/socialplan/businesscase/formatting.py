"""Numbers as a finance reader expects them: currency, percentages, months.

Templates receive these ready-made strings; they never format numbers.
"""

from __future__ import annotations

import math

# Symbols written before the amount; other currencies are written with their
# ISO code ("CHF 1,200").
CURRENCY_SYMBOLS: dict[str, str] = {
    "GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "AUD": "A$", "CAD": "C$",
    "NZD": "NZ$", "HKD": "HK$", "SGD": "S$",
}
DASH = "–"  # shown where a figure does not exist (no IRR, no costs)


def currency_prefix(currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    return symbol if symbol else f"{currency} "


def money(value: float | None, currency: str, *, decimals: int | None = None) -> str:
    """-£1,234,567; small non-integral amounts keep their pence."""
    if value is None or not math.isfinite(value):
        return DASH
    if decimals is None:
        decimals = 2 if abs(value) < 100 and abs(value - round(value)) > 1e-9 else 0
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-£0"
    sign = "-" if rounded < 0 else ""
    return f"{sign}{currency_prefix(currency)}{abs(rounded):,.{decimals}f}"


def money_short(value: float | None, currency: str) -> str:
    """£12.3m, £450k: for chart axes and the summary's large figures."""
    if value is None or not math.isfinite(value):
        return DASH
    size = abs(value)
    sign = "-" if value < 0 else ""
    prefix = currency_prefix(currency)
    if size >= 1e9:
        return f"{sign}{prefix}{size / 1e9:.1f}bn"
    if size >= 1e6:
        return f"{sign}{prefix}{size / 1e6:.1f}m"
    if size >= 1e4:
        return f"{sign}{prefix}{size / 1e3:.0f}k"
    return money(value, currency, decimals=0)


def percent(value: float | None, *, decimals: int = 0) -> str:
    """0.125 -> 12.5% (with decimals=1)."""
    if value is None or not math.isfinite(value):
        return DASH
    text = f"{value * 100:,.{decimals}f}%"
    return "0%" if text in ("-0%", "-0.0%") else text


def chance(value: float | None) -> str:
    """A simulated probability: 97.3%. Never 100% or 0%: a finite number of
    draws cannot show certainty, only that every draw fell one way, so
    those read ">99.9%" and "<0.1%"."""
    if value is None or not math.isfinite(value):
        return DASH
    if value > 0.999:
        return ">99.9%"
    if value < 0.001:
        return "<0.1%"
    return percent(value, decimals=1)


def ratio(value: float | None) -> str:
    """A benefit-cost ratio: 3.42."""
    if value is None or not math.isfinite(value):
        return DASH
    return f"{value:,.2f}"


def number(value: float | None, *, decimals: int = 0) -> str:
    if value is None or not math.isfinite(value):
        return DASH
    return f"{value:,.{decimals}f}"


def months(value: int | None, *, none: str = DASH) -> str:
    if value is None:
        return none
    return f"{value} month" if value == 1 else f"{value} months"


def estimate(low: float, likely: float, high: float, fmt: str = "{:,.2f}") -> str:
    """A three-point estimate: 'likely (low-high)', or one value when fixed."""
    if low == likely == high:
        return fmt.format(likely)
    return f"{fmt.format(likely)} ({fmt.format(low)} to {fmt.format(high)})"


def trim(value: float) -> str:
    """A plain number without trailing zeros: 0.5, 12, 1.25."""
    return f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
