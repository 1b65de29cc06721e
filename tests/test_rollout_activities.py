"""Activities generated from a plan, and the plan's changes to them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from socialplan.model import Plan
from socialplan.rollout import RolloutError, RolloutPlan, build_rollout
from socialplan.validation import check_plan

BASE = """\
version: 1
organisation: {name: Test Org, headcount: 1300, platform: Viva Engage}
objectives:
  - id: connect
    title: Connect staff
    sponsor: board
    kpis:
      - {name: hours to find an expert, baseline: 6, target: 2, by: 2027-12-31, review: monthly}
use_cases:
  - id: rooms
    title: Project rooms
    owner: Head of delivery
    objectives: [connect]
    stakeholders: [staff]
    hypothesis: Rooms cut status calls by 30%
    pilot:
      participants: 60
      weeks: 4
      groups: [staff]
      metrics: [{name: calls a week, baseline: 5, threshold: 3.5, direction: decrease}]
      decision_rule: Scale if calls fall below 3.5
  - id: news
    title: Company news
    stakeholders: [staff, board]
stakeholders:
  - {id: board, name: Board, headcount: 20, senior: true, power: high, roles: [sponsor],
     goals: [Grow revenue], wiifm: See ideas early, education: [briefing]}
  - {id: staff, name: Staff, headcount: 1250, power: low, interest: high,
     goals: [Hit targets], wiifm: Answers fast, education: [webinar, workshop, e-learning],
     usability_testing: true}
  - {id: it, name: IT, headcount: 30, roles: [it, project-owner, communications, hr]}
rollout:
  start: 2027-03-01
  holidays: [2027-03-26, 2027-03-29]
  session_capacity: 25
  staff_per_champion: 100
"""


def load(tmp_path: Path, text: str = BASE) -> Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    check, validated = check_plan(str(path))
    assert validated is not None, [str(d.location) + " " + d.message for d in check.diagnostics]
    return validated.plan


def with_activities(yaml_list: str) -> str:
    return BASE + "  activities:\n" + textwrap.indent(textwrap.dedent(yaml_list), "    ")


def build(tmp_path: Path, text: str = BASE) -> RolloutPlan:
    return build_rollout(load(tmp_path, text))


def errors(tmp_path: Path, text: str) -> list[tuple[str, str, str | None]]:
    with pytest.raises(RolloutError) as caught:
        build(tmp_path, text)
    return [(p.code, p.message, p.hint) for p in caught.value.problems]


def test_every_phase_is_present_and_in_order(tmp_path: Path) -> None:
    rollout = build(tmp_path)
    phases = [a.spec.phase for a in rollout.activities]
    assert phases == sorted(phases, key=["plan", "pilot", "launch", "embed"].index)
    assert set(phases) == {"plan", "pilot", "launch", "embed"}


def test_research_method_follows_the_group(tmp_path: Path) -> None:
    specs = {a.id: a.spec for a in build(tmp_path).activities}
    # Senior board: 12 interviews at 3 a day plus 2 days to write up.
    assert specs["research.board"].name.startswith("Interview Board (12 interviews)")
    assert specs["research.board"].days == 12 // 3 + 2
    # 1,250 staff: a survey. 30 in IT, not senior or powerful: a focus group.
    assert specs["research.staff"].name.startswith("Survey Staff")
    assert specs["research.it"].name.startswith("Focus groups with IT")


def test_the_plan_research_field_wins(tmp_path: Path) -> None:
    text = BASE.replace("usability_testing: true}", "usability_testing: true, research: interview}")
    text = text.replace("roles: [it, project-owner, communications, hr]}",
                        "roles: [it, project-owner, communications, hr], research: none}")
    specs = {a.id: a.spec for a in build(tmp_path, text).activities}
    assert specs["research.staff"].name.startswith("Interview Staff")
    assert "research.it" not in specs


def test_champions_come_from_headcount_or_the_group(tmp_path: Path) -> None:
    rollout = build(tmp_path)
    # ceil(1,250 / 100) = 13 and ceil(30 / 100) = 1; the senior board gets none.
    assert rollout.champions == {"board": 0, "staff": 13, "it": 1}
    names = {a.spec.name for a in rollout.activities}
    assert "Recruit 13 champions in Staff" in names and "Train 13 champions in Staff" in names
    rollout = build(tmp_path, BASE.replace("usability_testing: true}", "usability_testing: true, champions: 40}")
                    .replace("staff_per_champion: 100", "staff_per_champion: 50"))
    assert rollout.champions == {"board": 0, "staff": 40, "it": 1}  # ceil(30 / 50) = 1


def test_sessions_come_from_headcount_and_capacity(tmp_path: Path) -> None:
    specs = {a.id: a.spec for a in build(tmp_path).activities}
    # 1,250 staff: workshops of 25 (the classroom capacity) and webinars of
    # 200 (their own default capacity).
    assert specs["workshop.staff"].sessions == 50
    assert specs["webinar.staff"].sessions == 7  # ceil(1,250 / 200)
    assert specs["webinar.staff"].days == 3  # 3 webinars a day: ceil(7 / 3)
    assert specs["workshop.staff"].days == 20  # 2 a day would need 25 days; the launch window is 20
    assert specs["e-learning.staff"].sessions is None
    # The board is senior and asks for briefings: one session of 20 people, before go-live.
    assert specs["briefing.board"].sessions == 1
    assert specs["briefing.board"].phase == "launch"
    rollout = build(tmp_path)
    by_id = rollout.schedule.by_id()
    assert by_id["briefing.board"].finish < by_id["launch"].start
    assert by_id["webinar.staff"].start >= by_id["launch"].start


def test_one_pilot_and_decision_gate_per_piloted_use_case(tmp_path: Path) -> None:
    rollout = build(tmp_path)
    specs = {a.id: a.spec for a in rollout.activities}
    assert [i for i in specs if i.startswith("pilot.")] == ["pilot.rooms"]
    pilot, gate = specs["pilot.rooms"], specs["gate.rooms"]
    assert pilot.days == 4 * 5  # four weeks of five working days
    assert "Hypothesis: Rooms cut status calls by 30%" in pilot.notes
    assert "Participants: 60 from Staff" in pilot.notes
    assert any("calls a week: 5 -> 3.5" in n for n in pilot.notes)
    assert gate.milestone and "scale / revise / stop" in gate.name
    assert gate.notes == ["Outcome: pending (no result of this pilot is recorded in the plan's evidence).",
                          "Decision rule: Scale if calls fall below 3.5"]
    assert gate.outcome is not None and (gate.outcome.decision, gate.outcome.date) == ("pending", None)
    assert [link.id for link in gate.after] == ["pilot.rooms"]
    by_id = rollout.schedule.by_id()
    # The pilot waits for the usability tests and the champions of its group.
    assert by_id["pilot.rooms"].start > by_id["usability.staff"].finish
    assert by_id["pilot.rooms"].start > by_id["champions-train.staff"].finish
    assert by_id["launch-decision"].start >= by_id["gate.rooms"].start
    # Not piloted: embedded after launch, no gate.
    assert "gate.news" not in specs and specs["scale.news"].name == "Embed: Company news"


def test_reviews_fall_30_60_and_90_days_after_go_live(tmp_path: Path) -> None:
    rollout = build(tmp_path)
    by_id = rollout.schedule.by_id()
    launch = by_id["launch"]
    # In a Monday-to-Friday week, n working days span at least 7 * (n // 5) +
    # n % 5 calendar days: 22 -> 30, 44 -> 60, 65 -> 91, while 21, 43 and 64
    # can fall short (29, 59, 88). So those are the lags after go-live.
    for days, lag in ((30, 22), (60, 44), (90, 65)):
        review = by_id[f"review-{days}"]
        assert review.early_start - launch.early_start == lag
        assert review.spec.milestone
        gap = (review.start - launch.start).days
        assert days <= gap <= days + 4


@pytest.mark.parametrize(("workdays", "lags"), [
    (["sun", "mon", "tue", "wed", "thu"], (22, 44, 65)),
    # Three open days a week: 12 of them are 4 weeks (28 days); a 13th adds 2 or 3.
    (["mon", "wed", "fri"], (13, 26, 39)),
    (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], (30, 60, 90)),
])
def test_review_lags_follow_the_working_week(tmp_path: Path, workdays: list[str], lags: tuple[int, ...]) -> None:
    text = BASE.replace("  session_capacity: 25", f"  workdays: [{', '.join(workdays)}]\n  session_capacity: 25")
    by_id = build(tmp_path, text).schedule.by_id()
    launch = by_id["launch"]
    for days, lag in zip((30, 60, 90), lags, strict=True):
        review = by_id[f"review-{days}"]
        assert review.early_start - launch.early_start == lag
        assert (review.start - launch.start).days >= days


def test_a_group_with_no_one_in_it_gets_no_sessions(tmp_path: Path) -> None:
    text = BASE.replace("{id: it, name: IT, headcount: 30,", "{id: it, name: IT, headcount: 0,")
    ids = {a.id for a in build(tmp_path, text).activities}
    assert not {i for i in ids if i.endswith(".it")}


# --- changes from rollout.activities ------------------------------------------------------


def test_add_rename_retime_and_pin(tmp_path: Path) -> None:
    text = with_activities("""\
        - {id: legal-review, name: Legal review of guidelines, phase: plan, days: 4, after: [governance],
           owner: General counsel}
        - {id: governance, name: Agree the usage policy, days: 6}
        - {id: launch, start: 2027-08-02}
    """)
    rollout = build(tmp_path, text)
    by_id = rollout.schedule.by_id()
    legal, governance = by_id["legal-review"], by_id["governance"]
    assert governance.spec.name == "Agree the usage policy" and governance.spec.days == 6
    assert legal.early_start == governance.early_finish
    assert {row.activity: row.owner for row in rollout.raci.rows}["legal-review"] == "General counsel"
    assert by_id["launch"].start.isoformat() == "2027-08-02"


def test_after_replaces_dependencies_and_lags_apply(tmp_path: Path) -> None:
    text = with_activities("""\
        - id: baseline
          after:
            - {id: governance, lag: 3}
    """)
    by_id = build(tmp_path, text).schedule.by_id()
    assert [link.label() for link in by_id["baseline"].spec.after] == ["governance+3"]
    assert by_id["baseline"].early_start == by_id["governance"].early_finish + 3


def test_a_new_activity_without_a_phase_takes_its_predecessors(tmp_path: Path) -> None:
    text = with_activities("""\
        - {id: town-hall, name: Town hall, days: 0, after: [launch]}
    """)
    assert build(tmp_path, text).schedule.by_id()["town-hall"].spec.phase == "launch"


def test_removing_keeps_the_chain(tmp_path: Path) -> None:
    text = with_activities("""\
        - {id: research-findings, remove: true}
    """)
    by_id = build(tmp_path, text).schedule.by_id()
    assert "research-findings" not in by_id
    # plan-approved followed the findings; it now follows the research itself.
    after = {link.id for link in by_id["plan-approved"].spec.after}
    assert {"research.board", "research.staff", "research.it", "governance"} <= after
    assert by_id["plan-approved"].early_start >= by_id["research.staff"].early_finish


@pytest.mark.parametrize(("entries", "code", "words", "hint"), [
    ("- {id: governence, remove: true}\n", "RL001", "no generated activity 'governence'",
     "did you mean 'governance'?"),
    ("- {id: baseline, after: [platfrom-setup]}\n", "RL001", "'platfrom-setup' is not the id",
     "did you mean 'platform-setup'?"),
    ("- {id: baseline, days: 3}\n- {id: baseline, days: 4}\n", "RL006", "already changed", None),
    ("- {id: baseline, remove: true, days: 3}\n", "RL007", "would have no effect", None),
    ("- {id: new-thing, days: 3}\n", "RL005", "has no name", None),
    ("- {id: baseline, after: [{id: governance, lag: -11}]}\n", "RL004",
     "lead of 11 working days is longer than 'governance' (10 days)", None),
    ("- {id: baseline, after: [{id: kickoff, lag: -1}]}\n", "RL004",
     "lead of 1 working day is longer than 'kickoff' (0 days)",
     "'kickoff' is a milestone, so use a lag of 0 or more, or depend on what 'kickoff' itself follows"),
    ("- {id: governance, after: [plan-approved]}\n", "RL002",
     "cycle: governance -> plan-approved -> governance", None),
    ("- {id: launch, start: 2027-07-03}\n", "RL003", "not a working day (a Saturday", None),
    ("- {id: x, name: X, days: 1, start: 2027-03-29}\n", "RL003", "a holiday", None),
    ("- {id: x, name: X, days: 1, start: 2027-02-26}\n", "RL003", "before the programme starts", None),
    ("- {id: x, name: X, days: 1, after: [governance]}\n- {id: governance, remove: true}\n", "RL007",
     "which rollout.activities[1] removes", None),
])
def test_bad_changes_are_errors(tmp_path: Path, entries: str, code: str, words: str, hint: str | None) -> None:
    found = errors(tmp_path, with_activities(entries))
    assert [c for c, _, _ in found] == [code], found
    assert words in found[0][1]
    if hint:
        assert found[0][2] == hint


def located(tmp_path: Path, text: str) -> list[tuple[str, tuple[str | int, ...] | None]]:
    """The problems of one build, as (code, plan path), in a fixed order."""
    with pytest.raises(RolloutError) as caught:
        build(tmp_path, text)
    return sorted((p.code, p.path) for p in caught.value.problems)


ACTIVITIES = ("rollout", "activities")


def test_every_change_problem_is_reported_together(tmp_path: Path) -> None:
    found = located(tmp_path, with_activities("""\
        - {id: governence, remove: true}
        - {id: baseline, after: [platfrom-setup]}
        - {id: new-thing, days: 3}
        - {id: baseline, days: 4}
    """))
    assert found == [("RL001", (*ACTIVITIES, 0, "id")), ("RL001", (*ACTIVITIES, 1, "after", 0)),
                     ("RL005", (*ACTIVITIES, 2, "id")), ("RL006", (*ACTIVITIES, 3, "id"))]


def test_calendar_problems_do_not_hide_the_changes(tmp_path: Path) -> None:
    text = with_activities("- {id: baseline, after: [platfrom-setup]}\n").replace(
        "  start: 2027-03-01\n",
        "  blackouts:\n    - {name: Freeze, start: 2027-06-10, end: 2027-06-01}\n")
    assert located(tmp_path, text) == [("RL001", (*ACTIVITIES, 0, "after", 0)),
                                       ("RL008", ("rollout",)),
                                       ("RL011", ("rollout", "blackouts", 0, "end"))]


def test_cycles_are_found_among_the_links_that_are_not_broken(tmp_path: Path) -> None:
    text = with_activities("""\
        - {id: governance, after: [plan-approved]}
        - {id: baseline, after: [{id: kickoff, lag: -1}]}
        - {id: kickoff, after: [{id: governance, lag: -20}]}
    """).replace("start: 2027-03-01", "start: 2027-02-27")
    # governance (10 days) follows kickoff; kickoff following governance with
    # a 20-day lead is an RL004 and no cycle. The loop through plan-approved
    # stands on links that are fine, so it is a cycle.
    assert located(tmp_path, text) == [("RL002", (*ACTIVITIES, 0, "after", 0)), ("RL003", ("rollout", "start")),
                                       ("RL004", (*ACTIVITIES, 1, "after", 0, "lag")),
                                       ("RL004", (*ACTIVITIES, 2, "after", 0, "lag"))]


def test_pins_are_checked_beside_the_changes_when_the_calendar_is_sound(tmp_path: Path) -> None:
    text = with_activities("""\
        - {id: launch, start: 2027-07-03}
        - {id: baseline, after: [platfrom-setup]}
    """)
    assert located(tmp_path, text) == [("RL001", (*ACTIVITIES, 1, "after", 0)),
                                       ("RL003", (*ACTIVITIES, 0, "start"))]


def test_a_start_on_a_closed_day_and_no_start_are_errors(tmp_path: Path) -> None:
    found = errors(tmp_path, BASE.replace("start: 2027-03-01", "start: 2027-02-27"))
    assert found[0][0] == "RL003" and "Saturday" in found[0][1] and "2027-03-01" in str(found[0][2])
    found = errors(tmp_path, BASE.replace("  start: 2027-03-01\n", ""))
    assert found[0][0] == "RL008"
    found = errors(tmp_path, BASE.replace("  start: 2027-03-01\n", "  start: 2027-03-01\n  workdays: []\n"))
    assert found[0][0] == "RL009"
