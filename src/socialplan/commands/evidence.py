"""``socialplan evidence``: what the plan's surveys and pilots found.

load -> validate -> gather (read the exports, aggregate per group, judge
each pilot) -> present -> write. An export that cannot be used is printed
located (file, row, column name, with a hint) on standard error and the
command exits 1 without a report: a report missing a wave would look
complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from socialplan import api
from socialplan.commands import options
from socialplan.commands.run import ReportRequest, print_data_problems, run_plan_report
from socialplan.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from socialplan.results import EvidenceReport, Result


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
