"""Scores and the verdict.

How a plan is scored (the documentation repeats this):

* A rule's result is the share of the items it checked that pass; a
  suppressed failure counts as passing (the team accepted it, with a reason).
  A rule that checked nothing (no pilots to check, say) does not count.
* A group scores ``100 x sum(weight x share) / sum(weight)`` over its rules
  that checked something; a group with no such rule scores 100.
* The overall score is the mean of the group scores weighted by
  ``group_weights`` (0.3 each for opportunity, use cases and embedding, 0.1
  for data by default).
* Verdict, with the default thresholds:
  ``not-ready`` when any finding is an error, the overall score is below 60
  (``not_ready_score``) or a group is below 40 (``group_floor``);
  ``go`` when no finding is an error or blocks go, the overall score
  reaches 80 (``go_score``) and every group reaches 60 (``go_group_min``);
  ``pilot-first`` otherwise. Groups weighted 0 do not take part in the
  verdict, and suppressed findings neither block nor count.

Why some findings block go: a share of passing checks averages gaps away.
One unsurveyed group of 15,000 beside eight surveyed groups still leaves its
rule at 8 of 9, and a plan with no usability test and no do-nothing option
can score 90. The rules whose gap no score makes up for (``blocks_go`` in
their definition, configurable per rule) keep the plan at ``pilot-first``
at best, and their findings are named in the reasons.

Scores are rounded to one decimal, and thresholds are compared with the
rounded values people see.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from socialplan.assess.config import AssessConfig
from socialplan.assess.findings import Finding
from socialplan.assess.rule import GROUPS, Group

Verdict = Literal["go", "pilot-first", "not-ready"]
VERDICTS: tuple[Verdict, ...] = ("go", "pilot-first", "not-ready")


@dataclass(frozen=True)
class RuleResult:
    """How one rule fared: items checked, failed (not suppressed), suppressed."""

    code: str
    group: Group
    weight: float
    checked: int
    failed: int
    suppressed: int

    @property
    def share_passed(self) -> float | None:
        if not self.checked:
            return None
        return (self.checked - self.failed) / self.checked


@dataclass(frozen=True)
class Scores:
    overall: float
    groups: dict[Group, float]
    verdict: Verdict
    reasons: list[str]


def group_scores(results: Sequence[RuleResult]) -> dict[Group, float]:
    """Each group's weighted share of passing checks, 0-100, unrounded."""
    totals: dict[Group, list[float]] = {g: [0.0, 0.0] for g in GROUPS}
    for result in results:
        share = result.share_passed
        if share is None or result.weight <= 0:
            continue
        totals[result.group][0] += result.weight * share
        totals[result.group][1] += result.weight
    return {g: (100.0 * got / out_of if out_of else 100.0) for g, (got, out_of) in totals.items()}


def overall_score(groups: dict[Group, float], weights: dict[Group, float]) -> float:
    # math.fsum, not sum(): the built-in sum of floats is compensated from
    # Python 3.12 on, so a score on a rounding edge (99.25 printed with one
    # decimal) would differ between the versions socialplan supports.
    total = math.fsum(weights[g] for g in GROUPS)
    return math.fsum(groups[g] * weights[g] for g in GROUPS) / total


def _reason(finding: Finding) -> str:
    return f"{finding.code} {finding.message} ({finding.location.file}:{finding.location.line})"


def verdict(overall: float, groups: dict[Group, float], errors: Sequence[Finding],
            config: AssessConfig, go_blockers: Sequence[Finding] = ()) -> tuple[Verdict, list[str]]:
    """The verdict and the reasons for it (what blocks, or what is missing for
    go). ``errors`` make the plan not-ready; ``go_blockers`` (findings of
    rules that block go) keep it from go."""
    t = config.thresholds
    counted = [g for g in GROUPS if config.group_weights[g] > 0]
    blocking = [_reason(e) for e in errors]
    if overall < t.not_ready_score:
        blocking.append(f"overall score {overall:.1f} is below {t.not_ready_score:g}")
    blocking += [f"{g} scores {groups[g]:.1f}, below the floor of {t.group_floor:g}"
                 for g in counted if groups[g] < t.group_floor]
    if blocking:
        return "not-ready", blocking
    missing = [_reason(f) for f in go_blockers]
    if overall < t.go_score:
        missing.append(f"overall score {overall:.1f} is below the {t.go_score:g} needed for go")
    missing += [f"{g} scores {groups[g]:.1f}, below the {t.go_group_min:g} every group needs for go"
                for g in counted if groups[g] < t.go_group_min]
    if missing:
        return "pilot-first", missing
    return "go", [f"overall score {overall:.1f} reaches {t.go_score:g}, every group scores at least "
                  f"{t.go_group_min:g} and no finding is an error or blocks go"]


def verdict_band(overall: float, groups: dict[Group, float], config: AssessConfig, *,
                 errors: int, go_blockers: int) -> Verdict:
    """The verdict alone, from counts: what :func:`verdict` decides, without
    building its reasons (the what-if of every finding needs only this)."""
    t = config.thresholds
    counted = [g for g in GROUPS if config.group_weights[g] > 0]
    if errors or overall < t.not_ready_score or any(groups[g] < t.group_floor for g in counted):
        return "not-ready"
    if go_blockers or overall < t.go_score or any(groups[g] < t.go_group_min for g in counted):
        return "pilot-first"
    return "go"


def rounded_scores(results: Sequence[RuleResult], config: AssessConfig) -> tuple[float, dict[Group, float]]:
    """The overall score and the group scores as people see them (one decimal)."""
    raw = group_scores(results)
    return round(overall_score(raw, config.group_weights), 1), {g: round(raw[g], 1) for g in GROUPS}


def score_plan(results: Sequence[RuleResult], active: Sequence[Finding], config: AssessConfig) -> Scores:
    """Scores and verdict from the rule results and the unsuppressed findings."""
    overall, groups = rounded_scores(results, config)
    errors = [f for f in active if f.severity == "error"]
    go_blockers = [f for f in active if f.blocks_go and f.severity != "error"]
    decision, reasons = verdict(overall, groups, errors, config, go_blockers)
    return Scores(overall, groups, decision, reasons)
