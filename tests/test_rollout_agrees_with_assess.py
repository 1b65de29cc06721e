"""The rollout and the assessment tell one story: activities the tool adds
unasked are marked suggested in every format and named in the assessment's
hints, the rollout report carries the readiness verdict, sessions are sized
by their own format's capacity, and durations follow the plan."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from clirunner import Runner
from socialplan.assess.examples import plan_from_text
from socialplan.model import Plan
from socialplan.rollout import RolloutPlan, build_rollout
from socialplan.rollout.activities import survey_days

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ALL_EXAMPLES = ["consulting-mobile-workforce.yaml", "global-tech-innovation.yaml", "retail-pilot-first.yaml",
                "weak-plan.yaml", "sales-webinars"]
START = "2027-03-01"

# Nothing set that the rollout could fill in itself: no research method, no
# champions, no briefing, no usability tests.
BARE: dict[str, Any] = {
    "organisation": {"name": "Acme", "headcount": 7440},
    "objectives": [{"id": "connect", "title": "Connect staff", "sponsor": "board"}],
    "use_cases": [{"id": "rooms", "title": "Project rooms", "stakeholders": ["staff"],
                   "pilot": {"weeks": 6, "groups": ["staff"]}}],
    "stakeholders": [
        {"id": "board", "headcount": 40, "senior": True, "power": "high"},
        {"id": "staff", "headcount": 7400, "education": ["webinar", "drop-in", "seminar"]},
    ],
    "rollout": {"start": START},
}


def plan_of(data: dict[str, Any]) -> Plan:
    validated, problems = plan_from_text(yaml.safe_dump(data, sort_keys=False), "plan.yaml")
    assert validated is not None, [p.message for p in problems]
    return validated.plan


def rollout_of(data: dict[str, Any]) -> RolloutPlan:
    return build_rollout(plan_of(data))


def write(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


# --- sessions sized by their own format -------------------------------------------------


def test_webinars_are_sized_by_their_own_capacity() -> None:
    specs = {a.id: a.spec for a in rollout_of(BARE).activities}
    # Defaults: webinars of 200, seminars of 60, drop-in sessions of 20.
    assert specs["webinar.staff"].sessions == math.ceil(7400 / 200) == 37
    assert specs["seminar.staff"].sessions == math.ceil(7400 / 60)
    assert specs["drop-in.staff"].sessions == math.ceil(7400 / 20)
    assert "37 webinars of up to 200 people" in specs["webinar.staff"].notes[0]


def test_the_plan_sets_capacities_per_format() -> None:
    data = copy.deepcopy(BARE)
    data["rollout"]["capacities"] = {"webinar": 500, "seminar": 100, "drop-in": 10, "workshop": 12}
    data["stakeholders"][1]["education"].append("workshop")
    specs = {a.id: a.spec for a in rollout_of(data).activities}
    assert specs["webinar.staff"].sessions == math.ceil(7400 / 500)
    assert specs["seminar.staff"].sessions == math.ceil(7400 / 100)
    assert specs["drop-in.staff"].sessions == math.ceil(7400 / 10)
    assert specs["workshop.staff"].sessions == math.ceil(7400 / 12)
    # Without a workshop capacity, workshops use the classroom session_capacity.
    del data["rollout"]["capacities"]["workshop"]
    data["rollout"]["session_capacity"] = 40
    assert {a.id: a.spec for a in rollout_of(data).activities}["workshop.staff"].sessions == math.ceil(7400 / 40)


def test_a_bad_capacity_is_a_located_error(cli: Runner, tmp_path: Path) -> None:
    data = copy.deepcopy(BARE)
    data["rollout"]["capacities"] = {"webinar": 0}
    result = cli("rollout", write(tmp_path, data))
    assert result.code == 1 and "Traceback" not in result.err
    assert re.search(r"plan\.yaml:\d+:\d+", result.err) and "webinar" in result.err


# --- durations follow the plan ----------------------------------------------------------


def test_two_plans_starting_the_same_day_end_on_different_days() -> None:
    small = copy.deepcopy(BARE)
    small["stakeholders"][1]["headcount"] = 900
    small["organisation"]["headcount"] = 940
    big, little = rollout_of(BARE), rollout_of(small)
    assert big.schedule.start == little.schedule.start
    launch = {"big": big.schedule.by_id()["launch"].start, "little": little.schedule.by_id()["launch"].start}
    assert launch["big"] > launch["little"]
    assert big.schedule.finish > little.schedule.finish


def test_research_scales_with_the_group_and_pilots_with_their_weeks() -> None:
    specs = {a.id: a.spec for a in rollout_of(BARE).activities}
    # Survey: 3 days design, 10 fieldwork, a day of analysis per 1,000 people (2 to 10).
    assert specs["research.staff"].days == 3 + 10 + min(max(math.ceil(7400 / 1000), 2), 10) == survey_days(7400)
    assert survey_days(900) == 15 and survey_days(50_000) == 23
    longer = copy.deepcopy(BARE)
    longer["use_cases"][0]["pilot"]["weeks"] = 10
    assert {a.id: a.spec for a in rollout_of(longer).activities}["pilot.rooms"].days == 10 * 5
    assert specs["pilot.rooms"].days == 6 * 5


# --- suggested activities -----------------------------------------------------------------


def test_what_the_plan_did_not_ask_for_is_marked_suggested() -> None:
    suggested = {a.id: a.spec.suggested for a in rollout_of(BARE).activities if a.spec.suggested}
    assert set(suggested) == {"research.board", "research.staff", "champions-recruit.staff",
                              "champions-train.staff", "champions-network", "briefing.board", "usability.staff"}
    assert all(reason for reason in suggested.values())
    # A plan that asks for each of them gets no suggestion.
    asked = copy.deepcopy(BARE)
    asked["stakeholders"][0].update(research="interview", education=["briefing"])
    asked["stakeholders"][1].update(research="survey", champions=74, usability_testing=True)
    assert [a.id for a in rollout_of(asked).activities if a.spec.suggested] == []


def test_a_plan_that_changes_a_suggested_activity_takes_it_up() -> None:
    data = copy.deepcopy(BARE)
    data["rollout"]["activities"] = [{"id": "briefing.board", "days": 2}]
    specs = {a.id: a.spec for a in rollout_of(data).activities}
    assert specs["briefing.board"].suggested is None
    assert specs["research.board"].suggested is not None


def test_suggested_activities_are_marked_in_every_format(cli: Runner, tmp_path: Path) -> None:
    source = write(tmp_path, BARE)
    expected = {a.id for a in rollout_of(BARE).activities if a.spec.suggested}
    document = json.loads(cli("rollout", source, "-f", "json", "-q").out)
    assert {t["id"] for t in document["tasks"] if t["suggested"]} == expected
    assert all(t["suggested_because"] for t in document["tasks"] if t["suggested"])
    assert all(t["suggested_because"] is None for t in document["tasks"] if not t["suggested"])
    rows = list(csv.DictReader(io.StringIO(cli("rollout", source, "-f", "csv", "-q").out)))
    assert {r["id"] for r in rows if r["suggested"] == "yes"} == expected
    assert {r["suggested"] for r in rows} == {"yes", "no"}
    markdown = cli("rollout", source, "-f", "markdown", "-q").out
    marked = set(re.findall(r"^\| `([^`]+)` \|[^\n]*_\(suggested: ", markdown, re.M))
    assert marked == expected
    html = cli("rollout", source, "-f", "html", "-q").out
    assert len(re.findall(r'<span class="suggested" title="', html)) == len(expected)
    ics = cli("rollout", source, "-f", "ics", "-q").out.replace("\r\n ", "")  # unfolded
    assert ics.count("Suggested by socialplan:") == len(expected)


@pytest.mark.parametrize("example", ALL_EXAMPLES)
def test_the_hints_name_the_rollouts_own_suggestions(cli: Runner, example: str) -> None:
    source = str(EXAMPLES / example)
    assessment = json.loads(cli("assess", source, "-f", "json", "--as-of", "2026-12-01").out)
    tasks = {t["id"]: t for t in json.loads(cli("rollout", source, "-f", "json", "--start", START, "-q").out)["tasks"]}
    named = [(m.group(1), m.group(2)) for f in assessment["findings"] if f["hint"]
             for m in re.finditer(r"the rollout suggests '(.+?)' \(([^)\s]+)\)", f["hint"])]
    for name, ident in named:
        assert ident in tasks, ident
        assert tasks[ident]["name"] == name and tasks[ident]["suggested"] is True
    if example == "weak-plan.yaml":
        # The gaps the issue names: senior briefings and champions (EM08, EM09).
        by_code = {f["code"]: f["hint"] for f in assessment["findings"]}
        assert "(briefing.directors)" in by_code["EM08"] and "(champions-recruit.depot-staff)" in by_code["EM09"]
        assert "(usability.depot-staff)" in by_code["EM06"]


def test_a_plan_with_no_usability_tests_gets_suggested_ones() -> None:
    specs = {a.id: a.spec for a in rollout_of(BARE).activities}
    # The largest group that must adopt and is not senior tests the set-up,
    # before the pilots.
    assert specs["usability.staff"].suggested
    assert any(link.id == "usability.staff" for link in specs["pilot.rooms"].after)


# --- the readiness verdict in the rollout report --------------------------------------------


@pytest.mark.parametrize("example", ALL_EXAMPLES)
def test_the_rollout_report_carries_the_assessments_verdict(cli: Runner, example: str) -> None:
    source = str(EXAMPLES / example)
    document = json.loads(cli("rollout", source, "-f", "json", "--start", START, "-q").out)
    readiness = document["readiness"]
    assessed = json.loads(cli("assess", source, "-f", "json", "--as-of", START).out)
    assert (readiness["verdict"], readiness["score"], readiness["as_of"]) == (
        assessed["verdict"], assessed["score"], START)
    assert readiness["reasons"] == assessed["reasons"]
    markdown = cli("rollout", source, "-f", "markdown", "--start", START, "-q").out
    assert f"| Readiness | **{assessed['verdict']}**, score {assessed['score']:.1f} / 100" in markdown
    assert ("Not yet ready for the full rollout" in markdown) is (assessed["verdict"] != "go")
    html = cli("rollout", source, "-f", "html", "--start", START, "-q").out
    assert f'<span class="verdict verdict-{assessed["verdict"]}">' in html


def test_the_readiness_is_judged_as_of_the_programme_start(cli: Runner, tmp_path: Path) -> None:
    # A KPI due between two start dates: the verdict's reasons follow the start,
    # not the day the report is made, so the same plan gives the same bytes.
    data = copy.deepcopy(BARE)
    data["objectives"][0]["kpis"] = [{"name": "k", "baseline": 1, "target": 2, "by": "2027-06-30"}]
    source = write(tmp_path, data)
    early = json.loads(cli("rollout", source, "-f", "json", "--start", START, "-q").out)["readiness"]
    late = json.loads(cli("rollout", source, "-f", "json", "--start", "2027-09-01", "-q").out)["readiness"]
    assert early["as_of"] == START and late["as_of"] == "2027-09-01"
    assert late["score"] < early["score"]  # OP06: the KPI date has passed
    again = cli("rollout", source, "-f", "json", "--start", START, "-q").out
    assert json.loads(again)["readiness"] == early
    assert dt.date.fromisoformat(early["as_of"]).weekday() == 0


def test_an_invalid_settings_file_is_a_usage_error_for_the_verdict(cli: Runner, tmp_path: Path) -> None:
    source = write(tmp_path, BARE)
    (tmp_path / ".socialplan.yaml").write_text("assess:\n  disable: [EM6]\n", encoding="utf-8")
    result = cli("rollout", source, "-f", "json", "-q")
    assert result.code == 2 and "Traceback" not in result.err
    assert ".socialplan.yaml:2:" in result.err and "EM06" in result.err
    # CSV and iCalendar carry no verdict, so the settings do not matter to them.
    assert cli("rollout", source, "-f", "csv", "-q").code == 0
