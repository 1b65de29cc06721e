"""``socialplan assess``: the readiness scorecard of one plan.

Exit codes: 0 assessed (whatever the verdict) unless ``--fail-under`` or
``--fail-on`` (or the same settings in the configuration) say the run fails;
1 the plan is invalid, or the run fails; 2 usage or configuration error.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from socialplan.assess.config import fails
from socialplan.assess.config_files import config_for, display_name
from socialplan.assess.engine import Assessment, assess_plan
from socialplan.diagnostics import VALIDATION_CODES, PlanCheck, Severity
from socialplan.errors import EXIT_FINDINGS, EXIT_OK
from socialplan.output import emit, refuse_plan_files
from socialplan.sources import single_plan
from socialplan.validation import check_plan


def _text(a: Assessment, check: PlanCheck, config_file: str | None) -> str:
    from socialplan.reporters.assess_text import assessment_as_text

    return assessment_as_text(a)


def _json(a: Assessment, check: PlanCheck, config_file: str | None) -> str:
    from socialplan.reporters.assess_json import assessment_document
    from socialplan.reporters.machine import dumps

    return dumps(assessment_document(a, check, config_file))


def _markdown(a: Assessment, check: PlanCheck, config_file: str | None) -> str:
    from socialplan.reporters.assess_markdown import assessment_markdown

    return assessment_markdown(a)


def _sarif(a: Assessment, check: PlanCheck, config_file: str | None) -> str:
    from socialplan.reporters.assess_machine import assessment_sarif

    return assessment_sarif(a)


def _github(a: Assessment, check: PlanCheck, config_file: str | None) -> str:
    from socialplan.reporters.assess_machine import assessment_github

    return assessment_github(a)


Formatter = Callable[[Assessment, PlanCheck, str | None], str]
# --format choices, by name; the CLI's choices must match (a test checks).
FORMATTERS: dict[str, Formatter] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "sarif": _sarif,
    "github": _github,
}


def _report_invalid(check: PlanCheck, output_format: str, output: Path | None) -> None:
    """Validation problems, in the machine format asked for, else on stderr."""
    if output_format == "json":
        from socialplan.reporters.assess_json import invalid_document
        from socialplan.reporters.machine import dumps

        emit(dumps(invalid_document(check, check.diagnostics)), output)
    elif output_format == "sarif":
        from socialplan.reporters.machine import sarif_log

        emit(sarif_log(check.diagnostics, VALIDATION_CODES), output)
    elif output_format == "github":
        from socialplan.reporters.machine import github_annotations

        emit(github_annotations(check.diagnostics), output)
    else:
        from socialplan.reporters.text import make_console, render_checks

        render_checks([check], make_console(sys.stderr))
    sys.stderr.write(f"socialplan: {check.source} is not a valid plan; fix it before assessing "
                     "(see 'socialplan validate')\n")


def run_assess(plan: str, output_format: str, output: Path | None, *,
               fail_under: float | None = None, fail_on: Severity | None = None,
               as_of: dt.date | None = None, config_path: Path | None = None,
               use_config: bool = True, max_bytes: int | None = None) -> int:
    source = single_plan(plan)
    config, config_file = config_for(source, config_path, use_files=use_config)
    check, validated = check_plan(source, max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        _report_invalid(check, output_format, output)
        return EXIT_FINDINGS
    assessment = assess_plan(validated, config=config, as_of=as_of or dt.date.today())
    config_name = display_name(config_file) if config_file is not None else None
    if output_format == "text" and (output is None or str(output) == "-"):
        from socialplan.reporters.assess_text import print_assessment

        print_assessment(assessment, sys.stdout)
    else:
        emit(FORMATTERS[output_format](assessment, check, config_name), output)
    reasons = fails(
        assessment.score,
        [f.severity for f in assessment.active],
        fail_under=fail_under if fail_under is not None else config.fail_under,
        fail_on=fail_on if fail_on is not None else config.fail_on,
    )
    for reason in reasons:
        sys.stderr.write(f"socialplan: failing: {reason}\n")
    return EXIT_FINDINGS if reasons else EXIT_OK
