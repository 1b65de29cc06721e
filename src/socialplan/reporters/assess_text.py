"""The scorecard on a terminal: verdict and scores, findings grouped with
file:line:column, the priority table and the stakeholder grid.

Laid out for 80 columns; colour only on a terminal and never with NO_COLOR.
Plan text is shown with invisible characters escaped, so a plan cannot move
the cursor or recolour the terminal.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from socialplan.assess.engine import Assessment
from socialplan.assess.findings import Finding
from socialplan.assess.next_steps import SHOWN_STEPS, code_counts
from socialplan.assess.rule import GROUP_TITLES, GROUPS
from socialplan.assess.stakeholder_map import STRATEGIES
from socialplan.reporters.machine import visible

WIDTH = 80
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_VERDICT_STYLE = {"go": "bold green", "pilot-first": "bold yellow", "not-ready": "bold red"}


def make_console(stream: TextIO | None = None, *, width: int | None = None) -> Console:
    """A console that wraps at the terminal width (80 when piped) and
    honours NO_COLOR."""
    no_color = "NO_COLOR" in os.environ
    return Console(file=stream, width=width, no_color=no_color, highlight=False, soft_wrap=False,
                   color_system=None if no_color else "auto", emoji=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _score_style(score: float, a: Assessment) -> str:
    t = a.config.thresholds
    if score >= t.go_group_min:
        return "green"
    return "yellow" if score >= t.group_floor else "red"


def _indented(text: Text | Group, indent: int) -> Padding:
    return Padding(text, (0, 0, 0, indent), expand=False)


def _bullets(items: list[str], indent: int = 2) -> Table:
    """A list with hanging indents, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=indent + 1, justify="right")
    grid.add_column()
    for item in items:
        grid.add_row("-", Text(visible(item)))
    return grid


def _header(a: Assessment, console: Console) -> None:
    console.print(Text.assemble(("socialplan assess", "bold"), f"  {visible(a.source)}",
                                (f"  (as of {a.as_of.isoformat()})", "dim")))
    console.print()
    console.print(Text.assemble(("Verdict: ", "bold"), (a.verdict.upper(), _VERDICT_STYLE[a.verdict]),
                                f"   score {a.score:.1f} / 100"))
    console.print(_bullets(a.reasons))


def _group_table(a: Assessment) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Group")
    table.add_column("Score", justify="right")
    table.add_column("Weight", justify="right")
    for title in ("Errors", "Warnings", "Info", "Suppressed"):
        table.add_column(title, justify="right")
    for group in GROUPS:
        score = a.groups[group]
        found = [f for f in a.findings if f.group == group]
        table.add_row(group, Text(f"{score:.1f}", _score_style(score, a)),
                      f"{a.config.group_weights[group]:g}",
                      *[str(sum(1 for f in found if f.suppressed is None and f.severity == s))
                        for s in ("error", "warning", "info")],
                      str(sum(1 for f in found if f.suppressed is not None)))
    table.add_section()
    table.add_row(Text("overall", "bold"), Text(f"{a.score:.1f}", "bold"), "", str(a.count("error")),
                  str(a.count("warning")), str(a.count("info")), str(len(a.suppressed)))
    return table


def _finding(f: Finding) -> Group:
    head = Text.assemble((f.severity, _SEVERITY_STYLE[f.severity]), " ", (f.code, "bold"))
    if f.blocks_go and f.suppressed is None:
        head.append(" (blocks go)", style="bold")
    head.append("  " + visible(str(f.location)))
    if f.plan_path:
        head.append(f"  {visible(f.plan_path)}", style="dim")
    parts: list[Text | Padding] = [head, _indented(Text(visible(f.message)), 4)]
    if f.suppressed is not None:
        parts.append(_indented(Text.assemble(("suppressed: ", "magenta"), visible(f.suppressed)), 4))
    elif f.hint:
        parts.append(_indented(Text.assemble(("hint: ", "cyan"), visible(f.hint)), 4))
    return Group(*parts)


def _findings(a: Assessment, console: Console) -> None:
    console.print(Text.assemble(("Findings", "bold"), f"  {_plural(a.count('error'), 'error')}, "
                                f"{_plural(a.count('warning'), 'warning')}, {a.count('info')} info, "
                                f"{len(a.suppressed)} suppressed"))
    if not a.findings:
        console.print(_indented(Text("none: every rule passes"), 2))
    for group in GROUPS:
        active = [f for f in a.active if f.group == group]
        if not active:
            continue
        console.print()
        console.print(Text.assemble((group, "bold underline"), ("  " + GROUP_TITLES[group], "dim")))
        for f in active:
            console.print(_indented(_finding(f), 2))
    if a.suppressed:
        console.print()
        console.print(Text.assemble(("suppressed", "bold underline"), ("  listed, not counted", "dim")))
        for f in a.suppressed:
            console.print(_indented(_finding(f), 2))


def _number(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _priorities(a: Assessment, console: Console) -> None:
    measure = "weighted score" if a.ranking == "weighted" else "RICE"
    console.print(Text.assemble(("Use-case priorities", "bold"), f"  ranked by {measure}"))
    if not a.priorities:
        console.print(_indented(Text("no use cases"), 2))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Use case and why", overflow="fold", ratio=1)
    table.add_column("RICE", justify="right")
    table.add_column("Wtd", justify="right")
    table.add_column("Effort", justify="right")
    table.add_column("Quadrant")
    for p in a.priorities:
        cell = Text(visible(p.id), "bold")
        for reason in p.reasons[1:] if p.quadrant else p.reasons:
            cell.append("\n" + visible(reason), style="dim")
        table.add_row(str(p.rank), cell, _number(p.rice, ",.0f"), _number(p.weighted, ".1f"),
                      _number(p.effort, "g"), p.quadrant or "-")
    console.print(table)


def _grid(a: Assessment) -> Table:
    cells: dict[str, list[str]] = {q: [] for q in STRATEGIES}
    for s in a.stakeholders:
        cells[s.quadrant].append(visible(s.id))

    def cell(quadrant: str) -> Text:
        return Text.assemble((quadrant, "bold"), "\n", ", ".join(cells[quadrant]) or "-")

    table = Table(box=box.SQUARE, pad_edge=True)
    table.add_column("")
    table.add_column("low interest", ratio=1)
    table.add_column("high interest", ratio=1)
    table.add_row("high\npower", cell("keep satisfied"), cell("manage closely"))
    table.add_row("low\npower", cell("monitor"), cell("keep informed"))
    return table


def _stakeholders(a: Assessment, console: Console) -> None:
    console.print(Text("Stakeholder map", "bold"))
    if not a.stakeholders:
        console.print(_indented(Text("no stakeholder groups"), 2))
        return
    console.print(_grid(a))
    used = [q for q in STRATEGIES if any(s.quadrant == q for s in a.stakeholders)]
    console.print(_bullets([f"{q}: {STRATEGIES[q]}" for q in used]))
    console.print()
    for s in a.stakeholders:
        research = s.research if s.research_planned else f"{s.research} (suggested)"
        head = Text.assemble((visible(s.id), "bold"), f"  {s.headcount:,} people, {s.quadrant}, "
                             f"research: {research}")
        # Padded rather than prefixed with spaces, so a wrapped line keeps the indent.
        console.print(_indented(head, 2))
        barrier = f"barrier at {s.barrier}{s.lowest_note}: " if s.barrier else ""
        console.print(_indented(Text(f"ADKAR {barrier}{s.action}"), 6))
        if s.adkar_source and s.adkar_source != "plan":
            console.print(_indented(Text(f"ADKAR levels from {visible(s.adkar_source)}", "dim"), 6))


def _next_steps(a: Assessment, console: Console) -> None:
    if a.verdict == "go":
        return
    console.print(Text.assemble(("What would change the verdict", "bold"),
                                ("  each finding resolved on its own, best first", "dim")))
    band = a.next_band
    if band is not None:
        console.print(_indented(Text(f"Resolving {_plural(len(band.findings), 'finding')} together makes it "
                                     f"{band.verdict.upper()} (score {band.score:.1f}): "
                                     f"{code_counts(band.findings)}"), 2))
    if not a.next_steps:
        console.print(_indented(Text("no single finding raises the score"), 2))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Gain", justify="right")
    table.add_column("Score", justify="right")
    table.add_column("Verdict")
    table.add_column("Finding", overflow="fold", ratio=1)
    for step in a.next_steps[:SHOWN_STEPS]:
        f = step.finding
        verdict = Text(step.verdict, _VERDICT_STYLE[step.verdict] if step.lifts_verdict else "")
        table.add_row(f"+{step.gain:.1f}", f"{step.score:.1f}", verdict,
                      Text.assemble((f.code, "bold"), " " + visible(f.message),
                                    (f"  {visible(str(f.location))}", "dim")))
    console.print(table)
    more = len(a.next_steps) - SHOWN_STEPS
    if more > 0:
        console.print(_indented(Text(f"and {more} more (all of them in --format json)", "dim"), 2))


def render_assessment(a: Assessment, console: Console) -> None:
    _header(a, console)
    console.print()
    if a.verdict != "go":
        _next_steps(a, console)
        console.print()
    console.print(_group_table(a))
    console.print()
    _findings(a, console)
    console.print()
    _priorities(a, console)
    console.print()
    _stakeholders(a, console)


def plain_text(draw: Callable[[Console], None], width: int = WIDTH) -> str:
    """What ``draw`` prints, as plain text without colour or trailing blanks
    (rich pads tables and wrapped lines to the full width)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, color_system=None, highlight=False,
                      soft_wrap=False, emoji=False)
    draw(console)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def print_rich(draw: Callable[[Console], None], stream: TextIO) -> None:
    """Print in colour on a terminal; else plain text at the width the
    environment gives (COLUMNS, else 80)."""
    console = make_console(stream)
    if console.is_terminal and not console.no_color:
        draw(console)
    else:
        stream.write(plain_text(draw, width=console.width))


def assessment_as_text(a: Assessment, width: int = WIDTH) -> str:
    """The scorecard as plain text, for a pipe or ``-o FILE``."""
    return plain_text(lambda console: render_assessment(a, console), width)


def print_assessment(a: Assessment, stream: TextIO) -> None:
    print_rich(lambda console: render_assessment(a, console), stream)
