"""The shared SVG pieces: ticks that cover the data without wasting the
axis, text wrapped without losing a word, coordinates never nan or inf."""

from __future__ import annotations

import math
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialplan.svgchart import LegendEntry, Scale, Svg, legend, nice_axis, num, text_width, wrap

finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(finite, finite, st.integers(2, 8))
def test_a_nice_axis_covers_the_data_on_ticks_without_wasting_it(a: float, b: float, count: int) -> None:
    low, high = min(a, b), max(a, b)
    axis = nice_axis(low, high, count)
    assert axis.low <= low and axis.high >= high
    assert all(math.isfinite(t) for t in axis.ticks)
    assert 2 <= len(axis.ticks) <= 2 * count + 3
    assert list(axis.ticks) == sorted(axis.ticks)
    assert axis.low <= axis.ticks[0] and axis.ticks[-1] <= axis.high
    size = max(abs(low), abs(high))
    if high - low > max(1e-6 * size, 1e-290) and size < 1e300:  # not a single value, nor at the float limits
        # Rounding out to the ticks at most triples the range (one step of
        # 1, 2, 2.5 or 5 at each end, with about ``count`` steps over the data).
        assert (axis.high - axis.low) <= 3 * (high - low)


@pytest.mark.parametrize(("low", "high"), [(5.0, 5.0), (0.0, 0.0), (-1e308, 1e308), (1.7e308, 1.7e308),
                                           (-3.0, -3.0), (1e19, 1e19 + 1e4)])
def test_degenerate_and_huge_ranges_still_give_finite_ticks(low: float, high: float) -> None:
    axis = nice_axis(low, high)
    assert axis.low <= low <= high <= axis.high
    assert axis.low < axis.high
    assert len(axis.ticks) >= 2 and all(math.isfinite(t) for t in axis.ticks)
    scale = Scale(axis.low, axis.high, 0, 100)
    assert 0 <= scale.at(low) <= scale.at(high) <= 100


def test_include_zero_puts_zero_on_the_axis() -> None:
    axis = nice_axis(120.0, 870.0, include_zero=True)
    assert axis.low == 0 and 0.0 in axis.ticks and axis.high >= 870


words = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x24F), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.floats(40, 400))
def test_wrapping_keeps_every_character_and_fits_the_width(parts: list[str], width: float) -> None:
    text = " ".join(parts)
    lines = wrap(text, width, 11)
    assert "".join("".join(lines).split()) == "".join(text.split())  # only spacing may change
    for line in lines:
        assert text_width(line, 11) <= width or len(line) == 1


def test_wrapping_breaks_between_words() -> None:
    label = "Hours saved: time spent chasing and re-briefing colleagues on the status of every project"
    lines = wrap(label, 200, 11)
    assert len(lines) > 1
    assert " ".join(lines) == label


def test_hostile_text_is_bounded_by_max_lines() -> None:
    lines = wrap("word " * 10_000, 200, 11, max_lines=4)
    assert len(lines) == 4 and lines[-1].endswith("…")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e308, -0.04])
def test_a_coordinate_is_never_nan_or_inf(value: float) -> None:
    text = num(value)
    assert float(text) == float(text) and math.isfinite(float(text))
    assert text != "-0"


def test_a_legend_wraps_into_rows_within_its_width() -> None:
    svg = Svg("k", 400, "t", "d")
    entries = [LegendEntry(f"Group number {i} with a rather long name", "#123456") for i in range(6)]
    height = legend(svg, entries, 10, 0, 300)
    tree = ElementTree.fromstring(svg.render(height + 10).encode())
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in tree.iter(f"{ns}text")]
    assert len(texts) == 6
    for entry, shown in zip(entries, texts, strict=True):
        assert shown.replace(" ", "") == entry.label.replace(" ", "")
    for box in tree.iter(f"{ns}rect"):
        assert 10 <= float(box.get("x", "0")) <= 310
    assert height > 6 * 11  # one entry a row: several rows


def test_wrapping_a_huge_word_is_bounded() -> None:
    # One "word" of a million characters: cut into pieces in one pass, and
    # stopped once the line budget is spent (a hang here would time out the suite).
    lines = wrap("x" * 1_000_000, 200, 11, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    whole = wrap("x" * 20_000, 200, 11)
    assert "".join(whole) == "x" * 20_000


@pytest.mark.parametrize(("low", "high"), [(0.0, 5e-324), (-5e-324, 5e-324), (0.0, 2e-300), (1e-310, 3e-310)])
def test_subnormal_spans_give_a_usable_axis(low: float, high: float) -> None:
    axis = nice_axis(low, high, 2)
    assert axis.low <= low <= high <= axis.high and axis.low < axis.high
