"""The formats of ``socialplan assess``; the machine formats also render a
plan that is not valid (its validation problems), so a tool reading them
always gets a document."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from socialplan.diagnostics import PlanCheck
from socialplan.results import AssessReport

if TYPE_CHECKING:
    from socialplan.assess.engine import Assessment
    from socialplan.present import RenderOptions


def _assessment(report: AssessReport) -> Assessment:
    if report.assessment is None:
        raise ValueError("an invalid plan has no assessment to render")
    return report.assessment


def text(report: AssessReport, options: RenderOptions) -> str:
    from socialplan.reporters.assess_text import assessment_as_text

    return assessment_as_text(_assessment(report))


def print_text(report: AssessReport, stream: TextIO) -> None:
    from socialplan.reporters.assess_text import print_assessment

    print_assessment(_assessment(report), stream)


def json(report: AssessReport, options: RenderOptions) -> str:
    from socialplan.reporters.assess_json import assessment_document
    from socialplan.reporters.machine import dumps

    return dumps(assessment_document(_assessment(report), report.check, report.settings))


def markdown(report: AssessReport, options: RenderOptions) -> str:
    from socialplan.reporters.assess_markdown import assessment_markdown

    return assessment_markdown(_assessment(report))


def sarif(report: AssessReport, options: RenderOptions) -> str:
    from socialplan.reporters.assess_machine import assessment_sarif

    return assessment_sarif(_assessment(report))


def github(report: AssessReport, options: RenderOptions) -> str:
    from socialplan.reporters.assess_machine import assessment_github

    return assessment_github(_assessment(report))


def invalid_json(check: PlanCheck) -> str:
    from socialplan.reporters.assess_json import invalid_document
    from socialplan.reporters.machine import dumps

    return dumps(invalid_document(check, check.diagnostics))


def invalid_sarif(check: PlanCheck) -> str:
    from socialplan.diagnostics import VALIDATION_CODES
    from socialplan.reporters.machine import sarif_log

    return sarif_log(check.diagnostics, VALIDATION_CODES)


def invalid_github(check: PlanCheck) -> str:
    from socialplan.reporters.machine import github_annotations

    return github_annotations(check.diagnostics)


def html(report: AssessReport, options: RenderOptions) -> str:
    from socialplan.assess.context import scorecard_context
    from socialplan.present import render_template

    plan = report.validated.plan if report.validated is not None else None
    context = scorecard_context(_assessment(report), plan)
    return render_template("assess.html.j2", context, "html", options.template_dir)
