"""``socialplan business-case``: the financial model, rendered as a five-case
report in Markdown, HTML or JSON.

Order of work: load and validate the plan, check it can be modelled, model
it, draw, render; only then write. Nothing is written until everything has
been computed, and every file is written atomically, so a failed run leaves
an earlier report untouched.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from socialplan.commands import options
from socialplan.diagnostics import Diagnostic, Location, PlanCheck
from socialplan.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UserError
from socialplan.output import emit, refuse_plan_files, write_files
from socialplan.sources import single_plan
from socialplan.validation import ValidatedPlan, check_plan

if TYPE_CHECKING:
    from socialplan.branding import Logo
    from socialplan.businesscase.analysis import BusinessCase, Readiness
    from socialplan.businesscase.timing import TimingChoice

FORMATS = ("markdown", "html", "json")
SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json"}
TEMPLATES = {"markdown": "business-case.md.j2", "html": "business-case.html.j2"}
# Below this many draws the simulation takes a blink; no progress bar needed.
PROGRESS_FROM = 200_000


# --- problems in the plan ------------------------------------------------------------


def _report(check: PlanCheck, *, quiet: bool = False) -> None:
    from socialplan.reporters.text import make_console, render_checks

    render_checks([check], make_console(sys.stderr), quiet=quiet)


def _model_check(validated: ValidatedPlan) -> PlanCheck:
    from socialplan.finance.inputs import model_problems

    source = validated.loaded.source_map
    diagnostics = [
        Diagnostic(p.code, p.message, source.locate(p.path)[0], p.path, p.hint)
        for p in model_problems(validated.plan)
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return PlanCheck(validated.loaded.source, validated.loaded.files, diagnostics)


# --- readiness (socialplan assess, when available) ---------------------------------------


def _readiness(validated: ValidatedPlan, source: str, as_of: dt.date | None) -> tuple[Readiness | None, str | None]:
    """The verdict ``socialplan assess`` gives the plan, with the same
    settings (found the same way), and a warning when they cannot be read.

    A broken settings file does not stop the business case, but neither is
    a verdict judged with other settings shown: ``assess`` itself would
    refuse to give one, and two documents must not disagree.
    """
    from socialplan.businesscase.analysis import Readiness

    try:
        from socialplan.assess.config_files import config_for, display_name
        from socialplan.assess.engine import assess_plan
    except ImportError:
        return None, None  # the report is complete without it
    try:
        config, config_file = config_for(source)
    except UserError as error:
        return None, (f"The readiness verdict is left out: the assessment settings cannot be read "
                      f"({error.message.replace(chr(10) + '  ', '; ')}).")
    assessment = assess_plan(validated, config=config, as_of=as_of)
    verdict = getattr(assessment.verdict, "value", assessment.verdict)
    score = getattr(assessment, "score", None)
    return Readiness(str(verdict), float(score) if isinstance(score, (int, float)) else None,
                     display_name(config_file) if config_file is not None else None), None


# --- timing (socialplan rollout's schedule, when the plan has one) --------------------------


def _timing(validated: ValidatedPlan) -> TimingChoice:
    from socialplan.businesscase.timing import timing_from_schedule

    source_map = validated.loaded.source_map
    return timing_from_schedule(validated.plan, lambda path: str(source_map.locate(path)[0]))


def _timing_warnings(validated: ValidatedPlan, timing: TimingChoice) -> PlanCheck | None:
    """The rollout's problems, located, as warnings: they do not stop the
    business case, which then times the pilots from their lengths."""
    if not timing.problems:
        return None
    source_map = validated.loaded.source_map
    diagnostics = [
        Diagnostic(p.code, p.message,
                   source_map.locate(p.path)[0] if p.path is not None else Location(validated.loaded.source),
                   p.path or (), p.hint, "warning")
        for p in timing.problems
    ]
    diagnostics.sort(key=Diagnostic.sort_key)
    return PlanCheck(validated.loaded.source, validated.loaded.files, diagnostics)


# --- logo ------------------------------------------------------------------------------------


def _logo(validated: ValidatedPlan) -> Logo | None:
    """The plan's logo, or None; one that cannot be embedded is a located
    warning (SP107), not a reason to refuse the report."""
    from socialplan.branding import LOGO_PATH, find_logo

    branding = validated.plan.organisation.branding
    logo, problem = find_logo(branding.logo if branding else None, validated.loaded.source)
    if problem is not None:
        where = validated.loaded.source_map.locate(LOGO_PATH)[0]
        _report(PlanCheck(validated.loaded.source, validated.loaded.files,
                          [Diagnostic("SP107", problem.message, where, LOGO_PATH, problem.hint, "warning")]),
                quiet=True)
    return logo


# --- rendering ------------------------------------------------------------------------------------


def _progress(simulations: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A rich progress bar on stderr for long runs on a terminal."""
    if simulations < PROGRESS_FROM or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("simulating", total=simulations)
    bar.start()
    return (lambda done: bar.update(task, completed=done)), bar.stop


def _render(name: str, context: dict[str, Any], fmt: str, template_dir: Path | None) -> str:
    import jinja2

    from socialplan.templating import render

    try:
        return render(name, context, "html" if fmt == "html" else "markdown", template_dir)
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise UserError(f"{where}: template error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise UserError(f"template not found: {error.name}",
                        hint="a --template-dir file replaces a default of the same name") from None
    except jinja2.TemplateError as error:
        raise UserError(f"{name}: cannot render the template: {error}",
                        hint="check the templates in --template-dir against 'socialplan templates export'") from None


@dataclass
class ReportFiles:
    """The report and the files it refers to (charts, logo)."""

    report: Path | None  # None: standard output
    text: str
    attachments: dict[Path, str | bytes] = field(default_factory=dict)


def build_files(case: BusinessCase, validated: ValidatedPlan, fmt: str, output: Path | None,
                template_dir: Path | None) -> ReportFiles:
    """Draw and render everything, writing nothing yet."""
    from socialplan.businesscase.charts import Palette, draw_charts, inline_svg
    from socialplan.businesscase.context import DEFAULT_ACCENT, DEFAULT_PRIMARY, Chart, report_context

    target = output if output is not None and str(output) != "-" else None
    attachments: dict[Path, str | bytes] = {}
    branding = case.plan.organisation.branding
    palette = Palette(
        branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY,
        branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT,
    )
    logo: str | None = None
    found = _logo(validated)
    if found is not None and fmt == "html":
        logo = found.data_uri()
    elif found is not None and target is not None:
        beside = target.with_name(f"{target.stem}-logo{found.suffix}")
        attachments[beside] = found.path.read_bytes()
        logo = quote(beside.name)

    charts: dict[str, Chart] = {}
    # Markdown shows charts as files beside the report: none on stdout.
    if fmt == "html" or target is not None:
        for key, chart in draw_charts(case, palette).items():
            if fmt == "html":
                charts[key] = Chart(key, chart.title, chart.alt, svg=inline_svg(chart.svg or "", chart.alt))
            elif target is not None:
                beside = target.with_name(f"{target.stem}-{key}.svg")
                attachments[beside] = chart.svg or ""
                charts[key] = Chart(key, chart.title, chart.alt, href=quote(beside.name))
    context = report_context(case, charts=charts, logo=logo)
    text = _render(TEMPLATES[fmt], context, fmt, template_dir)
    return ReportFiles(target, text if text.endswith("\n") else text + "\n", attachments)


def _write(files: ReportFiles) -> None:
    """The report and its charts and logo all at once, or none of them: a
    failed run (a full disk) never leaves new charts beside an old report."""
    if files.report is None:
        emit(files.text, None)
        return
    write_files({**dict(sorted(files.attachments.items())), files.report: files.text})


# --- the command -------------------------------------------------------------------------------------


def run_business_case(
    plan: str,
    output_format: str | None,
    output: Path | None,
    *,
    simulations: int,
    seed: int,
    template_dir: Path | None = None,
    as_of: str | None = None,
    max_bytes: int | None = None,
) -> int:
    source = single_plan(plan)
    if output_format is not None and output_format not in FORMATS:
        raise UserError(f"unknown format '{output_format}'", hint=f"choose one of {', '.join(FORMATS)}")
    fmt = options.output_format(output_format, output, SUFFIX_FORMATS)
    as_of_date = options.date_option(as_of, "--as-of")
    if simulations < 0:
        raise UserError("--simulations cannot be negative")
    if template_dir is not None and not template_dir.is_dir():
        raise UserError(f"{template_dir}: no such folder", hint="--template-dir names a folder of templates")
    if template_dir is not None and fmt == "json":
        raise UserError("--template-dir has no effect with --format json")

    check, validated = check_plan(source, max_bytes)
    refuse_plan_files(output, check.files)
    if validated is None:
        _report(check)
        return EXIT_FINDINGS
    model_check = _model_check(validated)
    if model_check.diagnostics:
        _report(model_check)
        return EXIT_FINDINGS

    from socialplan.businesscase.analysis import analyse

    readiness, settings_warning = _readiness(validated, source, as_of_date)
    if settings_warning is not None:
        sys.stderr.write(f"socialplan: warning: {settings_warning[0].lower()}{settings_warning[1:]}\n")
    timing = _timing(validated)
    timing_check = _timing_warnings(validated, timing)
    if timing_check is not None:
        _report(timing_check, quiet=True)
        sys.stderr.write("socialplan: warning: the rollout cannot be scheduled, so the business case times "
                         "pilots and launch from the pilot lengths\n")
    warnings = tuple(w for w in (settings_warning,) if w is not None)
    if timing.problems:
        warnings += (f"The rollout plan cannot be scheduled, so pilots and launch are timed from the pilot "
                     f"lengths: {timing.reason}.",)
    source_map = validated.loaded.source_map

    def locate(path: tuple[str | int, ...]) -> str:
        where = source_map.locate(path)[0]
        return f"{where.file}:{where.line}"

    progress, done = _progress(simulations)
    try:
        case = analyse(validated.plan, validated.loaded.source, simulations=simulations, seed=seed,
                       locate=locate, progress=progress, readiness=readiness, timing=timing,
                       warnings=warnings)
    finally:
        done()

    if fmt == "json":
        from socialplan.businesscase.jsondoc import json_text

        emit(json_text(case), output)
        return EXIT_OK
    if fmt not in TEMPLATES:  # pragma: no cover - checked above
        return EXIT_USAGE
    _write(build_files(case, validated, fmt, output, template_dir))
    return EXIT_OK
