"""RICE confidence follows the pilots' decisions: scale 100%, revise 50%,
stop 0 (ranked last), pending or no evidence the plan's own value. Expected
scores are worked out here as reach x impact x confidence / effort."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from socialplan import api
from socialplan.assess.examples import plan_from_text
from socialplan.assess.priorities import rank_use_cases
from socialplan.assess.thresholds import Thresholds
from socialplan.evidence.pilots import Decision, PilotOutcome

ROOT = Path(__file__).resolve().parents[1]
PLAN = """\
organisation: {name: Acme}
use_cases:
  - {id: scaled, title: Scaled, reach: 100, impact: 1, confidence: 0.8, effort: 2}
  - {id: revised, title: Revised, reach: 120, impact: 1, confidence: 0.8, effort: 2}
  - {id: stopped, title: Stopped, reach: 900, impact: 3, confidence: 0.8, effort: 1}
  - {id: pending, title: Pending, reach: 110, impact: 1, confidence: 0.8, effort: 2}
  - {id: plain, title: No pilot, reach: 105, impact: 1, confidence: 0.8, effort: 2}
"""
REACH = {"scaled": 100, "revised": 120, "stopped": 900, "pending": 110, "plain": 105}
IMPACT = {"stopped": 3.0}
EFFORT = {"stopped": 1.0}


def _outcome(use_case: str, decision: Decision) -> PilotOutcome:
    return PilotOutcome(use_case, decision, (f"the {decision} reason",), (), "rule", dt.date(2027, 5, 14))


def _ranked() -> dict[str, object]:
    validated, diagnostics = plan_from_text(PLAN, "plan.yaml")
    assert validated is not None, diagnostics
    pilots = [_outcome("scaled", "scale"), _outcome("revised", "revise"), _outcome("stopped", "stop"),
              _outcome("pending", "pending")]
    _, ranked = rank_use_cases(validated.plan, Thresholds(), "rice", pilots)
    return {p.id: p for p in ranked}


@pytest.mark.parametrize(("use_case", "confidence"),
                         [("scaled", 1.0), ("revised", 0.5), ("stopped", 0.0), ("pending", 0.8), ("plain", 0.8)])
def test_confidence_follows_the_decision(use_case: str, confidence: float) -> None:
    priority = _ranked()[use_case]
    expected = REACH[use_case] * IMPACT.get(use_case, 1.0) * confidence / EFFORT.get(use_case, 2.0)
    assert priority.confidence == confidence  # type: ignore[attr-defined]
    assert priority.rice == pytest.approx(expected)  # type: ignore[attr-defined]


def test_the_order_and_the_reasons_say_where_confidence_came_from() -> None:
    ranked = sorted(_ranked().values(), key=lambda p: p.rank)  # type: ignore[attr-defined]
    # RICE: scaled 50, pending 44, plain 42, revised 30; stopped last despite its reach.
    assert [p.id for p in ranked] == ["scaled", "pending", "plain", "revised", "stopped"]  # type: ignore[attr-defined]
    reasons = {p.id: " | ".join(p.reasons) for p in ranked}  # type: ignore[attr-defined]
    assert "100% confident (the pilot decided scale on 2027-05-14)" in reasons["scaled"]
    assert "50% confident (the pilot decided revise on 2027-05-14)" in reasons["revised"]
    assert "80% confident (the plan's estimate: its pilot is pending)" in reasons["pending"]
    assert "80% confident (the plan's estimate: no pilot result)" in reasons["plain"]
    assert reasons["stopped"].startswith("pilot decided stop on 2027-05-14 (the stop reason): ranked last")


def test_without_evidence_the_reasons_are_as_before() -> None:
    validated, _ = plan_from_text(PLAN, "plan.yaml")
    assert validated is not None
    _, ranked = rank_use_cases(validated.plan, Thresholds(), "rice")
    assert ranked[0].id == "stopped" and all("confident /" in p.reasons[-1] for p in ranked)


def test_the_assessment_of_the_example_ranks_its_stopped_use_case_last() -> None:
    result = api.assess(ROOT / "examples" / "retail-pilot-first.yaml", as_of=dt.date(2027, 6, 30), use_config=False)
    assert result.report is not None and result.report.assessment is not None
    priorities = result.report.assessment.priorities
    assert priorities[-1].id == "store-support" and priorities[-1].confidence == 0.0
    assert priorities[-1].reasons[0].startswith("pilot decided stop on 2027-06-04")
    assert priorities[-1].quadrant is None  # no "quick win" for a rejected hypothesis
    assert priorities[0].quadrant is not None
