"""Charts as SVG, drawn here: the one way every report chart is drawn.

The business case's charts (cash flow, tornado, NPV distribution, adoption)
and the rollout Gantt are built from these pieces: linear scales with
"nice" ticks, bars, lines, areas, a legend that flows into rows, and text
that wraps at a width estimated from the characters.

Why by hand rather than with a plotting library: what the reports need is
small and fixed, and drawing it here is
- cheap: no plotting library to import, no font cache, no layout engine
  (matplotlib was about half the time of an HTML business case);
- deterministic: numbers are written with fixed precision and nothing else
  varies, so the same plan gives the same bytes;
- readable: labels wrap instead of being cut, every axis is fitted to its
  own data, and all charts share one font, one set of greys and the brand's
  colours;
- safe: all text is XML-escaped here, and a value that is not finite never
  reaches the file (a coordinate is clipped, a tick is dropped).

Text widths are estimates (a table of average glyph widths of common sans
fonts, slightly generous), so wrapped text fits in any of the fonts the
``font-family`` names.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape

# The reports' own font stack (templates/_style.css.j2), so charts and text match.
FONT_FAMILY = "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
TEXT = "#1f2933"
MUTED = "#5f6b7a"
GRID = "#e3e7eb"
RULE = "#b8c2cc"
INK = "#1d1d1d"
SERIES = ("#4e8f6b", "#8c5ba6", "#c0504d", "#3f8fbf", "#b5a033", "#6b6b6b", "#d17fa8", "#2f6f6f")
LINE_HEIGHT = 1.25  # of the font size, between wrapped lines
# Pixels are bounded: a coordinate outside this range is clipped so an
# overflow upstream can never write nan or inf into the file.
LIMIT = 1e6
_MAX = sys.float_info.max
_TINY = 1e-300  # spans below this underflow when halved
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Advance widths in ems, at or a little above DejaVu Sans's (the widest of
# the fonts named; Arial and Helvetica are narrower), so estimated text fits.
_NARROW = set("iljI.,;:!|'` ")
_SEMI = set("frt-/\\\"()[]{}")
_WIDE = set("mwMW@%")
_UPPER_EM = 0.73
_DIGIT_EM = 0.64
_OTHER_EM = 0.62


def text_width(text: str, size: float) -> float:
    """An estimate of the rendered width of ``text`` at ``size`` pixels."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 0.32
        elif char in _SEMI:
            total += 0.41
        elif char in _WIDE:
            total += 0.96
        elif char.isdigit():
            total += _DIGIT_EM
        elif char.isupper():
            total += _UPPER_EM
        else:
            total += _OTHER_EM
    return total * size


def wrap(text: str, width: float, size: float, max_lines: int = 0) -> list[str]:
    """Lines of at most ``width`` pixels, broken between words (inside a word
    only when it is wider than a line). ``max_lines`` bounds hostile text: the
    last line then ends with an ellipsis. Each character is measured once, so
    a long text costs time in proportion to its length."""
    space = text_width(" ", size)
    limit = max_lines or math.inf
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split():
        if len(lines) > limit:
            break
        w = text_width(word, size)
        if current and used + space + w <= width:
            current, used = f"{current} {word}", used + space + w
            continue
        if current:
            lines.append(current)
        current, used = word, w
        if w > width:
            current = ""
            for piece, piece_width in _pieces(word, width, size):
                if current:
                    lines.append(current)
                current, used = piece, piece_width
                if len(lines) > limit:
                    break
    if current:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines or [""]


def _pieces(word: str, width: float, size: float) -> Iterator[tuple[str, float]]:
    """A word too wide for a line, cut into pieces that fit, with their widths."""
    start, used = 0, 0.0
    for index, char in enumerate(word):
        char_width = text_width(char, size)
        if used + char_width > width and index > start:
            yield word[start:index], used
            start, used = index, 0.0
        used += char_width
    yield word[start:], used


def num(value: float) -> str:
    """A coordinate: one decimal at most, never nan or inf."""
    if not math.isfinite(value):
        value = 0.0 if math.isnan(value) else math.copysign(LIMIT, value)
    value = min(LIMIT, max(-LIMIT, value))
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def clean(text: str) -> str:
    """Plan text made safe as XML character data or an attribute value."""
    return escape(_CONTROL.sub("", text), quote=True)


# --- scales and ticks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    """A value range fitted to data, and the ticks to label on it."""

    low: float
    high: float
    ticks: tuple[float, ...]


def _step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that is at least ``raw``."""
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0):
        if multiple * power >= raw * (1 - 1e-12):
            return multiple * power
    return 10.0 * power


def nice_axis(low: float, high: float, count: int = 5, *, include_zero: bool = False) -> Axis:
    """A range covering [low, high] that starts and ends on a tick, with about
    ``count`` intervals. Works for any finite values, however large (a span
    that overflows is halved first), and for a single value."""
    values = [v for v in (low, high) if math.isfinite(v)] or [0.0]
    low, high = min(values), max(values)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    size = max(abs(low), abs(high))
    if high - low <= max(1e-9 * size, _TINY):
        # One value (or only rounding apart, or too close to zero for a
        # step to be measured): a range around it.
        pad = 0.1 * size if size > _TINY else 1.0
        low, high = max(low - pad, -_MAX), min(high + pad, _MAX)
    half = high / 2 - low / 2  # never overflows, unlike high - low

    def step_for(intervals: int) -> float:
        return _step(2 * half / intervals) if math.isfinite(2 * half) else 2 * _step(half / intervals)

    def waste(step: float) -> float:  # the axis' span beyond the data, in steps of the data's span
        return (math.ceil(high / step) - math.floor(low / step)) * (step / half)

    # Of the steps for about ``count`` intervals (or one or two more), the one
    # whose rounded-out axis hugs the data best; the larger step on a tie.
    step = min((step_for(n) for n in (count, count + 1, count + 2)), key=lambda st: (round(waste(st), 9), -st))
    first, last = math.floor(low / step), math.ceil(high / step)
    while last - first > 2 * count + 2:  # bounded tick count, whatever rounding did
        step *= 2
        first, last = math.floor(low / step), math.ceil(high / step)
    ticks = [k * step for k in range(first, last + 1)]
    ticks = [0.0 if abs(t) < step * 1e-9 else t for t in ticks if math.isfinite(t)]
    axis_low = ticks[0] if ticks and ticks[0] <= low else low
    axis_high = ticks[-1] if ticks and ticks[-1] >= high else high
    if len(ticks) < 2:  # the rounded ends overflowed: label the ends themselves
        ticks = [axis_low, axis_high]
    return Axis(axis_low, axis_high, tuple(ticks))


@dataclass(frozen=True)
class Scale:
    """Maps values in [low, high] to pixels in [start, end]."""

    low: float
    high: float
    start: float
    end: float

    def at(self, value: float) -> float:
        # Divided by the size first: a span like 1e308 - (-1e308) overflows.
        size = max(abs(self.low), abs(self.high)) or 1.0
        span = self.high / size - self.low / size
        if span <= 0 or not math.isfinite(value):
            return self.start
        share = (value / size - self.low / size) / span
        return self.start + share * (self.end - self.start)


# --- the drawing ------------------------------------------------------------------------------------------


@dataclass
class Svg:
    """An SVG document built element by element; ``key`` prefixes its ids so
    several charts can sit inline in one page."""

    key: str
    width: float
    title: str
    desc: str
    parts: list[str] = field(default_factory=list)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, *, extra: str = "", tip: str = "") -> None:
        if w < 0:
            x, w = x + w, -w
        if h < 0:
            y, h = y + h, -h
        self.add(f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{clean(fill)}"'
                 f'{extra}{_close("rect", tip)}')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0,
             dash: str = "") -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{clean(stroke)}" '
                 f'stroke-width="{num(width)}"{dashes}/>')

    def polyline(self, points: Iterable[tuple[float, float]], stroke: str, width: float = 1.5) -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.add(f'<polyline points="{coords}" fill="none" stroke="{clean(stroke)}" stroke-width="{num(width)}" '
                 'stroke-linejoin="round"/>')

    def polygon(self, points: Iterable[tuple[float, float]], fill: str, *, extra: str = "", tip: str = "") -> None:
        coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.add(f'<polygon points="{coords}" fill="{clean(fill)}"{extra}{_close("polygon", tip)}')

    def plot(self, name: str, low: float, high: float) -> None:
        """Opens the group of one scale's marks; it records the scale's range
        (what a reader, or a test, can check the marks against)."""
        self.add(f'<g class="plot" data-plot="{clean(name)}" data-low="{float(low)!r}" data-high="{float(high)!r}">')

    def end(self) -> None:
        self.add("</g>")

    def text(self, x: float, y: float, lines: str | Sequence[str], *, size: float = 11, fill: str = TEXT,
             anchor: str = "start", weight: str = "") -> None:
        """Text whose first baseline is at ``y``; several lines become tspans."""
        rows = [lines] if isinstance(lines, str) else list(lines)
        bold = f' font-weight="{weight}"' if weight else ""
        head = (f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill="{clean(fill)}" '
                f'text-anchor="{anchor}"{bold}>')
        if len(rows) == 1:
            self.add(f"{head}{clean(rows[0])}</text>")
            return
        spans = "".join(f'<tspan x="{num(x)}" dy="{num(0 if i == 0 else size * LINE_HEIGHT)}">{clean(row)}</tspan>'
                        for i, row in enumerate(rows))
        self.add(f"{head}{spans}</text>")

    def render(self, height: float) -> str:
        ids = f"{self.key}-title {self.key}-desc"
        return "\n".join([
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(self.width)} {num(height)}" '
            f'width="{num(self.width)}" height="{num(height)}" aria-labelledby="{ids}" '
            f'font-family="{FONT_FAMILY}">',
            f'<title id="{self.key}-title">{clean(self.title)}</title>',
            f'<desc id="{self.key}-desc">{clean(self.desc)}</desc>',
            *self.parts,
            "</svg>",
        ]) + "\n"


def _close(tag: str, tip: str) -> str:
    """The end of an element, with a tooltip when there is one."""
    return f"><title>{clean(tip)}</title></{tag}>" if tip else "/>"


def lines_height(count: int, size: float) -> float:
    return size + (count - 1) * size * LINE_HEIGHT


# --- axes ---------------------------------------------------------------------------------------------------


def y_axis(svg: Svg, scale: Scale, axis: Axis, x0: float, x1: float, label: Callable[[float], str], *,
           right: bool = False, grid: bool = True, size: float = 11) -> None:
    """Tick labels on the left (or right) of [x0, x1], with light grid lines."""
    last_text = ""
    for tick in axis.ticks:
        y = scale.at(tick)
        if grid:
            svg.line(x0, y, x1, y, GRID, 0.8)
        text = label(tick)
        if text == last_text:
            continue  # rounded to the same label as the one below
        last_text = text
        if right:
            svg.text(x1 + 6, y + size * 0.35, text, size=size, fill=MUTED)
        else:
            svg.text(x0 - 6, y + size * 0.35, text, size=size, fill=MUTED, anchor="end")


def x_axis(svg: Svg, scale: Scale, ticks: Sequence[tuple[float, str]], y0: float, y1: float, *,
           grid: bool = True, labels: bool = True, size: float = 11) -> None:
    """Tick labels under ``y1``, with light grid lines from ``y0``; a label
    that would overlap the one before it is left out rather than crowded."""
    last_end, last_text = -math.inf, ""
    for value, text in ticks:
        x = scale.at(value)
        if grid:
            svg.line(x, y0, x, y1, GRID, 0.8)
        half = text_width(text, size) / 2
        if not labels or x - half < last_end + 6 or text == last_text:
            continue  # crowded, or rounded to the same label as the one before
        svg.text(x, y1 + size + 5, text, size=size, fill=MUTED, anchor="middle")
        last_end, last_text = x + half, text


# --- legend -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    kind: str = "box"  # "box", "line" or "dash"


SWATCH = 14.0


def legend(svg: Svg, entries: Sequence[LegendEntry], x: float, y: float, width: float, *,
           size: float = 11, draw: bool = True) -> float:
    """Entries flowed into rows within ``width``; an entry too long for a row
    wraps. Returns the height used (``draw=False`` only measures)."""
    gap, pad = 18.0, 5.0
    line = size * LINE_HEIGHT
    cx, cy, row_height = x, y, line
    for entry in entries:
        lines = wrap(entry.label, width - SWATCH - pad, size, max_lines=4)
        item = SWATCH + pad + max(text_width(t, size) for t in lines)
        if cx > x and cx + item > x + width:
            cx, cy, row_height = x, cy + row_height + 4, line
        if draw:
            mid = cy + line / 2
            if entry.kind == "box":
                svg.rect(cx, mid - 5, SWATCH, 10, entry.colour)
            else:
                svg.line(cx, mid, cx + SWATCH, mid, entry.colour, 2, "3 2" if entry.kind == "dash" else "")
            svg.text(cx + SWATCH + pad, mid + size * 0.35, lines, size=size)
        row_height = max(row_height, lines_height(len(lines), size) + (line - size))
        cx += item + gap
    return cy + row_height - y
