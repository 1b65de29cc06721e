"""``socialplan assess``: the readiness scorecard of one plan.

Exit codes: 0 assessed (whatever the verdict) unless ``--fail-under`` or
``--fail-on`` (or the same settings in the configuration) say the run fails;
1 the plan is invalid, or the run fails; 2 usage or configuration error.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from socialplan import api
from socialplan.assess.config import fails
from socialplan.assess.config_files import config_for, display_name
from socialplan.commands.run import ReportRequest, run_plan_report
from socialplan.commands.writer import print_problems, write_report
from socialplan.diagnostics import PlanCheck, Severity
from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.formats import Format
from socialplan.present import Rendered
from socialplan.results import AssessReport
from socialplan.sources import single_plan


def run_assess(plan: str, output_format: str | None, output: Path | None, *,
               fail_under: float | None = None, fail_on: Severity | None = None,
               as_of: dt.date | None = None, config_path: Path | None = None,
               use_config: bool = True, max_bytes: int | None = None, paper: str | None = None,
               reference_docx: Path | None = None) -> int:
    request = ReportRequest("assess", plan, output_format, output, paper=paper, reference_docx=reference_docx,
                            max_bytes=max_bytes)
    fmt = request.format()
    config, config_file = config_for(single_plan(plan), config_path, use_files=use_config)
    settings = display_name(config_file) if config_file is not None else None

    def status(report: AssessReport) -> int:
        assert report.assessment is not None
        reasons = fails(
            report.assessment.score,
            [f.severity for f in report.assessment.active],
            fail_under=fail_under if fail_under is not None else config.fail_under,
            fail_on=fail_on if fail_on is not None else config.fail_on,
        )
        for reason in reasons:
            sys.stderr.write(f"socialplan: failing: {reason}\n")
        return EXIT_FINDINGS if reasons else EXIT_OK

    return run_plan_report(request, fmt, lambda validated: api.assess(validated, as_of=as_of, config=config,
                                                                 settings_name=settings),
                      invalid=lambda check: _refuse_invalid(check, fmt, output), verdict=status)


def _refuse_invalid(check: PlanCheck, fmt: Format, output: Path | None) -> int:
    # A tool reading a machine format gets a document either way.
    if fmt.invalid is not None:
        text: str = fmt.load("invalid")(check)
        write_report(Rendered(text if text.endswith("\n") else text + "\n"), output)
    else:
        print_problems(check, quiet=False)
    sys.stderr.write(f"socialplan: {check.source} is not a valid plan; fix it before assessing "
                     "(see 'socialplan validate')\n")
    return EXIT_FINDINGS
