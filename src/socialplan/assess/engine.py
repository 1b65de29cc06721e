"""Run the rules over a validated plan: the one place that turns rule facts
into findings (code, severity, position, suppression) and findings into
scores, a verdict, priorities and a stakeholder map.

:func:`assess_plan` is pure: no printing, no files. It runs in time linear
in the size of the plan (see benchmarks/bench_assess.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from socialplan.assess.config import AssessConfig
from socialplan.assess.findings import Finding
from socialplan.assess.next_steps import NextBand, NextStep, next_band, next_steps
from socialplan.assess.priorities import Priority, rank_use_cases
from socialplan.assess.readiness import choose
from socialplan.assess.registry import RULES, known_keys, lookup
from socialplan.assess.rule import SUPPRESSIBLE_SECTIONS, Rule, RuleContext
from socialplan.assess.scoring import RuleResult, Scores, Verdict, score_plan
from socialplan.assess.stakeholder_map import StakeholderView, map_stakeholders
from socialplan.diagnostics import PlanPath, Severity
from socialplan.model import Plan
from socialplan.validation import ValidatedPlan


@dataclass
class Assessment:
    """Everything ``socialplan assess`` reports about one plan."""

    source: str
    as_of: dt.date
    score: float
    verdict: Verdict
    reasons: list[str]
    groups: dict[str, float]
    findings: list[Finding]
    priorities: list[Priority]
    stakeholders: list[StakeholderView]
    rule_results: list[RuleResult] = field(default_factory=list)
    config: AssessConfig = field(default_factory=AssessConfig)
    ranking: Literal["rice", "weighted"] = "rice"
    # For a plan that is not go: each finding resolved on its own, best first.
    next_steps: list[NextStep] = field(default_factory=list)
    # The findings that, resolved together, lift it a band (None when go).
    next_band: NextBand | None = None
    # Of the plan's bytes (socialplan.stamp): which plan version was assessed.
    plan_digest: str = ""
    # Plain-sentence warnings: survey exports not used because they have problems.
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> list[Finding]:
        """Findings not suppressed by the plan."""
        return [f for f in self.findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is not None]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    @property
    def go_blocking_rules(self) -> list[str]:
        """Codes of the enabled rules whose unsuppressed findings keep the plan from go."""
        return [r.code for r in RULES
                if r.code not in self.config.disable and self.config.blocks_go_of(r.code, r.blocks_go)]


def _suppression(plan: Plan, rule: Rule, path: PlanPath) -> str | None:
    """The reason the plan gives for ignoring ``rule`` at ``path``: on the
    item the path points into, else at the plan's top level."""
    if len(path) >= 2 and path[0] in SUPPRESSIBLE_SECTIONS and isinstance(path[1], int):
        items = getattr(plan, str(path[0]))
        if 0 <= path[1] < len(items):
            reason = _reason(items[path[1]].ignore, rule)
            if reason is not None:
                return reason
    return _reason(plan.ignore, rule)


def _reason(ignore: dict[str, str], rule: Rule) -> str | None:
    if not ignore:
        return None
    for key, reason in ignore.items():
        found = lookup(key)
        if found is not None and found.code == rule.code:
            return reason
    return None


def assess_plan(validated: ValidatedPlan, *, config: AssessConfig | None = None,
                as_of: dt.date | None = None) -> Assessment:
    """Assess a validated plan against every enabled rule."""
    settings = config or AssessConfig()
    day = as_of or dt.date.today()
    plan = validated.plan
    source_map = validated.loaded.source_map
    readiness = choose(plan, validated.evidence, day)
    context = RuleContext(plan, settings.thresholds, day, known_keys(), lookup, readiness)
    findings: list[Finding] = []
    results: list[RuleResult] = []
    for rule in RULES:
        if rule.code in settings.disable:
            continue
        severity = settings.severity_of(rule.code, rule.severity)
        blocks_go = settings.blocks_go_of(rule.code, rule.blocks_go)
        checked = failed = suppressed = 0
        for check in rule.check(context):
            checked += 1
            if check.message is None:
                continue
            reason = _suppression(plan, rule, check.path)
            if reason is None:
                failed += 1
            else:
                suppressed += 1
            location, _ = source_map.locate(check.path)
            findings.append(Finding(rule.code, rule.name, rule.group, severity, check.message, check.path,
                                    location, check.hint, reason, blocks_go))
        results.append(RuleResult(rule.code, rule.group, settings.weight_of(rule.code, rule.weight),
                                  checked, failed, suppressed))
    findings.sort(key=Finding.sort_key)
    active = [f for f in findings if f.suppressed is None]
    scores: Scores = score_plan(results, active, settings)
    evidence = validated.evidence
    ranking, priorities = rank_use_cases(plan, settings.thresholds, settings.ranking,
                                         evidence.pilots_known_on(day) if evidence is not None else ())
    steps = next_steps(results, active, settings, scores.overall, scores.verdict)
    return Assessment(
        source=validated.loaded.source,
        plan_digest=validated.loaded.digest,
        as_of=day,
        score=scores.overall,
        verdict=scores.verdict,
        reasons=scores.reasons,
        groups={str(group): value for group, value in scores.groups.items()},
        findings=findings,
        priorities=priorities,
        stakeholders=map_stakeholders(plan, settings.thresholds, readiness),
        rule_results=results,
        config=settings,
        ranking=ranking,
        next_steps=steps,
        next_band=next_band(results, active, settings, scores.verdict, steps),
        notes=list(readiness.unused),
    )


__all__ = ["Assessment", "Finding", "NextStep", "Verdict", "assess_plan"]
