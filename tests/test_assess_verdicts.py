"""Sharper verdicts: senior groups that decide the outcome, the lowest ADKAR
element, drop-in sessions, stakeholder coverage, and what would change the
verdict, checked against independent re-assessments of edited plans."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from clirunner import Runner
from socialplan.assess.config import AssessConfig
from socialplan.assess.engine import Assessment, assess_plan
from socialplan.assess.examples import plan_from_text
from socialplan.assess.findings import Finding
from socialplan.assess.rule import SUPPRESSIBLE_SECTIONS
from socialplan.reporters.assess_json import assess_json_schema
from socialplan.reporters.assess_markdown import assessment_markdown
from socialplan.reporters.assess_text import assessment_as_text
from socialplan.validation import ValidatedPlan, check_plan

AS_OF = dt.date(2026, 12, 1)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ORDER = ("go", "pilot-first", "not-ready")

# A plan that is go with the defaults: one sponsor group, one workforce group
# surveyed, tested, trained and with champions.
GOOD: dict[str, Any] = {
    "organisation": {"name": "Acme", "headcount": 1040},
    "objectives": [{"id": "connect", "title": "Connect staff", "sponsor": "board",
                    "kpis": [{"name": "hours to find an expert", "baseline": 6, "target": 2, "direction": "decrease",
                              "by": "2030-12-31", "owner": "Head of comms"}]}],
    "use_cases": [{"id": "rooms", "title": "Project rooms", "owner": "Head of delivery",
                   "objectives": ["connect"], "stakeholders": ["staff"],
                   "hypothesis": "Rooms cut status calls by 30%",
                   "benefits": [{"name": "fewer calls", "hours_per_user_week": 0.5,
                                 "kpi": "hours to find an expert"}],
                   "effort": 2, "reach": 1000, "impact": 2, "confidence": 0.8,
                   "pilot": {"participants": 50, "weeks": 6, "groups": ["staff"],
                             "metrics": [{"name": "calls", "baseline": 5, "threshold": 3,
                                          "direction": "decrease"}],
                             "decision_rule": "Scale if calls fall below 3"}}],
    "stakeholders": [
        {"id": "board", "headcount": 40, "senior": True, "power": "high", "interest": "high",
         "attitude": "supportive", "roles": ["sponsor"], "research": "interview",
         "adkar": {"awareness": 4, "desire": 4, "knowledge": 3, "ability": 3, "reinforcement": 2},
         "goals": ["grow"], "wiifm": "See ideas early", "education": ["briefing"]},
        {"id": "staff", "headcount": 1000, "research": "survey", "usability_testing": True,
         "adkar": {"awareness": 4, "desire": 4, "knowledge": 2, "ability": 2, "reinforcement": 1},
         "goals": ["hit targets"], "wiifm": "Answers fast", "education": ["webinar"], "champions": 10},
    ],
    "options": [{"id": "do-nothing", "title": "Keep email", "baseline": True},
                {"id": "engage", "title": "Viva Engage"}],
    "finance": {"loaded_hourly_cost": 50, "costs": [{"name": "licences", "amount": 10000}]},
}


def validated(data: dict[str, Any]) -> ValidatedPlan:
    plan, problems = plan_from_text(yaml.safe_dump(data, sort_keys=False), "plan.yaml")
    assert plan is not None, [p.message for p in problems]
    return plan


def assess(data: dict[str, Any], config: AssessConfig | None = None) -> Assessment:
    return assess_plan(validated(data), as_of=AS_OF, config=config)


# The oracle below suppresses findings with 'ignore' entries, and each entry
# is itself checked by DA07 (a passing check that would raise the data
# score); weighing DA07 at 0 in both runs keeps that out of the comparison.
NO_DA07 = AssessConfig.model_validate({"weights": {"DA07": 0}})


def board(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    edited = copy.deepcopy(data)
    edited["stakeholders"][0].update(changes)
    return edited


def codes(a: Assessment) -> list[str]:
    return [f.code for f in a.active]


def test_the_good_plan_is_go() -> None:
    a = assess(GOOD)
    assert a.verdict == "go", a.reasons
    assert a.next_steps == [] and a.next_band is None


# --- a senior, high-power group decides the outcome ----------------------------------


@pytest.mark.parametrize("changes", [
    {"adkar": {"awareness": 4, "desire": 2, "knowledge": 3, "ability": 3, "reinforcement": 2}},
    {"adkar": {"awareness": 2, "desire": 4, "knowledge": 3, "ability": 3, "reinforcement": 2}},
    {"attitude": "resistant", "engagement": ["monthly one-to-ones"]},
])
def test_a_senior_group_not_on_board_keeps_the_plan_from_go(changes: dict[str, Any]) -> None:
    a = assess(board(GOOD, **changes))
    [finding] = [f for f in a.active if f.code == "EM13"]
    assert finding.blocks_go and finding.severity == "warning"
    assert a.verdict == "pilot-first"
    assert any(r.startswith("EM13 ") for r in a.reasons)


def test_planned_engagement_is_a_path_not_an_arrival() -> None:
    low = {"awareness": 4, "desire": 2, "knowledge": 3, "ability": 3, "reinforcement": 2}
    engaged = assess(board(GOOD, adkar=low, engagement=["the CEO's monthly demo", "a seat on the steering group"]))
    assert engaged.verdict == "pilot-first"
    [hint] = [f.hint for f in engaged.active if f.code == "EM13"]
    # The hint names the plan's engagement and the evidence that lifts the block.
    assert hint and "the CEO's monthly demo" in hint and "a seat on the steering group" in hint
    assert "later survey wave" in hint and "'rooms'" not in hint  # the board is in no pilot
    # Without engagement, the hint says what would move them (desire: a reason to take part).
    [bare] = [f.hint for f in assess(board(GOOD, adkar=low)).active if f.code == "EM13"]
    assert bare and "what's in it for them" in bare


def test_evidence_that_the_group_has_moved_lifts_the_block() -> None:
    low = {"awareness": 4, "desire": 2, "knowledge": 3, "ability": 3, "reinforcement": 2}
    # A later survey wave re-scores desire at 3; or the finding is suppressed with the evidence.
    assert assess(board(GOOD, adkar={**low, "desire": 3})).verdict == "go"
    suppressed = assess(board(GOOD, adkar=low, ignore={"EM13": "May 2027 survey wave: desire 3.6"}))
    assert suppressed.verdict == "go"
    assert [f.suppressed for f in suppressed.findings if f.code == "EM13"] == ["May 2027 survey wave: desire 3.6"]


def test_only_senior_high_power_groups_decide() -> None:
    low = {"awareness": 4, "desire": 1, "knowledge": 3, "ability": 3, "reinforcement": 2}
    assert "EM13" not in codes(assess(board(GOOD, adkar=low, power="medium")))
    workforce = copy.deepcopy(GOOD)
    workforce["stakeholders"][1]["adkar"] = low
    assert "EM13" not in codes(assess(workforce))


def test_a_sceptical_senior_group_with_no_engagement_is_a_warning() -> None:
    a = assess(board(GOOD, attitude="sceptical"))
    [finding] = [f for f in a.active if f.code == "EM14"]
    assert finding.severity == "warning" and not finding.blocks_go
    assert finding.path == ("stakeholders", 0, "attitude")
    assert "EM14" not in codes(assess(board(GOOD, attitude="sceptical", engagement=["one-to-ones"])))


def test_the_barrier_point_and_the_lowest_element_are_both_reported() -> None:
    scores = {"awareness": 3, "desire": 1, "knowledge": 2, "ability": 3, "reinforcement": 2}
    a = assess(board(GOOD, adkar=scores))
    [em10] = [f.message for f in a.active if f.code == "EM10"]
    lowest = min(scores, key=lambda e: (scores[e], list(scores).index(e)))
    assert "barrier point at awareness (3 of 5)" in em10
    assert f"lowest element is {lowest} ({scores[lowest]} of 5)" in em10
    view = a.stakeholders[0]
    assert (view.barrier, view.lowest) == ("awareness", "desire")
    assert "barrier at awareness (lowest: desire 1)" in assessment_as_text(a)
    # No second element when the barrier is itself the lowest.
    same = assess(board(GOOD, adkar={**scores, "awareness": 1}))
    assert [m for m in (f.message for f in same.active if f.code == "EM10") if "lowest" in m] == []


# --- launch education and coverage -----------------------------------------------------


@pytest.mark.parametrize(("education", "flagged"), [
    (["drop-in"], False), (["e-learning", "drop-in"], False), (["e-learning"], True), (["webinar"], False),
])
def test_drop_in_sessions_count_as_launch_education(education: list[str], flagged: bool) -> None:
    data = copy.deepcopy(GOOD)
    data["stakeholders"][1]["education"] = education
    assert ("EM07" in codes(assess(data))) is flagged


@pytest.mark.parametrize(("headcount", "covered", "flagged"), [
    (1040, 1040, False),
    (1300, 1040, False),   # exactly 80%
    (1301, 1040, True),    # just under
    (27000, 12000, True),  # the example
])
def test_coverage_of_the_headcount(headcount: int, covered: int, flagged: bool) -> None:
    data = copy.deepcopy(GOOD)
    data["organisation"]["headcount"] = headcount
    data["stakeholders"][1]["headcount"] = covered - 40
    data["stakeholders"][1]["champions"] = covered
    found = [f for f in assess(data).active if f.code == "EM15"]
    assert bool(found) is flagged
    if found:
        assert f"cover {covered:,} of the organisation's {headcount:,} people" in found[0].message
        assert found[0].path == ("organisation", "headcount")


def test_coverage_threshold_is_a_setting() -> None:
    data = copy.deepcopy(GOOD)
    data["organisation"]["headcount"] = 2000
    strict = assess_plan(validated(data), as_of=AS_OF, config=AssessConfig.model_validate(
        {"thresholds": {"stakeholder_coverage": 0.5}}))
    assert "EM15" not in codes(strict) and "EM15" in codes(assess(data))


# --- what would change the verdict ------------------------------------------------------


def _ignore(data: dict[str, Any], finding: Finding, only_code: bool) -> dict[str, Any]:
    """The plan with ``finding`` suppressed: on its item when the path points
    into one, else at the top level."""
    edited = copy.deepcopy(data)
    path = finding.path
    if not only_code and len(path) >= 2 and path[0] in SUPPRESSIBLE_SECTIONS and isinstance(path[1], int):
        item = edited[str(path[0])][path[1]]
        item.setdefault("ignore", {})[finding.code] = "resolved"
    else:
        edited.setdefault("ignore", {})[finding.code] = "resolved"
    return edited


def _oracle_cases(data: dict[str, Any]) -> list[tuple[Finding, dict[str, Any]]]:
    """Findings that one 'ignore' entry suppresses alone, with that plan: the
    only finding of its code, or the only one of its code on its item."""
    a = assess(data)
    cases = []
    for finding in a.active:
        same = [f for f in a.active if f.code == finding.code]
        if len(same) == 1:
            cases.append((finding, _ignore(data, finding, only_code=True)))
            continue
        path = finding.path
        on_item = len(path) >= 2 and path[0] in SUPPRESSIBLE_SECTIONS and isinstance(path[1], int)
        if on_item and [f for f in same if f.path[:2] == path[:2]] == [finding]:
            cases.append((finding, _ignore(data, finding, only_code=False)))
    return cases


@pytest.mark.parametrize("example", ["retail-pilot-first.yaml", "weak-plan.yaml", "global-tech-innovation.yaml"])
def test_each_next_step_is_what_re_assessing_with_the_finding_suppressed_gives(example: str) -> None:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    a = assess(data, NO_DA07)
    assert a.verdict != "go"
    steps = {(s.finding.code, s.finding.path): s for s in a.next_steps}
    cases = _oracle_cases(data)
    assert len(cases) >= min(5, len(a.active))
    checked = 0
    for finding, edited in cases:
        again = assess(edited, NO_DA07)
        gain = round(again.score - a.score, 1)
        step = steps.get((finding.code, finding.path))
        if gain <= 0 and again.verdict == a.verdict:
            assert step is None, finding  # a fix that changes nothing is not listed
            continue
        assert step is not None, finding
        assert (step.score, step.verdict, step.gain) == (again.score, again.verdict, gain)
        assert step.lifts_verdict is (ORDER.index(again.verdict) < ORDER.index(a.verdict))
        checked += 1
    assert checked >= min(5, len(a.next_steps))


@pytest.mark.parametrize("example", ["retail-pilot-first.yaml", "weak-plan.yaml"])
def test_next_steps_are_ranked_lifting_first_then_by_gain(example: str) -> None:
    a = assess(yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8")))
    keys = [(not s.lifts_verdict, -s.gain) for s in a.next_steps]
    assert keys == sorted(keys) and len(keys) > 3


@pytest.mark.parametrize("example", ["retail-pilot-first.yaml", "weak-plan.yaml", "global-tech-innovation.yaml"])
def test_the_next_band_is_reached_by_suppressing_its_findings(example: str) -> None:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    a = assess(data, NO_DA07)
    band = a.next_band
    assert band is not None
    assert ORDER.index(band.verdict) == ORDER.index(a.verdict) - 1
    # Suppress every finding of the set on its own item (or the top level for
    # a plan-wide one) and assess again: the verdict and score must match.
    listed = {(f.code, f.path) for f in band.findings}
    edited = copy.deepcopy(data)
    for finding in band.findings:
        others = [f for f in a.active if f.code == finding.code and (f.code, f.path) not in listed]
        same_item = [f for f in others if len(f.path) >= 2 and f.path[:2] == finding.path[:2]]
        on_item = len(finding.path) >= 2 and finding.path[0] in SUPPRESSIBLE_SECTIONS
        if not on_item and others:
            pytest.skip("a plan-wide finding shares its code with findings outside the set")
        if on_item and same_item:
            pytest.skip("the item holds another finding of the same code outside the set")
        edited = _ignore(edited, finding, only_code=not on_item)
    again = assess(edited, NO_DA07)
    assert (again.verdict, again.score) == (band.verdict, band.score)
    # Every finding the next verdict cannot have is in the set.
    needed = {(f.code, f.path) for f in a.active
              if f.severity == "error" or (band.verdict == "go" and f.blocks_go)}
    assert needed <= listed


def test_what_would_change_the_verdict_in_every_format(cli: Runner) -> None:
    retail = str(EXAMPLES / "retail-pilot-first.yaml")
    document = json.loads(cli("assess", retail, "--as-of", AS_OF.isoformat(), "-f", "json").out)
    jsonschema.Draft202012Validator(assess_json_schema()).validate(document)
    # Read from its file, so that the survey exports beside it are found as the command finds them.
    checked = check_plan(retail)[1]
    assert checked is not None
    a = assess_plan(checked, as_of=AS_OF)
    assert [(n["code"], n["score_gain"], n["new_score"], n["new_verdict"], n["lifts_verdict"])
            for n in document["next_steps"]] == [
        (s.finding.code, s.gain, s.score, s.verdict, s.lifts_verdict) for s in a.next_steps]
    assert document["next_band"]["verdict"] == "go"
    assert len(document["next_band"]["findings"]) == len(a.next_band.findings) if a.next_band else False
    text = assessment_as_text(a)
    markdown = assessment_markdown(a)
    first = a.next_steps[0]
    assert "What would change the verdict" in text and "## What would change the verdict" in markdown
    assert f"+{first.gain:.1f}" in text and f"| +{first.gain:.1f} | {first.score:.1f} |" in markdown
    assert f"makes it GO (score {a.next_band.score:.1f})" in text if a.next_band else False
    # A go plan shows no such section.
    go = json.loads(cli("assess", str(EXAMPLES / "sales-webinars"), "--as-of", AS_OF.isoformat(), "-f", "json").out)
    assert go["verdict"] == "go" and go["next_steps"] == [] and go["next_band"] is None
    assert "What would change" not in cli("assess", str(EXAMPLES / "sales-webinars")).out
