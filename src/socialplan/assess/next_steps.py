"""What would change the verdict: each unsuppressed finding, resolved on its
own, and what the plan would then score.

Resolving a finding is computed, not guessed: its check counts as passed (as
a suppressed one does), it no longer counts as an error or as blocking go,
and the scores and verdict are worked out again by the same functions the
assessment uses. Only the rule results change, so each what-if costs one
pass over the rules, not a new run over the plan; and as every finding of a
rule has the rule's severity and weight, one what-if per rule serves all of
its findings, so a plan with thousands of findings costs a few dozen passes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from socialplan.assess.config import AssessConfig
from socialplan.assess.findings import Finding
from socialplan.assess.scoring import VERDICTS, RuleResult, Verdict, rounded_scores, verdict_band

# How many next steps a scorecard lists (text, Markdown); JSON carries them all.
SHOWN_STEPS = 10


def code_counts(findings: Sequence[Finding]) -> str:
    """``OP11, UC05 (x2), EM03``: codes in order of first appearance."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return ", ".join(code + (f" (x{n})" if n > 1 else "") for code, n in counts.items())


@dataclass(frozen=True)
class NextStep:
    """One finding resolved: the score and verdict the plan would then have."""

    finding: Finding
    gain: float  # score points, one decimal
    score: float
    verdict: Verdict
    lifts_verdict: bool  # the verdict moves up a band (not-ready -> pilot-first -> go)


def _better(new: Verdict, old: Verdict) -> bool:
    return VERDICTS.index(new) < VERDICTS.index(old)


def next_steps(results: Sequence[RuleResult], active: Sequence[Finding], config: AssessConfig,
               score: float, current: Verdict) -> list[NextStep]:
    """Every unsuppressed finding whose resolution raises the score or lifts
    the verdict, best first: those that lift it, then by score gained, then
    in the order of the findings. Empty for a plan that is already go."""
    if current == "go":
        return []
    index = {r.code: i for i, r in enumerate(results)}
    errors = sum(1 for f in active if f.severity == "error")
    blockers = sum(1 for f in active if f.blocks_go and f.severity != "error")
    steps: list[tuple[int, NextStep]] = []
    what_if: dict[str, tuple[float, Verdict]] = {}
    for order, finding in enumerate(active):
        at = index.get(finding.code)
        if at is None:
            continue
        if finding.code not in what_if:
            resolved = list(results)
            result = resolved[at]
            resolved[at] = dataclasses.replace(result, failed=max(0, result.failed - 1))
            overall, groups = rounded_scores(resolved, config)
            is_error = finding.severity == "error"
            what_if[finding.code] = overall, verdict_band(
                overall, groups, config, errors=errors - is_error,
                go_blockers=blockers - (finding.blocks_go and not is_error))
        overall, band = what_if[finding.code]
        gain = round(overall - score, 1)
        lifts = _better(band, current)
        if gain > 0 or lifts:
            steps.append((order, NextStep(finding, gain, overall, band, lifts)))
    steps.sort(key=lambda item: (not item[1].lifts_verdict, -item[1].gain, item[0]))
    return [step for _, step in steps]


@dataclass(frozen=True)
class NextBand:
    """The findings that, resolved together, lift the plan to the next verdict."""

    verdict: Verdict
    findings: list[Finding]
    score: float


def next_band(results: Sequence[RuleResult], active: Sequence[Finding], config: AssessConfig,
              current: Verdict, steps: Sequence[NextStep]) -> NextBand | None:
    """A short way up one band: first the findings the next verdict cannot
    have (errors; for go, findings that block go too), then the others by the
    score each gains, until the verdict moves. Greedy, so short rather than
    proven shortest. None for a plan that is already go."""
    if current == "go":
        return None
    target: Verdict = VERDICTS[VERDICTS.index(current) - 1]
    must = [f for f in active if f.severity == "error" or (target == "go" and f.blocks_go)]
    chosen = {id(f) for f in must}
    by_gain = [s.finding for s in steps if id(s.finding) not in chosen]
    index = {r.code: i for i, r in enumerate(results)}
    resolved = list(results)
    errors = sum(1 for f in active if f.severity == "error")
    blockers = sum(1 for f in active if f.blocks_go and f.severity != "error")
    taken: list[Finding] = []
    for finding in [*must, *by_gain]:
        at = index.get(finding.code)
        if at is not None:
            resolved[at] = dataclasses.replace(resolved[at], failed=max(0, resolved[at].failed - 1))
        is_error = finding.severity == "error"
        errors -= is_error
        blockers -= finding.blocks_go and not is_error
        taken.append(finding)
        if len(taken) < len(must):
            continue
        overall, groups = rounded_scores(resolved, config)
        band = verdict_band(overall, groups, config, errors=errors, go_blockers=blockers)
        if _better(band, current):
            return NextBand(band, taken, overall)
    return None
