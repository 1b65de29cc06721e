"""Each pilot's decision gate carries its outcome from the plan's evidence,
in every rollout format, without moving a date. The expected decisions and
dates are read from the plan and from ``socialplan evidence``'s JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

from socialplan import api
from socialplan.rollout import build_rollout

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "examples" / "retail-pilot-first.yaml"
CONSULTING = ROOT / "examples" / "consulting-mobile-workforce.yaml"
# After every example's gates: a report uses only the evidence known on its date.
AFTER = dt.date(2027, 12, 1)


def _expected(plan: Path) -> dict[str, tuple[str, str | None, str]]:
    """use case -> (decision, gate date, lead reason) as the evidence report and the plan give them."""
    result = api.evidence(plan)
    assert result.report is not None
    judged = json.loads(api.render(result.report, "json").text)["pilots"]
    dates = {p["use_case"]: p.get("date") for p in yaml.safe_load(plan.read_text(encoding="utf-8"))["evidence"]
             ["pilots"]}
    return {p["use_case"]: (p["decision"], None if dates.get(p["use_case"]) is None
                            else str(dates[p["use_case"]]), p["reasons"][0]) for p in judged}


@pytest.fixture(scope="module", params=[RETAIL, CONSULTING], ids=["retail", "consulting"])
def rolled(request: pytest.FixtureRequest) -> tuple[Path, Any]:
    result = api.rollout(request.param, as_of=AFTER)
    assert result.report is not None
    return request.param, result.report


@pytest.mark.parametrize("plan", [RETAIL, CONSULTING], ids=["retail", "consulting"])
def test_a_gate_not_yet_held_on_the_reports_date_is_pending(plan: Path) -> None:
    held = {d for _, d, _ in _expected(plan).values() if d is not None}
    before = dt.date.fromisoformat(min(held)) - dt.timedelta(days=1)
    report = api.rollout(plan, as_of=before).report
    assert report is not None
    tasks = json.loads(api.render(report, "json").text)["tasks"]
    assert {t["outcome"]["decision"] for t in tasks if t["kind"] == "gate"} == {"pending"}


def test_json_gives_each_gate_its_outcome(rolled: tuple[Path, Any]) -> None:
    plan, report = rolled
    expected = _expected(plan)
    tasks = json.loads(api.render(report, "json").text)["tasks"]
    gates = {t["use_case"]: t for t in tasks if t["kind"] == "gate"}
    assert gates, "the example has decision gates"
    for use_case, task in gates.items():
        decision, date, reason = expected.get(use_case, ("pending", None, None))
        assert task["outcome"]["decision"] == decision
        assert task["outcome"]["date"] == date
        if reason is not None:
            assert task["outcome"]["reason"] == reason
    assert all(t["outcome"] is None for t in tasks if t["kind"] != "gate")
    assert {d for d, _, _ in expected.values()} <= {g["outcome"]["decision"] for g in gates.values()}


def test_ics_describes_each_gates_outcome(rolled: tuple[Path, Any]) -> None:
    plan, report = rolled
    expected = _expected(plan)
    calendar = Calendar.from_ical(api.render(report, "ics").content)
    events = {str(e["uid"]).split(".")[1]: str(e["description"]) for e in calendar.walk("VEVENT")
              if str(e["uid"]).startswith("gate.")}
    for use_case, (decision, date, reason) in expected.items():
        assert f"Outcome: {decision} on {date} ({reason})." in events[use_case]
    assert any("Outcome: pending" in d for u, d in events.items() if u not in expected) or \
        set(events) == set(expected)


def test_csv_and_mermaid_show_the_outcome(rolled: tuple[Path, Any]) -> None:
    plan, report = rolled
    expected = _expected(plan)
    rows = list(csv.DictReader(io.StringIO(api.render(report, "csv").text)))
    by_id = {r["id"]: r for r in rows}
    markdown = api.render(report, "markdown").text
    for use_case, (decision, date, reason) in expected.items():
        assert by_id[f"gate.{use_case}"]["outcome"] == f"{decision} {date}: {reason}"
        if decision != "pending":
            assert f"Decision gate (decided {decision})\uA789" in markdown


def test_the_outcome_moves_no_date(rolled: tuple[Path, Any]) -> None:
    plan, report = rolled
    validated = api.check(plan)[1]
    assert validated is not None
    plain = build_rollout(validated.plan)  # no evidence given
    dates = {a.id: (a.start, a.finish) for a in plain.activities}
    assert {a.id: (a.start, a.finish) for a in report.rollout.activities} == dates
    assert isinstance(next(iter(dates.values()))[0], dt.date)


def test_scaling_a_use_case_whose_pilot_did_not_decide_scale_says_so(rolled: tuple[Path, Any]) -> None:
    plan, report = rolled
    expected = _expected(plan)
    tasks = json.loads(api.render(report, "json").text)["tasks"]
    scaling = {t["use_case"]: t for t in tasks if t["kind"] == "scale"}
    assert scaling
    for use_case, task in scaling.items():
        decision, date, _ = expected.get(use_case, ("pending", None, None))
        first = task["notes"][0] if task["notes"] else ""
        if decision == "stop":
            assert first.startswith("Not to be run: the pilot decided stop") and (date is None or date in first)
        elif decision == "revise":
            assert first.startswith("On hold: the pilot decided revise") and (date is None or date in first)
        else:
            assert not first.startswith(("Not to be run", "On hold"))
    markdown = api.render(report, "markdown").text
    for use_case, (decision, _, _) in expected.items():
        if decision == "stop" and use_case in scaling:
            assert "Not to be run: the pilot decided stop" in markdown
