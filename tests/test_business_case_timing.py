"""The business case agrees with the rollout plan and with ``assess``.

Timing: when the plan can be scheduled, month 0 is the month of
``rollout.start``, each pilot's benefits run in the months its pilot
activity runs and launch is the month of go-live; otherwise the pilot
lengths decide, and the report says why. Readiness: the verdict is judged
with the settings ``assess`` finds for the plan; a broken settings file is a
warning, never a failed report.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from clirunner import Runner
from socialplan.businesscase.analysis import analyse
from socialplan.businesscase.context import report_context
from socialplan.model import Plan
from socialplan.rollout import build_rollout
from test_business_case_cli import write_plan
from test_finance_model import BENEFITS_MONTH, INITIAL, hand_plan

START = dt.date(2027, 3, 1)  # a Monday


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")


PILOT_PIN = dt.date(2027, 5, 3)  # a Monday, well after research, champions and approval
GO_LIVE_PIN = dt.date(2027, 9, 6)  # a Monday, well after the pilot's decision gate


def piloted_plan(**rollout: Any) -> dict[str, Any]:
    """The hand-worked plan with a four-week pilot of 10 people."""
    data = hand_plan()
    data["use_cases"][0]["pilot"] = {"participants": 10, "weeks": 4}
    data["rollout"] = rollout
    return data


def pinned_plan() -> dict[str, Any]:
    """Pilot and go-live pinned to known dates, so the test knows the schedule
    without repeating the rollout's durations: a pinned start is 'not before',
    and nothing before them takes that long."""
    return piloted_plan(start=START.isoformat(), activities=[
        {"id": "pilot.rooms", "start": PILOT_PIN.isoformat()},
        {"id": "launch", "start": GO_LIVE_PIN.isoformat()},
    ])


def months_between(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def working_days_from(first: dt.date, count: int) -> dt.date:
    """The ``count``-th Monday-to-Friday day from ``first`` (which counts as the first)."""
    day, seen = first, 0
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen == count:
                return day
        day += dt.timedelta(days=1)


def rollout_json(cli: Runner, plan: Path) -> dict[str, Any]:
    result = cli("rollout", str(plan), "-f", "json", "--quiet")
    assert result.code == 0, result.err
    doc: dict[str, Any] = json.loads(result.out)
    return doc


def business_case_json(cli: Runner, plan: Path, *args: str) -> tuple[dict[str, Any], str]:
    result = cli("business-case", str(plan), "-f", "json", "-n", "0", *args)
    assert result.code == 0, result.err
    doc: dict[str, Any] = json.loads(result.out)
    return doc, result.err


# --- timing from the rollout schedule -------------------------------------------------------


def test_launch_is_the_month_of_go_live_and_pilot_benefits_start_in_the_pilots_month(
        cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, pinned_plan())
    # Worked out from the calendar: 4 weeks of Monday-to-Friday days from
    # Monday 3 May end on Friday 28 May; go-live is the pinned Monday.
    pilot_finish = working_days_from(PILOT_PIN, 20)
    assert pilot_finish == dt.date(2027, 5, 28)
    launch_month = months_between(START, GO_LIVE_PIN)
    pilot_month = months_between(START, PILOT_PIN)
    assert (launch_month, pilot_month) == (6, 2)

    tasks = {t["id"]: t for t in rollout_json(cli, plan)["tasks"]}
    assert tasks["launch"]["start"] == GO_LIVE_PIN.isoformat()
    assert (tasks["pilot.rooms"]["start"], tasks["pilot.rooms"]["finish"]) == (
        PILOT_PIN.isoformat(), pilot_finish.isoformat())

    doc, _ = business_case_json(cli, plan)
    assert doc["adoption"]["launch_month"] == launch_month
    timing = doc["timing"]
    assert (timing["basis"], timing["reason"]) == ("rollout-schedule", None)
    assert (timing["start"], timing["go_live"]) == (START.isoformat(), GO_LIVE_PIN.isoformat())
    assert timing["finish"] == max(t["finish"] for t in tasks.values())
    assert timing["pilots"] == [{"use_case": "rooms", "start": PILOT_PIN.isoformat(),
                                 "finish": pilot_finish.isoformat(), "first_month": pilot_month, "months": 1}]
    # Adopters: nobody before the pilot, its 10 people until go-live, then
    # everyone (p = 1 a month).
    assert doc["adoption"]["groups"][0]["adopters"][:7] == [0, 0, 10, 10, 10, 10, 100]

    # Month by month: no benefit before the pilot's month, half of the
    # pilot's full benefit in its one month (the ramp's mean), the full
    # pilot benefit until go-live, everything from go-live on.
    case = analyse(Plan.model_validate(pinned_plan()), "plan.yaml", simulations=0, seed=1)
    benefits = case.appraisal.leading.unadjusted.monthly_benefits
    full_pilot = 10 * 1 * 4 * 50 + 12_000 / 12 * 10 / 100
    assert list(benefits[:7]) == pytest.approx([0, 0, full_pilot / 2, full_pilot, full_pilot, full_pilot,
                                                BENEFITS_MONTH])
    # Year 1 (months 0-11) in the JSON's cash flows, by hand.
    year_1 = full_pilot / 2 + 3 * full_pilot + 6 * BENEFITS_MONTH
    assert doc["cash_flows"][1]["unadjusted"]["benefits"] == pytest.approx(year_1, abs=0.01)
    assert doc["cash_flows"][0]["unadjusted"]["costs"] == INITIAL


def test_an_unpinned_schedule_agrees_with_the_rollout_json(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, piloted_plan(start=START.isoformat()))
    tasks = {t["id"]: t for t in rollout_json(cli, plan)["tasks"]}
    go_live = dt.date.fromisoformat(tasks["launch"]["start"])
    pilot_start = dt.date.fromisoformat(tasks["pilot.rooms"]["start"])
    pilot_finish = dt.date.fromisoformat(tasks["pilot.rooms"]["finish"])
    doc, _ = business_case_json(cli, plan)
    assert doc["adoption"]["launch_month"] == months_between(START, go_live)
    assert doc["timing"]["pilots"][0]["first_month"] == months_between(START, pilot_start)
    assert doc["timing"]["pilots"][0]["months"] == months_between(pilot_start, pilot_finish) + 1
    adopters = doc["adoption"]["groups"][0]["adopters"]
    first = months_between(START, pilot_start)
    assert adopters[:first] == [0] * first and adopters[first] == 10


def test_the_report_gives_the_rollout_plans_key_dates() -> None:
    plan = Plan.model_validate(pinned_plan())
    finish = build_rollout(plan).schedule.finish
    context = report_context(analyse(plan, "plan.yaml", simulations=0, seed=1), charts={})
    points = context["management"]["rollout"]["points"]
    assert points[:4] == [
        "Programme start: 1 March 2027 (month 1), as in the rollout plan.",
        "1 pilot from 3 May 2027 to 28 May 2027, ending at a decision gate (scale, revise or stop).",
        "Go-live: 6 September 2027, in month 7 (Sep 2027); adoption across the organisation starts then.",
        f"The rollout plan finishes with the handover to business as usual on {finish.day} "
        f"{finish.strftime('%B %Y')}.",
    ]
    pilots = context["management"]["pilots"]
    assert pilots["columns"][3] == "Runs" and pilots["rows"][0][3] == "3 May 2027 to 28 May 2027"
    method = dict(context["method"]["assumptions"]["rows"])
    assert method["Timing"].startswith("from the rollout plan's schedule")
    assert method["Launch"] == "at go-live, 6 September 2027, in month 7 (Sep 2027)"


# --- the fallback: timing from the pilot lengths -----------------------------------------------


def test_without_a_start_date_the_pilot_lengths_decide_and_the_report_says_so(
        cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, piloted_plan())
    doc, err = business_case_json(cli, plan)
    # Today's rule: 4 weeks is 0.92 of a month, so launch in month 1 (index 1).
    assert doc["adoption"]["launch_month"] == 1
    assert doc["timing"]["basis"] == "pilot-lengths"
    assert "no rollout.start" in doc["timing"]["reason"]
    assert doc["timing"]["pilots"] == [{"use_case": "rooms", "start": None, "finish": None, "first_month": 0,
                                        "months": 1}]
    assert doc["warnings"] == [] and err == ""  # a plan without dates is a choice, not a problem
    case = analyse(Plan.model_validate(piloted_plan()), "plan.yaml", simulations=0, seed=1)
    method = dict(report_context(case, charts={})["method"]["assumptions"]["rows"])
    assert method["Timing"].startswith("from the pilot lengths")
    assert method["Timing"].endswith("because the plan has no rollout.start, so the rollout cannot be scheduled")


def test_a_rollout_that_cannot_be_scheduled_is_a_located_warning_and_the_fallback(
        cli: Runner, tmp_path: Path) -> None:
    data = piloted_plan(start=START.isoformat(), activities=[
        {"id": "review", "name": "Review", "days": 2, "after": ["sign-off"]},
        {"id": "sign-off", "name": "Sign-off", "days": 1, "after": ["review"]},
    ])
    plan = write_plan(tmp_path, data)
    assert cli("rollout", str(plan), "-f", "json").code == 1
    doc, err = business_case_json(cli, plan)
    assert doc["adoption"]["launch_month"] == 1
    assert doc["timing"]["basis"] == "pilot-lengths"
    assert "cycle" in doc["timing"]["reason"] and "plan.yaml:" in doc["timing"]["reason"]
    assert len(doc["warnings"]) == 1 and "cannot be scheduled" in doc["warnings"][0]
    lines = {line.strip() for line in err.splitlines()}
    located = [line for line in lines if "RL002" in line]
    assert located and located[0].startswith(f"{plan}:") and "warning" in located[0]
    assert any("times pilots and launch from the pilot lengths" in line for line in lines)
    report = cli("business-case", str(plan), "-f", "markdown", "-n", "0")
    assert report.code == 0 and "**Warning:** The rollout plan cannot be scheduled" in report.out


def test_a_schedule_without_go_live_falls_back(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, piloted_plan(start=START.isoformat(), activities=[{"id": "launch", "remove": True}]))
    doc, _ = business_case_json(cli, plan)
    assert doc["timing"]["basis"] == "pilot-lengths"
    assert "no go-live" in doc["timing"]["reason"]


# --- the readiness verdict with the plan's assessment settings -------------------------------


SETTINGS = {"disable": ["OP03", "UC01", "EM01"], "group_weights": {"data": 1000}}


def _settings_file(folder: Path, kind: str, settings: str) -> None:
    if kind == "yaml":
        (folder / ".socialplan.yaml").write_text(f"assess:\n{settings}", encoding="utf-8")
    else:
        toml = settings.replace("  disable: ", "disable = ").replace("  group_weights: {data: 1000}",
                                                                      "group_weights = {data = 1000}")
        (folder / "pyproject.toml").write_text(f"[tool.socialplan.assess]\n{toml}", encoding="utf-8")


@pytest.mark.parametrize("kind", ["yaml", "toml"])
def test_the_verdict_uses_the_settings_assess_finds(cli: Runner, tmp_path: Path, kind: str) -> None:
    plan = write_plan(tmp_path, hand_plan())
    default, _ = business_case_json(cli, plan, "--as-of", "2027-01-01")
    _settings_file(tmp_path, kind, '  disable: ["OP03", "UC01", "EM01"]\n  group_weights: {data: 1000}\n')
    assessed = cli("assess", str(plan), "-f", "json", "--as-of", "2027-01-01")
    assert assessed.code == 0, assessed.err
    expected = json.loads(assessed.out)
    doc, err = business_case_json(cli, plan, "--as-of", "2027-01-01")
    assert err == ""
    assert doc["readiness"]["verdict"] == expected["verdict"]
    assert doc["readiness"]["score"] == expected["score"]
    assert doc["readiness"]["settings"] == expected["configuration"]
    assert doc["readiness"]["settings"].endswith(".socialplan.yaml" if kind == "yaml" else "pyproject.toml")
    # The settings matter here: without them the score is another.
    assert default["readiness"]["score"] != expected["score"]


def test_a_broken_settings_file_is_a_warning_and_no_verdict(cli: Runner, tmp_path: Path) -> None:
    plan = write_plan(tmp_path, hand_plan())
    (tmp_path / ".socialplan.yaml").write_text("assess:\n  disable: [no-such-rule]\n", encoding="utf-8")
    assert cli("assess", str(plan)).code == 2  # assess itself gives no verdict
    doc, err = business_case_json(cli, plan)
    assert doc["readiness"] is None
    assert len(doc["warnings"]) == 1 and "no-such-rule" in doc["warnings"][0]
    assert ".socialplan.yaml:2:" in doc["warnings"][0]
    assert err.startswith("socialplan: warning: the readiness verdict is left out")
    html = cli("business-case", str(plan), "-f", "html", "-n", "0")
    assert html.code == 0
    assert "Readiness assessment:" not in html.out and "The readiness verdict is left out" in html.out
