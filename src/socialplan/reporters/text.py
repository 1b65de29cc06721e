"""Human output of ``validate``: one line per problem, grouped by plan,
with its hint and a summary line.

Colour only on a terminal, and never when NO_COLOR is set to a non-empty
value (https://no-color.org). Plan text is shown through
:func:`~socialplan.reporters.machine.visible`, so a key holding a newline or
a terminal escape sequence cannot break the layout or drive the terminal.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.text import Text

from socialplan.diagnostics import PlanCheck
from socialplan.reporters.machine import visible

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def colour_disabled() -> bool:
    return os.environ.get("NO_COLOR", "") != ""


def make_console(stream: TextIO | None = None, *, width: int | None = None) -> Console:
    """A console that honours NO_COLOR and plain pipes (rich only styles
    output for a terminal, or when FORCE_COLOR asks it to)."""
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


def render_checks(checks: Sequence[PlanCheck], console: Console, *, quiet: bool = False) -> None:
    """Print the report; ``quiet`` leaves out valid plans and the summary of
    a fully valid run."""
    for check in checks:
        if check.valid and not check.diagnostics:
            if not quiet:
                console.print(Text.assemble(("ok", "green"), f"  {visible(check.source)}"))
            continue
        head = Text.assemble(("ok", "green") if check.valid else ("invalid", "bold red"),
                             f"  {visible(check.source)}")
        console.print(head)
        for d in check.diagnostics:
            line = Text.assemble(
                f"  {visible(str(d.location))}: ",
                (d.severity, _STYLE[d.severity]),
                f" {d.code} ",
                visible(d.message),
            )
            if d.plan_path:
                line.append(f"  [{visible(d.plan_path)}]", style="dim")
            console.print(line)
            if d.hint:
                console.print(Text.assemble("      ", ("hint:", "cyan"), f" {visible(d.hint)}"))
    total = len(checks)
    bad = sum(not c.valid for c in checks)
    problems = sum(len(c.diagnostics) for c in checks)
    if bad:
        console.print(Text.assemble((f"{bad} of {_plural(total, 'plan')} invalid", "bold red"),
                                    f", {_plural(problems, 'problem')}"))
    elif not quiet:
        summary = f"{_plural(total, 'plan')} valid"
        if problems:
            summary += f", {_plural(problems, 'finding')}"
        console.print(Text(summary, style="green"))


def checks_as_text(checks: Sequence[PlanCheck], *, quiet: bool = False) -> str:
    """Plain text of the same report, for ``-o FILE``: never any ANSI code."""
    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, color_system=None, highlight=False, soft_wrap=True,
                      width=200, force_terminal=False)
    render_checks(checks, console, quiet=quiet)
    return buffer.getvalue()


__all__ = ["checks_as_text", "colour_disabled", "make_console", "render_checks"]
