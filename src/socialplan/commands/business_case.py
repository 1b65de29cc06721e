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

from socialplan import api
from socialplan.commands import options
from socialplan.commands.writer import deliver, print_notes, print_problems
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, UserError
from socialplan.formats import REPORTS
from socialplan.output import refuse_plan_files
from socialplan.sources import single_plan

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
    source = single_plan(plan)
    fmt = REPORTS["business-case"].for_output(output_format, output)
    as_of_date = options.date_option(as_of, "--as-of")
    if simulations < 0:
        raise UserError("--simulations cannot be negative")
    options.template_dir_option(template_dir, fmt)
    options.document_options(fmt, output, paper, reference_docx)

    check, validated = api.check(source, max_bytes=max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        print_problems(check)
        return EXIT_FINDINGS
    progress, done = _progress(simulations)
    try:
        result = api.business_case(validated, simulations=simulations, seed=seed, as_of=as_of_date,
                                   progress=progress)
    finally:
        done()
    if result.report is None:
        print_problems(result.check)
        return EXIT_FINDINGS
    print_notes(result.notes)
    if result.check.diagnostics:
        print_problems(result.check)
    deliver(result.report, fmt, output, check=check, template_dir=template_dir, paper=paper,
            reference_docx=reference_docx)
    return EXIT_OK
