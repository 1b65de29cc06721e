"""Human output of ``validate``: one line per problem, grouped by plan,
with its hint and a summary line. Colour only on a terminal, never with
NO_COLOR."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from socialplan.diagnostics import PlanCheck

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def make_console(stream: TextIO | None = None, *, width: int | None = None) -> Console:
    """A console that honours NO_COLOR and plain pipes."""
    no_color = "NO_COLOR" in os.environ
    return Console(
        file=stream,
        no_color=no_color,
        highlight=False,
        soft_wrap=True,
        width=width,
        color_system=None if no_color else "auto",
    )


def render_checks(checks: Sequence[PlanCheck], console: Console, *, quiet: bool = False) -> None:
    for check in checks:
        if check.valid and not check.diagnostics:
            if not quiet:
                console.print(Text.assemble(("ok", "green"), f"  {check.source}"))
            continue
        errors = sum(d.severity == "error" for d in check.diagnostics)
        head = Text.assemble(("invalid" if errors else "ok", "bold red" if errors else "green"),
                             f"  {check.source}")
        console.print(head)
        for d in check.diagnostics:
            line = Text.assemble(
                f"  {d.location}: ",
                (d.severity, _STYLE[d.severity]),
                f" {d.code} ",
                d.message,
            )
            if d.plan_path:
                line.append(f"  [{d.plan_path}]", style="dim")
            console.print(line)
            if d.hint:
                console.print(Text.assemble("      ", ("hint:", "cyan"), f" {d.hint}"))
    total = len(checks)
    bad = sum(not c.valid for c in checks)
    problems = sum(len(c.diagnostics) for c in checks)
    if bad:
        console.print(f"[bold red]{bad} of {total} plan{'s' if total != 1 else ''} invalid[/], "
                      f"{problems} problem{'s' if problems != 1 else ''}")
    elif not quiet:
        console.print(f"[green]{total} plan{'s' if total != 1 else ''} valid[/]")


def checks_as_text(checks: Sequence[PlanCheck]) -> str:
    """Plain text of the same report, for ``-o FILE``."""
    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, color_system=None, highlight=False, soft_wrap=True, width=200)
    render_checks(checks, console)
    return buffer.getvalue()


__all__ = ["checks_as_text", "escape", "make_console", "render_checks"]
