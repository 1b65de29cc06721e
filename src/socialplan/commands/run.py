"""The one sequence every report command runs.

Check the output options (format, templates, page size), load and validate
the plan, call the library, print what it noted, hand the report to
:func:`socialplan.commands.writer.deliver`. A command adds only what is its
own: its extra options, the library call, and what it checks in the report
before or after writing it (``inspect`` and ``verdict``).

Nothing is written until the report is made, so a failed run leaves an
earlier report untouched; a plan's own files are never written over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from socialplan.commands import options
from socialplan.commands.writer import deliver, print_notes, print_problems
from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.formats import REPORTS, Format

if TYPE_CHECKING:
    from socialplan.data.tabular import DataProblem
    from socialplan.diagnostics import PlanCheck
    from socialplan.results import Result
    from socialplan.validation import ValidatedPlan

R = TypeVar("R")


@dataclass(frozen=True)
class ReportRequest:
    """What the command line asked of a report command: the plan and where
    and how to write the report."""

    report: str  # the name of its format registry (socialplan.formats.REPORTS)
    plan: str
    output_format: str | None
    output: Path | None
    template_dir: Path | None = None
    paper: str | None = None
    reference_docx: Path | None = None
    excel: bool = False
    quiet: bool = False
    max_bytes: int | None = None

    def format(self) -> Format:
        """The format asked for (--format, else -o's suffix, else the
        default), with the options that depend on it checked."""
        fmt = REPORTS[self.report].for_output(self.output_format, self.output)
        options.template_dir_option(self.template_dir, fmt)
        options.document_options(fmt, self.output, self.paper, self.reference_docx)
        return fmt


def print_data_problems(problems: Iterable[DataProblem]) -> None:
    """The problems found in data files (exports, directories, results), one
    line each as the plan's own are printed: where (file, row, column),
    severity, code and message, the hint below."""
    import sys

    for problem in problems:
        sys.stderr.write(f"{problem.where}: {problem.severity} {problem.code} {problem.message}\n")
        if problem.hint:
            sys.stderr.write(f"  hint: {problem.hint}\n")


def refuse_invalid(check: PlanCheck) -> int:
    """An invalid plan: its located problems on standard error, exit 1."""
    print_problems(check)
    return EXIT_FINDINGS


def run_plan_report(request: ReportRequest, fmt: Format, make: Callable[[ValidatedPlan], Result[R]], *,
               invalid: Callable[[PlanCheck], int] = refuse_invalid,
               inspect: Callable[[Result[R]], int] | None = None,
               verdict: Callable[[R], int] | None = None) -> int:
    """Load and validate ``request.plan``, make its report with ``make`` and
    write it in ``fmt``; the exit status.

    ``invalid`` answers a plan that is not valid; ``inspect`` looks at the
    result before it is written (a non-zero status stops the run without a
    report); ``verdict`` decides the status once the report is written."""
    from socialplan import api
    from socialplan.output import refuse_plan_files
    from socialplan.sources import single_plan

    check, validated = api.check(single_plan(request.plan), max_bytes=request.max_bytes)
    refuse_plan_files(request.output, check.files)
    if validated is None:
        return invalid(check)
    result = make(validated)
    if result.report is None:
        print_problems(result.check)
        return EXIT_FINDINGS
    if not request.quiet:
        print_notes(result.notes)
    status = inspect(result) if inspect is not None else EXIT_OK
    if status != EXIT_OK:
        return status
    deliver(result.report, fmt, request.output, check=check, template_dir=request.template_dir,
            quiet=request.quiet, excel=request.excel, paper=request.paper, reference_docx=request.reference_docx)
    return verdict(result.report) if verdict is not None else EXIT_OK
