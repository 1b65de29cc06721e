"""Pilot results files and the evidence gathered from a plan."""

from __future__ import annotations

from pathlib import Path

from socialplan.data.engine import Engine
from socialplan.evidence import gather
from socialplan.evidence.results import load_results
from socialplan.evidence.spec import Evidence
from socialplan.model import Plan

PLAN = Plan.model_validate({
    "organisation": {"name": "N", "headcount": 1000},
    "stakeholders": [{"id": "staff", "headcount": 900}, {"id": "leads", "headcount": 100}],
    "use_cases": [{"id": "rooms", "title": "Project rooms", "pilot": {"participants": 40, "metrics": [
        {"name": "status calls per week", "direction": "decrease", "baseline": 5, "threshold": 3.5}]}}],
})


def test_a_results_file_gives_results_and_located_problems(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("Metric, Observed ,N,SD\nstatus calls per week,3.1,40,1.0\nother,abc,5,1\n")
    with Engine() as engine:
        results, problems = load_results(engine, "r.csv", tmp_path)
    assert [(r.metric, r.observed, r.n, r.sd) for r in results] == [("status calls per week", 3.1, 40, 1.0)]
    (problem,) = problems
    assert (problem.code, problem.row, problem.column) == ("EV016", 3, "Observed")
    assert "'abc'" in problem.message


def test_an_unknown_column_is_refused_with_a_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("metric,observed,sample size\nx,1,40\n")
    with Engine() as engine:
        results, problems = load_results(engine, "r.csv", tmp_path)
    assert results == [] and [p.column for p in problems] == ["sample size"]


def test_gather_judges_each_pilot_from_its_file(tmp_path: Path) -> None:
    (tmp_path / "rooms.csv").write_text("metric,observed,n,sd\nstatus calls per week,3.0,50,1.0\n")
    evidence = Evidence.model_validate({"pilots": [{"use_case": "rooms", "file": "rooms.csv"}]})
    findings = gather(PLAN, evidence, tmp_path)
    assert findings.problems == ()
    outcome = findings.decision("rooms")
    assert outcome is not None and outcome.decision == "scale"


def test_a_file_row_naming_no_metric_of_the_pilot_is_located_with_a_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "rooms.csv").write_text("Metric,observed,n,sd\nstatus calls per week,3.0,50,1.0\n"
                                        "status cals per week,2.0,50,1.0\n")
    evidence = Evidence.model_validate({"pilots": [{"use_case": "rooms", "file": "rooms.csv"}]})
    findings = gather(PLAN, evidence, tmp_path)
    (problem,) = findings.problems
    assert (problem.code, problem.file, problem.row, problem.column) == ("EV017", "rooms.csv", 3, "Metric")
    assert "'status cals per week' is not a metric of this pilot" in problem.message
    assert problem.hint == "did you mean 'status calls per week'?"
    outcome = findings.decision("rooms")  # the known row is still judged
    assert outcome is not None and [m.observed for m in outcome.metrics] == [3.0]


def test_an_inline_result_naming_no_metric_is_a_plan_problem_at_its_path(tmp_path: Path) -> None:
    evidence = Evidence.model_validate({"pilots": [{"use_case": "rooms", "results": [
        {"metric": "status calls per week", "observed": 3.0},
        {"metric": "Status Calls", "observed": 2.0}]}]})
    findings = gather(PLAN, evidence, tmp_path)
    assert findings.problems == ()
    (problem,) = findings.plan_problems
    assert problem.code == "EV017"
    assert problem.path == ("evidence", "pilots", 0, "results", 1, "metric")
    assert problem.hint == "did you mean 'status calls per week'?"
