"""The formats of ``socialplan validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from socialplan.results import ValidateReport

if TYPE_CHECKING:
    from socialplan.present import RenderOptions


def text(report: ValidateReport, options: RenderOptions) -> str:
    from socialplan.reporters.text import checks_as_text

    return checks_as_text(report.checks, quiet=report.quiet)


def json(report: ValidateReport, options: RenderOptions) -> str:
    from socialplan.reporters.machine import validate_json

    return validate_json(report.checks)


def github(report: ValidateReport, options: RenderOptions) -> str:
    from socialplan.reporters.machine import github_annotations

    return github_annotations([d for c in report.checks for d in c.diagnostics])


def sarif(report: ValidateReport, options: RenderOptions) -> str:
    from socialplan.diagnostics import VALIDATION_CODES
    from socialplan.reporters.machine import sarif_log

    return sarif_log([d for c in report.checks for d in c.diagnostics], VALIDATION_CODES)


def junit(report: ValidateReport, options: RenderOptions) -> str:
    from socialplan.reporters.machine import junit_xml

    return junit_xml(report.checks)
