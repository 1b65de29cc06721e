"""socialplan as a library: check a plan, assess it, build its business
case, schedule its rollout and render any of them, writing nothing.

The command line is a thin shell over these functions; a notebook or
another tool can call them the same way::

    from socialplan import api

    result = api.business_case("examples/retail-pilot-first.yaml", simulations=1000)
    if result.report is None:               # the plan cannot be modelled
        for problem in result.check.diagnostics:
            print(problem.location, problem.code, problem.message)
    else:
        print(result.report.case.appraisal.leading)
        html = api.render(result.report, "html").text

Every function takes a plan source (a file, a folder plan, ``"-"``) or a
plan already checked with :func:`check`, and returns a
:class:`~socialplan.results.Result`: the report, or None with the located
problems that stopped it. Problems in the plan are data, never exceptions;
:class:`~socialplan.errors.UserError` is raised only for a mistake in the
call itself (an unreadable settings file, an unknown format, a broken
template). See docs/api.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Union

from socialplan.diagnostics import Diagnostic, PlanCheck
from socialplan.errors import UserError
from socialplan.present import Rendered, RenderOptions
from socialplan.present import render as _render
from socialplan.problems import Problem, located_check
from socialplan.results import (
    AssessReport,
    BusinessCaseReport,
    DiffResult,
    EvidenceReport,
    PackReport,
    PlanDiff,
    Result,
    RolloutReport,
    TrackReport,
    ValidateReport,
)
from socialplan.validation import ValidatedPlan, check_plan

if TYPE_CHECKING:
    from socialplan.assess.config import AssessConfig
    from socialplan.branding import Logo
    from socialplan.businesscase.analysis import Readiness
    from socialplan.diff.compare import Snapshot

PlanSource = Union[str, "os.PathLike[str]", ValidatedPlan]

# The business case's Monte Carlo defaults (socialplan.finance.simulation),
# repeated so that importing this module does not load numpy.
DEFAULT_SIMULATIONS = 10_000
DEFAULT_SEED = 2012

__all__ = [
    "AssessReport", "BusinessCaseReport", "DiffResult", "EvidenceReport", "PlanCheck", "PlanDiff", "RenderOptions",
    "Rendered", "Result", "RolloutReport", "TrackReport", "ValidateReport", "assess", "business_case", "check", "diff",
    "evidence", "render", "rollout", "track", "validate",
]


def check(plan: str | os.PathLike[str], *, max_bytes: int | None = None) -> tuple[PlanCheck, ValidatedPlan | None]:
    """Load and validate one plan: its located problems, and the plan when valid."""
    return check_plan(os.fspath(plan), max_bytes)


def validate(plans: list[str | os.PathLike[str]], *, max_bytes: int | None = None,
             quiet: bool = False) -> ValidateReport:
    """Check several plans (what ``socialplan validate`` reports)."""
    return ValidateReport([check(p, max_bytes=max_bytes)[0] for p in plans], quiet=quiet)


def _validated(plan: PlanSource, max_bytes: int | None) -> tuple[PlanCheck, ValidatedPlan | None]:
    if isinstance(plan, ValidatedPlan):
        loaded = plan.loaded
        # Its warnings from loading (a valid plan has no errors left to report).
        return PlanCheck(loaded.source, loaded.files, sorted(loaded.diagnostics, key=Diagnostic.sort_key)), plan
    return check(plan, max_bytes=max_bytes)


def _source(validated: ValidatedPlan) -> str:
    return validated.loaded.source


def assess(plan: PlanSource, *, as_of: dt.date | None = None, config: AssessConfig | None = None,
           config_path: Path | None = None, use_config: bool = True, settings_name: str | None = None,
           max_bytes: int | None = None) -> Result[AssessReport]:
    """The readiness assessment. Settings: ``config`` if given, else the file
    ``config_path``, else the one found beside the plan (unless
    ``use_config`` is false), as ``socialplan assess`` finds them."""
    from socialplan.assess.engine import assess_plan

    check_, validated = _validated(plan, max_bytes)
    if validated is None:
        return Result(check_, None)
    if config is None:
        from socialplan.assess.config_files import config_for, display_name

        config, found = config_for(_source(validated), config_path, use_files=use_config)
        settings_name = display_name(found) if found is not None else None
    assessment = assess_plan(validated, config=config, as_of=as_of or dt.date.today())
    notes = (*assessment.notes, *_pilot_notes(validated))
    return Result(check_, AssessReport(check_, assessment, settings_name, validated), notes)


def _pilot_notes(validated: ValidatedPlan) -> tuple[str, ...]:
    """One warning when some pilot results cannot be used (a result naming
    no metric of its pilot, a results file with problems): the pilots are
    then judged on what could be read, and the reader must know."""
    findings = validated.evidence
    if findings is None:
        return ()
    pilot_files = {p.file for p in validated.plan.evidence.pilots if p.file is not None}
    first = next((str(p) for p in findings.problems if p.file in pilot_files), None)
    if first is None and findings.plan_problems:
        problem = findings.plan_problems[0]
        where = str(validated.loaded.source_map.locate(problem.path)[0]) if problem.path else _source(validated)
        first = f"{where}: {problem.code} {problem.message}"
    if first is None:
        return ()
    return (f"some pilot results cannot be used, so the pilots are judged on the rest: {first}; "
            "run socialplan evidence PLAN for all",)


def _readiness(validated: ValidatedPlan, as_of: dt.date | None) -> tuple[Readiness | None, str | None]:
    """The verdict ``socialplan assess`` gives the plan, with the settings it
    would find, or why there is none. A broken settings file does not stop
    the business case, but neither is a verdict judged with other settings
    shown: ``assess`` itself would refuse to give one, and two documents
    must not disagree."""
    from socialplan.businesscase.analysis import Readiness

    try:
        result = assess(validated, as_of=as_of)
    except UserError as error:
        return None, (f"The readiness verdict is left out: the assessment settings cannot be read "
                      f"({error.message.replace(chr(10) + '  ', '; ')}).")
    if result.report is None or result.report.assessment is None:  # pragma: no cover - the plan is valid
        return None, None
    assessment = result.report.assessment
    barriers: dict[str, tuple[str, float, str, str]] = {}
    for group in assessment.stakeholders:
        if group.barrier is not None and group.adkar is not None:
            level = group.adkar[group.barrier]
            shown = f"{level:g}" if isinstance(level, int) else f"{level:.1f}"
            source = "" if group.adkar_source in (None, "plan") else f", from {group.adkar_source}"
            barriers[group.id] = (group.barrier, float(level), shown, source)
    return Readiness(str(assessment.verdict), float(assessment.score), result.report.settings, barriers), None


def _logo(validated: ValidatedPlan) -> tuple[Logo | None, Problem | None]:
    from socialplan.branding import find_logo

    branding = validated.plan.organisation.branding
    return find_logo(branding.logo if branding else None, _source(validated))


def business_case(plan: PlanSource, *, simulations: int = DEFAULT_SIMULATIONS, seed: int = DEFAULT_SEED,
                  as_of: dt.date | None = None, progress: Callable[[int], None] | None = None,
                  max_bytes: int | None = None) -> Result[BusinessCaseReport]:
    """The business case: every option appraised, the leading one's
    sensitivity and Monte Carlo simulation (``simulations`` draws; 0 skips
    it), timed by the rollout schedule when the plan can be scheduled, with
    the readiness verdict of :func:`assess`. The pilots the plan's evidence
    judges apply: a stop takes its use case out of every option, a scale
    puts the observed effect in place of its benefits' estimates."""
    from socialplan.businesscase.analysis import analyse
    from socialplan.businesscase.timing import timing_from_schedule
    from socialplan.finance.inputs import model_problems, model_warnings

    if simulations < 0:
        raise UserError("the number of simulations cannot be negative")
    check_, validated = _validated(plan, max_bytes)
    if validated is None:
        return Result(check_, None)
    blocking = model_problems(validated.plan)
    if blocking:
        return Result(located_check(validated, blocking), None)

    source_map = validated.loaded.source_map

    def where(path: tuple[str | int, ...]) -> str:
        found = source_map.locate(path)[0]
        return f"{found.file}:{found.line}"

    notes: list[str] = []
    readiness, settings_note = _readiness(validated, as_of)
    timing = timing_from_schedule(validated.plan, lambda path: str(source_map.locate(path)[0]))
    in_report = [settings_note] if settings_note else []
    if settings_note:
        notes.append(settings_note)
    if timing.problems:
        notes.append("The rollout cannot be scheduled, so the business case times pilots and launch from the "
                     "pilot lengths.")
        in_report.append(f"The rollout plan cannot be scheduled, so pilots and launch are timed from the pilot "
                         f"lengths: {timing.reason}.")
    findings = validated.evidence
    if findings is not None and (findings.problems or findings.plan_problems):
        in_report.append("Some of the evidence cannot be used (run 'socialplan evidence' for where): the pilots "
                         "are judged on the results that could be read.")
    case = analyse(validated.plan, _source(validated), simulations=simulations, seed=seed, locate=where,
                   progress=progress, readiness=readiness, timing=timing, warnings=tuple(in_report),
                   pilots=findings.pilots_known_on(as_of or dt.date.today()) if findings is not None else ())
    logo, logo_problem = _logo(validated)
    warnings = [*model_warnings(validated.plan), *timing.problems]
    return Result(located_check(validated, warnings),
                  BusinessCaseReport(validated, case, logo, logo_problem, as_of or dt.date.today()), tuple(notes))


def rollout(plan: PlanSource, *, start: dt.date | None = None, as_of: dt.date | None = None,
            max_bytes: int | None = None) -> Result[RolloutReport]:
    """The rollout plan scheduled from ``start`` (default ``rollout.start``);
    its warnings are in the report, its errors in ``check`` when it cannot
    be scheduled. ``as_of`` (default today) is the date the report is
    stamped with; it changes no date of the schedule. Each pilot's decision
    gate carries its outcome when the plan's evidence judges that pilot
    (``pending`` otherwise)."""
    from socialplan.rollout import RolloutError, build_rollout

    check_, validated = _validated(plan, max_bytes)
    if validated is None:
        return Result(check_, None)
    try:
        evidence = validated.evidence
        known = evidence.pilots_known_on(as_of or dt.date.today()) if evidence is not None else ()
        built = build_rollout(validated.plan, start, known)
    except RolloutError as error:
        return Result(located_check(validated, error.problems), None)
    logo, logo_problem = _logo(validated)
    # The readiness verdict travels with the rollout, so a weak plan's
    # schedule does not look complete. Judged as of the programme start: the
    # same plan gives the same report on any day. Settings that cannot be
    # read stop only the formats that show the verdict.
    from socialplan.rollout.readiness import Readiness as RolloutReadiness

    readiness: RolloutReadiness | None = None
    readiness_error: UserError | None = None
    try:
        assessed = assess(validated, as_of=built.schedule.start)
    except UserError as error:
        readiness_error = error
    else:
        if assessed.report is not None and assessed.report.assessment is not None:
            readiness = RolloutReadiness.of(assessed.report.assessment)
    return Result(check_, RolloutReport(validated, built, tuple(built.warnings), logo, logo_problem, readiness,
                                        readiness_error, as_of or dt.date.today()), _pilot_notes(validated))


def track(plan: PlanSource, *, as_of: dt.date | None = None, max_bytes: int | None = None) -> Result[TrackReport]:
    """Adoption and KPIs after launch against the plan: reads the usage
    exports and KPI files the plan's ``tracking`` section names (relative to
    the plan's folder). Data problems are in the report, located by file,
    row and column; a source with an error is left out of the figures."""
    from socialplan.businesscase.timing import timing_from_schedule
    from socialplan.track.analysis import analyse_track
    from socialplan.track.gather import gather

    check_, validated = _validated(plan, max_bytes)
    if validated is None:
        return Result(check_, None)
    tracking = validated.plan.tracking
    if tracking is None or not (tracking.usage or tracking.kpis):
        return Result(located_check(validated, [Problem(
            "EV021", "the plan has no tracking section naming usage exports or KPI observations", ("tracking",),
            hint="add tracking.usage (a folder of usage snapshots) and tracking.kpis; see docs/track.md")]), None)
    blocking = _model_problems(validated)
    if blocking:
        return Result(located_check(validated, blocking), None)
    source_map = validated.loaded.source_map
    timing = timing_from_schedule(validated.plan, lambda path: str(source_map.locate(path)[0]))
    actuals, observations, problems = gather(validated.plan, tracking, validated.folder)
    reviews: list[tuple[str, dt.date]] = []
    if timing.scheduled:
        from socialplan.rollout import build_rollout

        schedule = build_rollout(validated.plan).schedule
        reviews = sorted(((a.spec.name, a.start) for a in schedule.activities if a.spec.kind in ("gate", "review")),
                         key=lambda r: (r[1], r[0]))
    evidence = validated.evidence
    analysis = analyse_track(validated.plan, timing, actuals, observations, as_of or tracking.as_of, reviews,
                             evidence.pilots if evidence is not None else ())
    notes = (timing.reason,) if timing.reason else ()
    logo, logo_problem = _logo(validated)
    return Result(check_, TrackReport(validated, analysis, tuple(problems), logo, logo_problem), notes)


def _model_problems(validated: ValidatedPlan) -> list[Problem]:
    from socialplan.finance.inputs import model_problems

    return model_problems(validated.plan)


def render(report: object, fmt: str, *, template_dir: Path | None = None, stem: str | None = None,
           excel: bool = False) -> Rendered:
    """A report (from any function above) in format ``fmt``, in memory.

    ``stem`` names the report file without its suffix, for the files that go
    beside it (a Markdown business case's charts); without it Markdown has
    no charts. ``rendered.attachments`` maps those files' names to their data.
    """
    options = RenderOptions(template_dir, stem, excel=excel)
    if template_dir is not None and not Path(template_dir).is_dir():
        raise UserError(f"{template_dir}: no such folder", hint="--template-dir names a folder of templates")
    return _render(report, fmt, options)



# --- socialplan diff ---------------------------------------------------------

# A modest simulation: enough for a stable chance that NPV > 0 to compare,
# few enough that a pull-request check stays quick. The same seed on both
# sides, so only the plan's changes move the figures.
DIFF_SIMULATIONS = 2_000


def _relabel_check(check_: PlanCheck, root: str | None, label_root: str) -> PlanCheck:
    """Problems in a plan laid out from a git revision, located as
    ``REV:path`` instead of the temporary folder."""
    if root is None:
        return check_
    from dataclasses import replace

    def name(file: str) -> str:
        return _relabel(file, root, label_root)

    diagnostics = [replace(d, location=replace(d.location, file=name(d.location.file))) for d in check_.diagnostics]
    return PlanCheck(name(check_.source), [name(f) for f in check_.files], diagnostics)


def _relabel(file: str, root: str | None, label_root: str) -> str:
    if root is None:
        return file
    prefix = root.rstrip(os.sep) + os.sep
    return label_root + file[len(prefix):].replace(os.sep, "/") if file.startswith(prefix) else file


def _snapshot(validated: ValidatedPlan, label: str, root: str | None, label_root: str, *, as_of: dt.date,
              simulations: int, seed: int) -> Snapshot:
    from socialplan.businesscase.jsondoc import business_case_report
    from socialplan.diff.compare import Snapshot
    from socialplan.reporters.assess_json import assessment_report
    from socialplan.rollout.exporters import rollout_report

    missing: list[str] = []
    assessed = assess(validated, as_of=as_of, use_config=False)
    assessment = None
    if assessed.report is not None and assessed.report.assessment is not None:
        document = assessment_report(assessed.report.assessment, assessed.check, None)
        findings = [f.model_copy(update={"file": _relabel(f.file, root, label_root)}) for f in document.findings]
        assessment = document.model_copy(update={"findings": findings})
    case = business_case(validated, simulations=simulations, seed=seed, as_of=as_of)
    if case.report is None:
        missing.append("business case: " + "; ".join(d.message for d in case.check.diagnostics if
                                                      d.severity == "error")[:300])
    scheduled = rollout(validated, as_of=as_of)
    if scheduled.report is None:
        missing.append("rollout: " + "; ".join(d.message for d in scheduled.check.diagnostics if
                                               d.severity == "error")[:300])
    plan = validated.plan
    return Snapshot(
        source=label, organisation=plan.organisation.name, currency=plan.organisation.currency,
        assessment=assessment,
        case=business_case_report(case.report.case, case.report.stamp) if case.report is not None else None,
        rollout=(rollout_report(scheduled.report.rollout, label, (), scheduled.report.stamp)
                 if scheduled.report is not None else None),
        missing=tuple(missing), plan=plan,
    )


def diff(old: str, new: str, *, as_of: dt.date | None = None, simulations: int = DIFF_SIMULATIONS,
         seed: int = DEFAULT_SEED, npv_threshold: str = "5%", max_bytes: int | None = None,
         cwd: str = ".") -> DiffResult:
    """What changed from plan ``old`` to plan ``new``, by meaning: findings,
    verdict and score, NPV and its chance of being positive, cost and benefit
    lines, the schedule's finish, critical path and activities.

    Each is a plan file or folder, or ``REVISION:PATH`` read from the git
    repository at ``cwd`` (laid out in a temporary folder, removed after).
    Both are assessed as of the same day (default today) with the default
    settings, and their business cases simulated with the same seed. A bad
    revision raises :class:`~socialplan.errors.UserError`; a plan that is
    not valid gives a result without a report, its problems located."""
    import tempfile

    from socialplan.diff.compare import compare, parse_threshold
    from socialplan.diff.revisions import checkout, is_revision

    threshold = parse_threshold(npv_threshold)
    if simulations < 0:
        raise UserError("the number of simulations cannot be negative")
    day = as_of or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="socialplan-diff-") as scratch:
        sides: list[tuple[str, str, str | None, str]] = []
        for index, argument in enumerate((old, new)):
            if is_revision(argument):
                at = checkout(argument, Path(scratch) / str(index), cwd=cwd)
                sides.append((argument, at.path, at.root, argument.partition(":")[0] + ":"))
            else:
                from socialplan.sources import single_plan

                sides.append((argument, single_plan(argument), None, ""))
        checked = [check(path, max_bytes=max_bytes) for _, path, _, _ in sides]
        checks = [_relabel_check(c, root, label_root)
                  for (c, _), (_, _, root, label_root) in zip(checked, sides, strict=True)]
        old_plan, new_plan = checked[0][1], checked[1][1]
        if old_plan is None or new_plan is None:
            return DiffResult(checks[0], checks[1], None)
        snapshots = [_snapshot(plan, label, root, label_root, as_of=day, simulations=simulations, seed=seed)
                     for plan, (label, _, root, label_root) in zip((old_plan, new_plan), sides, strict=True)]
    document = compare(snapshots[0], snapshots[1], as_of=day, simulations=simulations, seed=seed,
                       threshold=threshold)
    return DiffResult(checks[0], checks[1], PlanDiff(document))


# --- socialplan evidence -------------------------------------------------------


def evidence(plan: PlanSource, *, as_of: dt.date | None = None,
             max_bytes: int | None = None) -> Result[EvidenceReport]:
    """What the plan's ``evidence`` section finds: each survey wave
    aggregated to ADKAR per group (small groups suppressed) and each pilot
    judged at its gate. Exports that cannot be used are data problems in
    ``report.findings.problems`` (file, row, column), not exceptions."""
    from socialplan.evidence import gather

    check_, validated = _validated(plan, max_bytes)
    if validated is None:
        return Result(check_, None)
    findings = validated.evidence or gather(validated.plan, validated.plan.evidence, validated.folder)
    if findings.plan_problems:  # a result naming no metric of its pilot: the plan is wrong where it says so
        return Result(located_check(validated, findings.plan_problems), None)
    return Result(check_, EvidenceReport(validated, findings, as_of or dt.date.today()))


# --- the board pack -----------------------------------------------------------


def pack(plan: PlanSource, *, stage: str = "full", as_of: dt.date | None = None,
         simulations: int = DEFAULT_SIMULATIONS, seed: int = DEFAULT_SEED,
         max_bytes: int | None = None) -> Result[PackReport]:
    """The board pack for ``stage`` (pilot, outline or full): the reports it
    needs, each made by its own function here, as the commands make them."""
    from socialplan.pack import STAGES

    if stage not in STAGES:
        raise UserError(f"--stage {stage}: not a stage", hint=f"choose one of: {', '.join(STAGES)}")
    check_, validated = _validated(plan, max_bytes)
    if validated is None:
        return Result(check_, None)
    sections = STAGES[stage].sections
    assessed = assess(validated, as_of=as_of)
    if assessed.report is None:
        return Result(assessed.check, None)
    notes: list[str] = []
    case: BusinessCaseReport | None = None
    if "business-case" in sections:
        made = business_case(validated, simulations=simulations, seed=seed, as_of=as_of)
        if made.report is None:
            return Result(made.check, None, made.notes)
        case, notes = made.report, [*notes, *made.notes]
    scheduled: RolloutReport | None = None
    if "rollout" in sections:
        rolled = rollout(validated, as_of=as_of)
        if rolled.report is None:
            return Result(rolled.check, None, tuple(notes))
        scheduled = rolled.report
    report = PackReport(validated, stage, assessed.report, case, scheduled, tuple(notes))
    return Result(check_, report, tuple(notes))
