"""``socialplan report``: the board pack, in HTML, Markdown, PDF or Word.

Order of work: check the options, load and validate the plan, make the
reports the stage needs (:func:`socialplan.api.pack`), render; only then
write, so a failed run leaves an earlier pack untouched.
"""

from __future__ import annotations

from pathlib import Path

from socialplan import api
from socialplan.commands import options
from socialplan.commands.run import ReportRequest, run_plan_report


def run_report(plan: str, output_format: str | None, output: Path | None, *, stage: str = "full",
               as_of: str | None = None, simulations: int = api.DEFAULT_SIMULATIONS, seed: int = api.DEFAULT_SEED,
               template_dir: Path | None = None, paper: str | None = None, reference_docx: Path | None = None,
               max_bytes: int | None = None) -> int:
    request = ReportRequest("report", plan, output_format, output, template_dir=template_dir, paper=paper,
                            reference_docx=reference_docx, max_bytes=max_bytes)
    fmt = request.format()
    as_of_date = options.date_option(as_of, "--as-of")
    return run_plan_report(request, fmt, lambda validated: api.pack(validated, stage=stage, as_of=as_of_date,
                                                               simulations=simulations, seed=seed))
