"""Human output of ``validate``: one line per problem, grouped by plan,
with its hint and a summary line.

Colour only on a terminal, and never when NO_COLOR is set to a non-empty
value (https://no-color.org). Plan text is shown through
:func:`~socialplan.reporters.machine.visible`, so a key holding a newline or
a terminal escape sequence cannot break the layout or drive the terminal.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from socialplan.diagnostics import PlanCheck
from socialplan.reporters.machine import visible

if TYPE_CHECKING:
    from rich.console import Console

    from socialplan.results import ValidateReport

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def colour_disabled() -> bool:
    return os.environ.get("NO_COLOR", "") != ""


def make_console(stream: TextIO | None = None, *, width: int | None = None) -> Console:
    """A console that honours NO_COLOR and plain pipes (rich only styles
    output for a terminal, or when FORCE_COLOR asks it to)."""
    from rich.console import Console

    no_color = colour_disabled()
    return Console(
        file=stream,
        no_color=no_color,
        highlight=False,
        soft_wrap=True,
        width=width,
        color_system=None if no_color else "auto",
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


Segment = tuple[str, str | None]  # text and its rich style


def report_lines(checks: Sequence[PlanCheck], *, quiet: bool = False) -> list[list[Segment]]:
    """The report as lines of styled segments; ``quiet`` leaves out valid
    plans and the summary of a fully valid run."""
    lines: list[list[Segment]] = []
    for check in checks:
        if check.valid and not check.diagnostics:
            if not quiet:
                lines.append([("ok", "green"), (f"  {visible(check.source)}", None)])
            continue
        status: Segment = ("ok", "green") if check.valid else ("invalid", "bold red")
        lines.append([status, (f"  {visible(check.source)}", None)])
        for d in check.diagnostics:
            line: list[Segment] = [
                (f"  {visible(str(d.location))}: ", None),
                (d.severity, _STYLE[d.severity]),
                (f" {d.code} {visible(d.message)}", None),
            ]
            if d.plan_path:
                line.append((f"  [{visible(d.plan_path)}]", "dim"))
            lines.append(line)
            if d.hint:
                lines.append([("      ", None), ("hint:", "cyan"), (f" {visible(d.hint)}", None)])
    total = len(checks)
    bad = sum(not c.valid for c in checks)
    problems = sum(len(c.diagnostics) for c in checks)
    if bad:
        lines.append([(f"{bad} of {_plural(total, 'plan')} invalid", "bold red"),
                      (f", {_plural(problems, 'problem')}", None)])
    elif not quiet:
        summary = f"{_plural(total, 'plan')} valid"
        if problems:
            summary += f", {_plural(problems, 'finding')}"
        lines.append([(summary, "green")])
    return lines


def render_checks(checks: Sequence[PlanCheck], console: Console, *, quiet: bool = False) -> None:
    """Print the report through rich (colours where the console has them)."""
    from rich.text import Text

    for line in report_lines(checks, quiet=quiet):
        console.print(Text.assemble(*((text, style or "") for text, style in line)))


def checks_as_text(checks: Sequence[PlanCheck], *, quiet: bool = False) -> str:
    """Plain text of the same report, for files and pipes: never any ANSI code."""
    return "".join("".join(text for text, _ in line) + "\n" for line in report_lines(checks, quiet=quiet))


def wants_colour(stream: TextIO) -> bool:
    """Colour for a terminal (or when FORCE_COLOR asks), never with NO_COLOR."""
    if colour_disabled():
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def print_checks(checks: Sequence[PlanCheck], stream: TextIO, *, quiet: bool = False) -> None:
    """The report on ``stream``: styled by rich on a terminal; otherwise the
    same text without importing rich at all, which keeps ``validate`` in CI
    logs and pre-commit hooks quick to start."""
    if wants_colour(stream):
        render_checks(checks, make_console(stream), quiet=quiet)
    else:
        stream.write(checks_as_text(checks, quiet=quiet))


def print_report(report: ValidateReport, stream: TextIO) -> None:
    """``socialplan validate``'s text report, printed as it is made (without
    loading the presenters, which the other formats need)."""
    print_checks(report.checks, stream, quiet=report.quiet)


__all__ = ["checks_as_text", "colour_disabled", "make_console", "print_checks", "print_report", "render_checks",
           "wants_colour"]
