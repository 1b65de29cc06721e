"""``socialplan rollout``: the scheduled rollout plan, in the chosen format.

load -> validate -> build (generate, override, schedule, RACI,
communications, measurement) -> present (template or exporter) -> write.
Problems in the plan are printed located (file:line:column) on standard
error with exit code 1; warnings are printed too but do not stop the plan.
"""

from __future__ import annotations

from pathlib import Path

from socialplan import api
from socialplan.commands import options
from socialplan.commands.run import ReportRequest, run_plan_report
from socialplan.errors import UserError


def run_rollout(plan_argument: str, output_format: str | None, output: Path | None, *,
                template_dir: Path | None = None, start: str | None = None, max_bytes: int | None = None,
                quiet: bool = False, as_of: str | None = None, excel: bool = False, paper: str | None = None,
                reference_docx: Path | None = None) -> int:
    request = ReportRequest("rollout", plan_argument, output_format, output, template_dir=template_dir, paper=paper,
                            reference_docx=reference_docx, excel=excel, quiet=quiet, max_bytes=max_bytes)
    fmt = request.format()
    if excel and fmt.name != "csv":
        raise UserError(f"--excel applies to CSV, not {fmt.name}", hint="add --format csv or write to a .csv file")
    start_date = options.date_option(start, "--start")
    as_of_date = options.date_option(as_of, "--as-of")
    return run_plan_report(request, fmt, lambda plan: api.rollout(plan, start=start_date, as_of=as_of_date))
