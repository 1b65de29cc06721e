"""The RACI matrix, the communication plan and the measurement plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from socialplan.rollout import RolloutPlan, build_rollout
from socialplan.rollout.raci import ROLE_KEYS
from socialplan.validation import check_plan

PLAN = """\
version: 1
organisation: {name: Test Org}
objectives:
  - id: connect
    title: Connect staff
    kpis:
      - {name: hours to find an expert, baseline: 6, target: 2, by: 2027-12-31, review: monthly, owner: KM lead}
      - {name: ideas per quarter, review: quarterly}
use_cases:
  - id: rooms
    title: Project rooms
    stakeholders: [staff]
    pilot: {weeks: 2, metrics: [{name: calls a week, baseline: 5, threshold: 3.5, direction: decrease}]}
stakeholders:
  - {id: board, name: Board, headcount: 20, senior: true, power: high, roles: [sponsor],
     goals: [Grow revenue], wiifm: See ideas early, channel: Board meeting, messenger: The CEO}
  - {id: staff, name: Staff, headcount: 500, goals: [Hit targets, Learn faster], wiifm: Answers in minutes}
  - {id: ops, name: Operations, headcount: 2000}
  - {id: it, name: IT, headcount: 30, roles: [it, project-owner, communications, hr, champions]}
rollout:
  start: 2027-03-01
"""


def build(tmp_path: Path, text: str = PLAN) -> RolloutPlan:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    check, validated = check_plan(str(path))
    assert validated is not None, [d.message for d in check.diagnostics]
    return build_rollout(validated.plan)


def test_every_row_has_one_accountable_and_a_responsible(tmp_path: Path) -> None:
    raci = build(tmp_path).raci
    assert [r.activity for r in raci.rows] == [a.id for a in build(tmp_path).activities]
    for row in raci.rows:
        letters = [row.cells[key] for key in ROLE_KEYS]
        assert sum(letter in ("A", "A/R") for letter in letters) == 1, row
        assert any(letter in ("R", "A/R") for letter in letters), row
        assert set(letters) <= {"A", "A/R", "R", "C", "I"}
        assert not row.problems
    assert raci.problems == []


def test_holders_come_from_groups_and_named_roles_win(tmp_path: Path) -> None:
    raci = build(tmp_path, PLAN + "  roles: {sponsor: Chief Executive}\n").raci
    holders = {r.key: r.holders for r in raci.roles}
    assert holders["sponsor"] == ("Chief Executive",)
    assert holders["it"] == ("IT",)
    owners = {row.activity: row.owner for row in raci.rows}
    assert owners["platform-setup"] == "IT"
    assert owners["champions-recruit.ops"] == "Lead of Operations"


def test_a_role_nobody_holds_breaks_rows_and_is_reported(tmp_path: Path) -> None:
    rollout = build(tmp_path, PLAN.replace("roles: [sponsor],", "roles: [],"))
    broken = {row.activity for row in rollout.raci.broken_rows}
    # The sponsor is accountable for kick-off, approval, gates, go/no-go, launch and handover.
    assert {"kickoff", "plan-approved", "gate.rooms", "launch-decision", "launch", "handover"} <= broken
    assert "governance" not in broken
    rows = {row.activity: row for row in rollout.raci.rows}
    assert rows["kickoff"].problems == ["no Accountable: nobody holds the sponsor role"]
    # One warning for the role, naming the activities it leaves without an Accountable.
    (problem,) = [p for p in rollout.warnings if p.code == "RL020"]
    assert problem.message.startswith("RACI: nobody holds the sponsor role, so 7 activities")
    assert "rollout.roles.sponsor" in str(problem.hint)
    assert problem.severity == "warning"


def test_two_groups_holding_the_accountable_role_break_rows(tmp_path: Path) -> None:
    text = PLAN.replace("{id: staff, name: Staff, headcount: 500,", "{id: staff, name: Staff, headcount: 500, "
                        "roles: [project-owner],")
    rollout = build(tmp_path, text)
    messages = [p.message for p in rollout.warnings if p.code == "RL020"]
    assert len(messages) == 1
    assert messages[0].startswith("RACI: Staff, IT all hold the project owner role, so ")
    row = next(r for r in rollout.raci.rows if r.activity == "governance")
    assert row.problems == ["2 Accountable: Staff, IT all hold the project owner role"]
    fixed = build(tmp_path, text + "  roles: {project_owner: Programme manager}\n")
    assert not fixed.raci.broken_rows


def test_an_owner_that_names_a_role_makes_it_responsible(tmp_path: Path) -> None:
    text = PLAN + "  activities:\n    - {id: baseline, owner: HR}\n"
    row = next(r for r in build(tmp_path, text).raci.rows if r.activity == "baseline")
    assert row.cells["hr"] == "R" and row.owner == "HR"


def test_messages_are_framed_against_the_groups_goals(tmp_path: Path) -> None:
    rollout = build(tmp_path)
    rows = {c.group: c for c in rollout.communications}
    assert rows["staff"].message == "Answers in minutes"
    assert rows["staff"].goals == ("Hit targets", "Learn faster")
    assert rows["staff"].framed
    assert (rows["board"].channel, rows["board"].messenger) == ("Board meeting", "The CEO")
    assert not rows["board"].channel_suggested
    # Operations has neither goals nor wiifm: a suggested channel and a warning.
    assert not rows["ops"].framed and rows["ops"].channel_suggested
    framing = [p for p in rollout.warnings if p.code == "RL021"]
    assert {p.path for p in framing} == {("stakeholders", 2), ("stakeholders", 3)}
    by_id = rollout.schedule.by_id()
    comms, launch = by_id["comms.staff"], by_id["launch"]
    reviews = ", ".join(by_id[f"review-{d}"].start.isoformat() for d in (30, 60, 90))
    assert rows["staff"].timing() == (f"pre-launch {comms.start} to {comms.finish}; go-live {launch.start}; "
                                      f"results shared after the reviews of {reviews}")
    # The senior board is briefed before the campaign ends.
    assert rows["board"].timing().startswith(f"briefing {by_id['briefing.board'].start} to ")
    assert rows["staff"].first_date == by_id["comms.staff"].start


def test_measurement_reviews_and_kpi_cadence(tmp_path: Path) -> None:
    rollout = build(tmp_path)
    by_id = rollout.schedule.by_id()
    m = rollout.measurement
    assert [(r.id, r.date) for r in m.reviews] == [(f"review-{d}", by_id[f"review-{d}"].start)
                                                   for d in (30, 60, 90)]
    launch = by_id["launch"].start
    monthly = m.kpis[0]
    # Monthly from go-live to 31 December 2027, each on the next working day.
    assert monthly.review_dates[0] >= launch + dt.timedelta(days=28)
    assert all(d.weekday() < 5 for d in monthly.review_dates)
    assert monthly.review_dates[-1] <= dt.date(2027, 12, 31)
    months = (2027 - launch.year) * 12 + 12 - launch.month
    assert len(monthly.review_dates) in (months, months + 1)
    quarterly = m.kpis[1]
    assert quarterly.gaps == ("no baseline", "no target", "no date", "no owner")
    assert len(quarterly.review_dates) == 4  # a year of quarters when the KPI has no date
    # 500 staff + 20 board + 2,000 operations + 30 IT must adopt; default ceiling 80%.
    assert m.eligible == 2550
    assert m.expected_adopters == round(500 * 0.8) + round(20 * 0.8) + round(2000 * 0.8) + round(30 * 0.8)
    assert [x.name for x in m.adoption] == ["Active users, last 7 days", "Active users, last 30 days",
                                            "Active users, last 90 days"]
    assert any("calls a week: 5 -> 3.5" in x.name for x in m.business_value)
