"""The Gantt chart: every activity's full name readable (wrapped, never cut),
rows that grow to fit it, and the same bytes for the same plan."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from socialplan.rollout.spec import PHASES
from socialplan.rollout.svg import ROW, phase_chart, scale_for
from socialplan.svgchart import text_width
from test_rollout_activities import build, with_activities

NS = "{http://www.w3.org/2000/svg}"
LONG = ("Agree the usage policy, the moderation guidelines and the escalation route with legal, HR and the "
        "works council before anyone is invited")


def charts(tmp_path: Path) -> tuple[list[str], list[str]]:
    text = with_activities(f"""\
        - {{id: governance, name: "{LONG}"}}
        - {{id: legal-review, name: "Legal <review> & sign-off", phase: plan, days: 4, after: [governance]}}
    """)
    rollout = build(tmp_path, text)
    scale = scale_for(rollout.schedule)
    activities = rollout.activities
    drawn, names = [], []
    for phase in PHASES:
        mine = [a for a in activities if a.spec.phase == phase]
        if mine:
            drawn.append(phase_chart(phase, mine, rollout.schedule, scale))
            names.extend(a.spec.name for a in mine)
    return drawn, names


def labels(svg: str) -> list[ElementTree.Element]:
    """The activity labels: the text elements in the rows' groups."""
    root = ElementTree.fromstring(svg.encode())
    return [t for g in root.iter(f"{NS}g") for t in g.iter(f"{NS}text")]


def test_every_activity_name_is_shown_whole(tmp_path: Path) -> None:
    drawn, names = charts(tmp_path)
    shown = [" ".join(" ".join(t.itertext()).split()) for svg in drawn for t in labels(svg)]
    assert shown == names
    assert LONG in shown and "Legal <review> & sign-off" in shown
    assert all("…" not in s for s in shown)


def test_a_long_name_wraps_and_its_row_grows(tmp_path: Path) -> None:
    drawn, _ = charts(tmp_path)
    svg = next(s for s in drawn if "moderation" in s)
    label = next(t for t in labels(svg) if "moderation" in "".join(t.itertext()))
    lines = [span.text or "" for span in label.iter(f"{NS}tspan")]
    assert len(lines) > 1
    assert all(text_width(line, 11) <= 330 for line in lines)  # within the label column
    # Rows stack without overlapping: each label's first baseline is below
    # the previous label's last line.
    bottom = 0.0
    for text in labels(svg):
        first = float(text.get("y", "0"))
        assert first > bottom
        steps = [float(s.get("dy", "0")) for s in text.iter(f"{NS}tspan")]
        bottom = first + sum(steps)
    height = float(ElementTree.fromstring(svg.encode()).get("viewBox", "0 0 0 0").split()[3])
    assert bottom < height
    count = len(labels(svg))
    assert height > 34 + ROW * count  # taller than one line a row


def test_the_gantt_is_deterministic_and_finite(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _ = charts(tmp_path / "a")
    again, _ = charts(tmp_path / "b")
    assert first and first == again
    for svg in first:
        assert not re.search(r'="[^"]*(nan|inf)[^"]*"', svg, re.I)
