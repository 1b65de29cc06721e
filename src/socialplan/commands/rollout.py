"""``socialplan rollout``: the scheduled rollout plan, in the chosen format.

load -> validate -> build (generate, override, schedule, RACI,
communications, measurement) -> present (template or exporter) -> write.
Problems in the plan are printed located (file:line:column) on standard
error with exit code 1; warnings are printed too but do not stop the plan.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialplan.commands import options
from socialplan.diagnostics import Diagnostic, Location, PlanCheck
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, UserError
from socialplan.output import refuse_plan_files, write_file
from socialplan.sources import single_plan
from socialplan.templating import TemplateFormat
from socialplan.validation import ValidatedPlan, check_plan

if TYPE_CHECKING:
    from socialplan.rollout import Problem, RolloutPlan
    from socialplan.rollout.readiness import Readiness
    from socialplan.yamlsafe import SourceMap

Renderer = Callable[["RolloutPlan", "Job"], "str | bytes"]


def _render(name: str, context: dict[str, Any], fmt: TemplateFormat, template_dir: Path | None) -> str:
    """Render a report template; a broken custom template is the user's to fix, not a crash."""
    import jinja2

    from socialplan.templating import render

    try:
        return render(name, context, fmt, template_dir)
    except jinja2.TemplateSyntaxError as error:
        raise UserError(f"{error.filename or name}:{error.lineno}: template syntax error: {error.message}") from None
    except jinja2.TemplateError as error:
        raise UserError(f"{name}: the template failed: {error}",
                        hint="compare it with the default from 'socialplan templates export'") from None


@dataclass
class Job:
    """What a renderer needs besides the rollout itself."""

    source: str
    warnings: list[Diagnostic]
    template_dir: Path | None = None
    logo: str | None = None  # a data URI, for HTML
    readiness: Readiness | None = None  # the plan's assessment, shown beside the dates


def _markdown(rollout: RolloutPlan, job: Job) -> str:
    from socialplan.rollout.context import report_context

    return _render("rollout.md.j2", report_context(rollout, job.source, job.warnings, html=False,
                                                   readiness=job.readiness), "markdown", job.template_dir)


def _html(rollout: RolloutPlan, job: Job) -> str:
    from socialplan.rollout.context import report_context

    context = report_context(rollout, job.source, job.warnings, html=True, logo=job.logo, readiness=job.readiness)
    return _render("rollout.html.j2", context, "html", job.template_dir)


def _json(rollout: RolloutPlan, job: Job) -> str:
    from socialplan.rollout.exporters import to_json

    return to_json(rollout, job.source, job.warnings, job.readiness)


def _csv(rollout: RolloutPlan, job: Job) -> str:
    from socialplan.rollout.exporters import to_csv

    return to_csv(rollout)


def _ics(rollout: RolloutPlan, job: Job) -> bytes:
    from socialplan.rollout.exporters import to_ics

    return to_ics(rollout)


# Output formats by --format name; the CLI's choices mirror these keys.
FORMATS: dict[str, Renderer] = {
    "markdown": _markdown,
    "html": _html,
    "json": _json,
    "ics": _ics,
    "csv": _csv,
}
SUFFIXES: dict[str, str] = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
                            ".json": "json", ".ics": "ics", ".csv": "csv"}


def _located(problem: Problem, source_map: SourceMap, fallback: str) -> Diagnostic:
    if problem.path is None:
        where = Location(fallback)
    else:
        where, _ = source_map.locate(problem.path)
    return Diagnostic(problem.code, problem.message, where, problem.path or (), problem.hint, problem.severity)


def _embedded_logo(validated: ValidatedPlan) -> tuple[str | None, Problem | None]:
    """The plan's logo as a data URI, so the HTML stays one file."""
    from socialplan.branding import LOGO_PATH, find_logo
    from socialplan.rollout import Problem

    branding = validated.plan.organisation.branding
    logo, problem = find_logo(branding.logo if branding else None, validated.loaded.source)
    if problem is not None:
        return None, Problem("RL030", problem.message, LOGO_PATH, problem.hint, severity="warning")
    return (logo.data_uri() if logo is not None else None), None


def _readiness(source: str, validated: ValidatedPlan, as_of: dt.date) -> Readiness:
    """The plan's readiness, as ``socialplan assess`` judges it with the
    plan's settings file: a rollout that looks complete must not hide a plan
    that is not ready. Judged as of the programme start, so the same plan
    gives the same report on any day."""
    from socialplan.assess.config_files import config_for
    from socialplan.assess.engine import assess_plan
    from socialplan.rollout.readiness import Readiness

    config, _ = config_for(source, None, use_files=True)
    return Readiness.of(assess_plan(validated, config=config, as_of=as_of))


def _report(check: PlanCheck, diagnostics: list[Diagnostic]) -> None:
    from socialplan.reporters.text import make_console, render_checks

    render_checks([PlanCheck(check.source, check.files, diagnostics)], make_console(sys.stderr), quiet=True)


def run_rollout(plan_argument: str, output_format: str | None, output: Path | None, *,
                template_dir: Path | None = None, start: str | None = None, max_bytes: int | None = None,
                quiet: bool = False) -> int:
    fmt = options.output_format(output_format, output, SUFFIXES)
    if fmt not in FORMATS:
        raise UserError(f"unknown format '{fmt}'", hint="choose one of " + ", ".join(FORMATS))
    if template_dir is not None and not template_dir.is_dir():
        raise UserError(f"--template-dir {template_dir}: no such folder")
    start_date = options.date_option(start, "--start")
    source = single_plan(plan_argument)
    check, validated = check_plan(source, max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        _report(check, check.diagnostics)
        return EXIT_FINDINGS

    from socialplan.rollout import RolloutError, build_rollout

    source_map = validated.loaded.source_map
    try:
        rollout = build_rollout(validated.plan, start_date)
    except RolloutError as error:
        diagnostics = sorted((_located(p, source_map, check.source) for p in error.problems),
                             key=Diagnostic.sort_key)
        _report(check, diagnostics)
        return EXIT_FINDINGS
    problems = list(rollout.warnings)
    logo = None
    if fmt == "html":
        logo, logo_problem = _embedded_logo(validated)
        problems += [logo_problem] if logo_problem else []
    warnings = sorted((_located(p, source_map, check.source) for p in problems), key=Diagnostic.sort_key)
    if warnings and not quiet:
        _report(check, warnings)
    readiness = _readiness(source, validated, rollout.schedule.start) if fmt in ("markdown", "html", "json") else None
    content = FORMATS[fmt](rollout, Job(check.source, warnings, template_dir, logo, readiness))
    if output is not None and str(output) != "-":
        write_file(output, content)
    elif isinstance(content, str):
        sys.stdout.write(content)
        sys.stdout.flush()
    else:  # iCalendar: bytes with CRLF line ends, written as they are
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    return EXIT_OK
