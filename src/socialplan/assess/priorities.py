"""Use-case priorities: RICE, weighted scoring and the value-versus-effort
quadrant, ranked with the reasons.

* RICE = reach x impact x confidence / effort. Reach defaults to the
  headcount of the use case's stakeholder groups; impact is 3, 2, 1, 0.5 or
  0.25; confidence 0-1; effort in person-months.
* Weighted score = sum(weight x score) / sum(weight) over the plan's
  ``prioritisation.criteria``, on the 0-10 scale of the scores; a criterion
  not scored counts as 0.
* Value (0-10) is the weighted score when the plan defines criteria and the
  use case is scored on one of them, otherwise impact x confidence scaled so
  that massive impact (3) at full confidence is 10.
* Quadrant: value at least ``thresholds.value_high`` (5) is high; effort at
  least ``thresholds.high_effort`` (3 person-months) is high. High value and
  low effort is a quick win, high value and high effort a big bet, low value
  and low effort a fill-in, low value and high effort a time sink.
* Ranking: by weighted score when the plan defines criteria, else by RICE
  (configurable); ties by the other measure, then by id. Use cases without
  the measure rank last.
* Confidence follows the evidence: when the plan's evidence judges a use
  case's pilot, its decision replaces the plan's confidence: scale 1.0
  (the hypothesis held), revise 0.5 (something moved, not enough), stop 0
  (it did not hold: the use case ranks last, whatever its scores). A pending
  pilot, or none, leaves the plan's value. The reasons say which it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from socialplan.assess.thresholds import Thresholds
from socialplan.model import Plan, UseCase

if TYPE_CHECKING:
    from socialplan.evidence.pilots import PilotOutcome

Quadrant = Literal["quick win", "big bet", "fill-in", "time sink"]
Measure = Literal["rice", "weighted"]
QUADRANTS: dict[tuple[bool, bool], Quadrant] = {
    (True, False): "quick win",
    (True, True): "big bet",
    (False, False): "fill-in",
    (False, True): "time sink",
}
QUADRANT_ADVICE: dict[Quadrant, str] = {
    "quick win": "do first",
    "big bet": "pilot before committing",
    "fill-in": "do when there is spare capacity",
    "time sink": "avoid or rethink",
}
MAX_IMPACT = 3.0
# The confidence a pilot's decision gives: RICE's own scale (100% high,
# 80% medium, 50% low), with a stopped pilot's hypothesis at nothing.
EVIDENCE_CONFIDENCE = {"scale": 1.0, "revise": 0.5, "stop": 0.0}


@dataclass(frozen=True)
class Priority:
    """One use case's place in the ranking."""

    id: str
    title: str
    rank: int
    reach: int | None
    impact: float | None
    confidence: float | None
    effort: float | None
    rice: float | None
    weighted: float | None
    value: float | None
    quadrant: Quadrant | None
    reasons: list[str] = field(default_factory=list)
    stopped: bool = False  # its pilot decided stop: ranked last


def reach_of(use_case: UseCase, headcounts: dict[str, int]) -> int | None:
    """Reach as given, else the people in the use case's groups."""
    if use_case.reach is not None:
        return use_case.reach
    if not use_case.stakeholders:
        return None
    return sum(headcounts.get(g, 0) for g in use_case.stakeholders)


def rice_score(reach: int | None, impact: float | None, confidence: float | None,
               effort: float | None) -> float | None:
    if reach is None or impact is None or confidence is None or effort is None:
        return None
    return reach * impact * confidence / effort


def weighted_score(scores: dict[str, float], criteria: dict[str, float]) -> float | None:
    """Weighted mean of the scores (0-10); None when not scored on any criterion."""
    if not criteria or not any(name in scores for name in criteria):
        return None
    total = sum(criteria.values())
    return sum(weight * scores.get(name, 0.0) for name, weight in criteria.items()) / total


def value_score(weighted: float | None, impact: float | None, confidence: float | None) -> float | None:
    if weighted is not None:
        return weighted
    if impact is None or confidence is None:
        return None
    return 10.0 * impact / MAX_IMPACT * confidence


def quadrant(value: float | None, effort: float | None, thresholds: Thresholds) -> Quadrant | None:
    if value is None or effort is None:
        return None
    return QUADRANTS[(value >= thresholds.value_high, effort >= thresholds.high_effort)]


def _strongest(criteria: dict[str, float], scores: dict[str, float]) -> str:
    """The criterion adding most to the weighted score (the first on a tie)."""
    best, top = "", -1.0
    for name, weight in criteria.items():
        part = weight * scores.get(name, 0.0)
        if part > top:
            best, top = name, part
    return best


def _on(outcome: PilotOutcome) -> str:
    return f" on {outcome.date.isoformat()}" if outcome.date is not None else ""


def _confidence(use_case: UseCase, outcome: PilotOutcome | None, judged: bool) -> tuple[float | None, str | None]:
    """The confidence RICE uses and where it came from (None: say nothing,
    the plan's evidence judges no pilot at all)."""
    if outcome is not None and outcome.decision in EVIDENCE_CONFIDENCE:
        return EVIDENCE_CONFIDENCE[outcome.decision], f"the pilot decided {outcome.decision}{_on(outcome)}"
    if not judged:
        return use_case.confidence, None
    why = "its pilot is pending" if outcome is not None else "no pilot result"
    return use_case.confidence, f"the plan's estimate: {why}"


def _reasons(p: Priority, criteria: dict[str, float], scores: dict[str, float],
             source: str | None = None, outcome: PilotOutcome | None = None) -> list[str]:
    out = []
    if p.stopped and outcome is not None:
        out.append(f"pilot decided stop{_on(outcome)} ({outcome.lead}): ranked last")
    if p.quadrant is not None:
        out.append(f"{p.quadrant}: {QUADRANT_ADVICE[p.quadrant]}")
    if p.rice is not None:
        said = f" ({source})" if source else ""
        out.append(f"RICE = {p.reach:,} reached x impact {p.impact:g} x {p.confidence:.0%} confident{said} "
                   f"/ {p.effort:g} person-months")
    else:
        missing = [name for name, value in (("reach", p.reach), ("impact", p.impact),
                                            ("confidence", p.confidence), ("effort", p.effort))
                   if value is None]
        out.append(f"no RICE without {', '.join(missing)}")
    if criteria:
        if p.weighted is not None:
            out.append(f"strongest on {_strongest(criteria, scores)}")
        unscored = [name for name in criteria if name not in scores]
        if unscored:
            out.append(f"not scored on {', '.join(unscored)}")
    return out


def rank_use_cases(plan: Plan, thresholds: Thresholds,
                   ranking: Literal["auto", "rice", "weighted"] = "auto",
                   pilots: Iterable[PilotOutcome] = ()) -> tuple[Measure, list[Priority]]:
    """The ranking measure used and the ranked use cases; ``pilots``, the
    pilots the plan's evidence judged, set the confidence of their use cases."""
    criteria = dict(plan.prioritisation.criteria)
    measure: Measure = ranking if ranking != "auto" else ("weighted" if criteria else "rice")
    headcounts = {g.id: g.headcount for g in plan.stakeholders}
    outcomes = {o.use_case: o for o in pilots}
    unranked = []
    for use_case in plan.use_cases:
        outcome = outcomes.get(use_case.id)
        confidence, source = _confidence(use_case, outcome, bool(outcomes))
        reach = reach_of(use_case, headcounts)
        rice = rice_score(reach, use_case.impact, confidence, use_case.effort)
        weighted = weighted_score(use_case.scores, criteria)
        value = value_score(weighted, use_case.impact, confidence)
        stopped = outcome is not None and outcome.decision == "stop"
        # A stopped use case sits in no quadrant: "quick win" beside "ranked
        # last" would be advice to act on a hypothesis the pilot rejected.
        item = Priority(use_case.id, use_case.title, 0, reach, use_case.impact, confidence,
                        use_case.effort, rice, weighted, value,
                        None if stopped else quadrant(value, use_case.effort, thresholds), stopped=stopped)
        unranked.append((item, _reasons(item, criteria, use_case.scores, source, outcome)))

    def key(entry: tuple[Priority, list[str]]) -> tuple[bool, bool, float, bool, float, str]:
        p = entry[0]
        first, second = (p.weighted, p.rice) if measure == "weighted" else (p.rice, p.weighted)
        return (p.stopped, first is None, -(first or 0.0), second is None, -(second or 0.0), p.id)

    unranked.sort(key=key)
    ranked = [Priority(p.id, p.title, i, p.reach, p.impact, p.confidence, p.effort, p.rice, p.weighted,
                       p.value, p.quadrant, reasons, p.stopped)
              for i, (p, reasons) in enumerate(unranked, start=1)]
    return measure, ranked
