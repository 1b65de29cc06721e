"""What the plan's evidence says: survey waves aggregated to ADKAR per
group, and each pilot's result judged at its gate.

:func:`gather` reads every export the plan's ``evidence`` section names,
through one data engine, and returns the figures with every problem found
(located by file, row and column). An inline result naming no metric of
its pilot is a problem of the plan itself, located at its plan path
(``Findings.plan_problems``). Nothing here prints or writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from socialplan.data.engine import Engine
from socialplan.data.tabular import DataProblem
from socialplan.evidence.pilots import PilotOutcome, evaluate_pilot
from socialplan.evidence.spec import Evidence, MetricResult
from socialplan.evidence.surveys import GroupReadiness, SurveyResult, read_surveys
from socialplan.model import Plan
from socialplan.problems import Problem


@dataclass(frozen=True)
class Findings:
    """The evidence, aggregated."""

    surveys: tuple[SurveyResult, ...]
    pilots: tuple[PilotOutcome, ...]
    problems: tuple[DataProblem, ...]
    plan_problems: tuple[Problem, ...] = ()

    def latest_readiness(self) -> dict[str, tuple[GroupReadiness, SurveyResult]]:
        """Each group's readiness from the latest wave that reports it."""
        latest: dict[str, tuple[GroupReadiness, SurveyResult]] = {}
        for survey in self.surveys:  # oldest first
            for group in survey.groups:
                if not group.suppressed:
                    latest[group.id] = (group, survey)
        return latest

    def decision(self, use_case: str) -> PilotOutcome | None:
        return next((p for p in self.pilots if p.use_case == use_case), None)

    def pilots_known_on(self, day: dt.date) -> tuple[PilotOutcome, ...]:
        """The pilots whose gate was held by ``day`` (an undated result
        counts as known): a report as of a day uses only what was known on
        it, as assess does with survey waves, so re-running it as of a past
        day gives that day's figures."""
        return tuple(p for p in self.pilots if p.date is None or p.date <= day)


def gather(plan: Plan, evidence: Evidence, base: Path, *, engine: Engine | None = None) -> Findings:
    """Aggregate the surveys and judge the pilots the evidence names."""
    headcounts = {g.id: g.headcount for g in plan.stakeholders}
    use_cases = {u.id: u for u in plan.use_cases}
    own = engine is None
    active = engine or Engine()
    problems: list[DataProblem] = []
    plan_problems: list[Problem] = []
    pilots: list[PilotOutcome] = []
    try:
        surveys, survey_problems = read_surveys(evidence.surveys, base, headcounts, evidence.settings, engine=active)
        problems.extend(survey_problems)
        for i, entry in enumerate(evidence.pilots):
            use_case = use_cases.get(entry.use_case)
            if use_case is None or use_case.pilot is None:
                continue  # the plan's reference checks report it
            from socialplan.evidence.results import load_results, metric_hint, unknown_metric, unknown_metric_message

            names = [m.name for m in use_case.pilot.metrics]
            results: list[MetricResult] = []
            for j, result in enumerate(entry.results):
                if unknown_metric(result.metric, names):
                    plan_problems.append(Problem("EV017", unknown_metric_message(result.metric),
                                                 ("evidence", "pilots", i, "results", j, "metric"),
                                                 metric_hint(result.metric, names)))
                else:
                    results.append(result)
            if entry.file is not None:
                found, file_problems = load_results(active, entry.file, base, names)
                results.extend(found)
                problems.extend(file_problems)
            pilots.append(evaluate_pilot(use_case.id, use_case.pilot, entry.model_copy(update={"results": results})))
    finally:
        if own:
            active.close()
    return Findings(tuple(surveys), tuple(pilots), tuple(problems), tuple(plan_problems))
