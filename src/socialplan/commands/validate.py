"""``socialplan validate``: check plans, report in the chosen format.

Streams: the text report is for people and goes to standard error, like
every other message of socialplan; the machine formats go to standard
output. ``-o FILE`` writes the report (any format, text without colour) to
the file instead, atomically and only once the run got that far: a usage
error or a missing plan leaves an existing file as it was.

The exit code depends only on the plans, never on the format: 0 all valid,
1 any invalid, 2 usage error (raised as :class:`UserError` before anything
is written).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from socialplan.diagnostics import PlanCheck
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, UserError


def _text(checks: Sequence[PlanCheck], quiet: bool) -> str:
    from socialplan.reporters.text import checks_as_text

    return checks_as_text(checks, quiet=quiet)


def _json(checks: Sequence[PlanCheck], quiet: bool) -> str:
    from socialplan.reporters.machine import validate_json

    return validate_json(checks)


def _github(checks: Sequence[PlanCheck], quiet: bool) -> str:
    from socialplan.reporters.machine import github_annotations

    return github_annotations([d for c in checks for d in c.diagnostics])


def _sarif(checks: Sequence[PlanCheck], quiet: bool) -> str:
    from socialplan.diagnostics import VALIDATION_CODES
    from socialplan.reporters.machine import sarif_log

    return sarif_log([d for c in checks for d in c.diagnostics], VALIDATION_CODES)


def _junit(checks: Sequence[PlanCheck], quiet: bool) -> str:
    from socialplan.reporters.machine import junit_xml

    return junit_xml(checks)


@dataclass(frozen=True)
class Reporter:
    """An output format of ``validate``."""

    description: str
    render: Callable[[Sequence[PlanCheck], bool], str]


# The --format choices and their help are derived from this registry. The
# renderers import their modules when called, so this module stays cheap to
# import from the command line layer.
REPORTERS: dict[str, Reporter] = {
    "text": Reporter("for people (the default)", _text),
    "json": Reporter("a versioned document ('socialplan schema validate-report' prints its schema)", _json),
    "github": Reporter("GitHub Actions annotations", _github),
    "sarif": Reporter("SARIF 2.1.0 for code scanning", _sarif),
    "junit": Reporter("JUnit XML, a test case per plan", _junit),
}


def format_help() -> str:
    return "Output format: " + "; ".join(f"{name}: {r.description}" for name, r in REPORTERS.items()) + "."


def run_validate(arguments: list[str], output_format: str, output: Path | None,
                 max_bytes: int | None, *, quiet: bool = False, jobs: int | None = None) -> int:
    reporter = REPORTERS.get(output_format)
    if reporter is None:
        raise UserError(f"unknown format '{output_format}'", hint=f"choose one of: {', '.join(REPORTERS)}")
    from socialplan.batch import check_plans, jobs_from
    from socialplan.output import emit, refuse_plan_files
    from socialplan.sources import expand_sources

    workers = jobs_from(jobs)
    sources = expand_sources(arguments)
    # Many plans are checked on every available core (see socialplan.batch);
    # the checks come back in the order of the sources either way.
    checks = check_plans(sources, max_bytes, workers)
    refuse_plan_files(output, [file for check in checks for file in check.files])
    if output_format == "text" and output is None:
        from socialplan.reporters.text import print_checks

        print_checks(checks, sys.stderr, quiet=quiet)
    else:
        emit(reporter.render(checks, quiet), output)
    return EXIT_OK if all(c.valid for c in checks) else EXIT_FINDINGS
