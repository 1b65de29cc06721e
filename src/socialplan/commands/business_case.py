"""``socialplan business-case``: the financial model, rendered as a five-case
report in Markdown, HTML or JSON.

Order of work: check the options, load and validate the plan, model it
(:func:`socialplan.api.business_case`), render; only then write. Nothing is
written until everything has been computed, so a failed run leaves an
earlier report untouched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from socialplan import api
from socialplan.commands import options
from socialplan.commands.run import ReportRequest, run_plan_report
from socialplan.commands.writer import print_problems
from socialplan.errors import EXIT_OK, UserError

if TYPE_CHECKING:
    from socialplan.results import BusinessCaseReport, Result
    from socialplan.validation import ValidatedPlan

# Below this many draws the simulation takes a blink; no progress bar needed.
PROGRESS_FROM = 200_000


def _progress(simulations: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A rich progress bar on stderr for long runs on a terminal."""
    if simulations < PROGRESS_FROM or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("simulating", total=simulations)
    bar.start()
    return (lambda done: bar.update(task, completed=done)), bar.stop


def run_business_case(plan: str, output_format: str | None, output: Path | None, *, simulations: int, seed: int,
                      template_dir: Path | None = None, as_of: str | None = None,
                      max_bytes: int | None = None, paper: str | None = None,
                      reference_docx: Path | None = None) -> int:
    request = ReportRequest("business-case", plan, output_format, output, template_dir=template_dir, paper=paper,
                            reference_docx=reference_docx, max_bytes=max_bytes)
    fmt = request.format()
    as_of_date = options.date_option(as_of, "--as-of")
    if simulations < 0:
        raise UserError("--simulations cannot be negative")

    def model(validated: ValidatedPlan) -> Result[BusinessCaseReport]:
        progress, done = _progress(simulations)
        try:
            return api.business_case(validated, simulations=simulations, seed=seed, as_of=as_of_date,
                                     progress=progress)
        finally:
            done()

    return run_plan_report(request, fmt, model, inspect=_print_warnings)


def _print_warnings(result: Result[BusinessCaseReport]) -> int:
    # Estimates the model used but doubts (located in the plan); they do not stop it.
    if result.check.diagnostics:
        print_problems(result.check)
    return EXIT_OK
