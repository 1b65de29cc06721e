"""``socialplan evidence``: what the plan's surveys and pilots found.

load -> validate -> gather (read the exports, aggregate per group, judge
each pilot) -> present -> write. An export that cannot be used is printed
located (file, row, column name, with a hint) on standard error and the
command exits 1 without a report: a report missing a wave would look
complete.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from socialplan import api
from socialplan.commands import options
from socialplan.commands.run import ReportRequest, run_plan_report
from socialplan.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from socialplan.data.tabular import DataProblem
    from socialplan.results import EvidenceReport, Result


def print_data_problems(problems: Iterable[DataProblem]) -> None:
    """One line per problem (file, row, column: code message), its hint below."""
    for problem in problems:
        label = "" if problem.severity == "error" else f"{problem.severity}: "
        sys.stderr.write(f"{problem.where}: {label}{problem.code} {problem.message}\n")
        if problem.hint:
            sys.stderr.write(f"  hint: {problem.hint}\n")


def run_evidence(plan_argument: str, output_format: str | None, output: Path | None, *,
                 template_dir: Path | None = None, as_of: str | None = None, max_bytes: int | None = None) -> int:
    request = ReportRequest("evidence", plan_argument, output_format, output, template_dir=template_dir,
                            max_bytes=max_bytes)
    fmt = request.format()
    as_of_date = options.date_option(as_of, "--as-of")
    return run_plan_report(request, fmt, lambda plan: api.evidence(plan, as_of=as_of_date), inspect=_usable)


def _usable(result: Result[EvidenceReport]) -> int:
    # An export that cannot be used stops the run: a report missing a wave
    # would look complete.
    assert result.report is not None
    print_data_problems(result.report.findings.problems)
    return EXIT_FINDINGS if result.report.errors else EXIT_OK
