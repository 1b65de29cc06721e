"""Benchmark ``socialplan assess``: the assessment must grow linearly with the
plan, so no rule may be quadratic in plan size.

Prints figures and exits 1 when the target is missed:

    python benchmarks/bench_assess.py [--runs 5]

Two generated plans, one ten times the other: 200 use cases with 50
stakeholder groups, and 2,000 use cases with 500 groups (objectives, options
and costs as a real plan has them; about one item in six with a flaw, so
findings, positions and suppressions are all exercised). Each is loaded and
validated once, then assessed several times; the figure is the best time,
the least disturbed by the rest of the machine (the median is printed too).
Runs alternate between the two plans, so both see the same machine: neither
gets a cache kept warm by its own previous run. Target: the larger takes at
most 12x the smaller (linear growth is 10x).

Each rule is also timed on its own, to name the rules growing fastest: a
quadratic rule would grow about 100x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from socialplan.assess.engine import assess_plan
from socialplan.validation import ValidatedPlan, check_plan

TARGET_RATIO = 12.0
AS_OF = dt.date(2027, 1, 4)
SIZES = ((200, 50), (2000, 500))


def generated_plan(use_cases: int, groups: int, seed: int = 7) -> dict[str, Any]:
    """A plan with ``use_cases`` use cases and ``groups`` stakeholder groups."""
    rng = random.Random(seed)
    group_ids = [f"group-{g}" for g in range(groups)]
    stakeholders = []
    for g, gid in enumerate(group_ids):
        senior = g % 10 == 0
        group: dict[str, Any] = {
            "id": gid,
            "headcount": 12 if senior else rng.randint(20, 3000),
            "senior": senior,
            "power": "high" if senior or g % 7 == 0 else rng.choice(["low", "medium"]),
            "interest": rng.choice(["low", "medium", "high"]),
            "attitude": rng.choice(["supportive", "neutral", "sceptical", "resistant"]),
            "roles": ["sponsor"] if senior else [],
            "research": "interview" if senior else rng.choice(["survey", "focus-group", "survey"]),
            "goals": ["hit the quarter's targets"] if g % 6 else [],
            "wiifm": "less time chasing answers",
            "education": ["briefing"] if senior else rng.choice([["webinar"], ["workshop", "drop-in"], []]),
            "usability_testing": g % 9 == 0,
            "champions": rng.randint(0, 30),
            "engagement": ["monthly round table"] if g % 2 else [],
            "adkar": {e: rng.randint(1, 5) for e in ("awareness", "desire", "knowledge", "ability",
                                                     "reinforcement")},
        }
        if g % 13 == 0:
            group["ignore"] = {"EM09": "champions are recruited in phase 2"}
        stakeholders.append(group)
    objectives = [
        {
            "id": f"objective-{o}",
            "title": f"Objective {o}",
            "sponsor": group_ids[0],
            "kpis": [
                {"name": f"measure {o}-{k}", "direction": "decrease", "baseline": 10 + k, "target": 5 + k,
                 "by": dt.date(2028, 6, 30)}
                for k in range(2)
            ],
        }
        for o in range(6)
    ]
    cases = []
    for u in range(use_cases):
        members = rng.sample(group_ids, 2)
        case: dict[str, Any] = {
            "id": f"use-case-{u}",
            "title": f"Use case {u}",
            "objectives": [f"objective-{u % 6}"],
            "stakeholders": members,
            "effort": rng.choice([0.5, 1, 2, 4, 8]),
            "impact": rng.choice([0.25, 0.5, 1, 2, 3]),
            "confidence": rng.choice([0.5, 0.8, 1.0]),
            "scores": {"fit": rng.randint(0, 10), "ease": rng.randint(0, 10), "reach": rng.randint(0, 10)},
            "benefits": [
                {"name": "time saved", "hours_per_user_week": {"low": 0.1, "likely": 0.3, "high": 0.6},
                 "kpi": f"measure {u % 6}-0"},
                {"name": "travel avoided", "annual_value": 1000 + u},
            ],
        }
        if u % 7:
            case["owner"] = "Programme lead"
        if u % 5:
            case["hypothesis"] = "Teams using it save an hour a week"
        if u % 3 == 0:
            case["pilot"] = {"participants": 20, "weeks": 8, "groups": members[:1],
                             "decision_rule": "scale if the metric passes",
                             "metrics": [{"name": "hours saved", "baseline": 0, "threshold": 0.5}]}
        if u % 11 == 0:
            case["ignore"] = {"UC07": "owner named at the steering group"}
        cases.append(case)
    return {
        "organisation": {"name": f"Generated {use_cases}", "currency": "EUR"},
        "objectives": objectives,
        "use_cases": cases,
        "stakeholders": stakeholders,
        "options": [
            {"id": "do-nothing", "title": "Keep email", "baseline": True},
            {"id": "platform", "title": "The network"},
        ],
        "finance": {"costs": [{"name": f"cost {c}", "category": "licence", "amount": 1000 * (c + 1)}
                              for c in range(10)]},
        "prioritisation": {"criteria": {"fit": 3, "ease": 1, "reach": 2}},
    }


def load(folder: Path, use_cases: int, groups: int) -> tuple[ValidatedPlan, float]:
    path = folder / f"plan-{use_cases}.yaml"
    path.write_text(yaml.safe_dump(generated_plan(use_cases, groups), sort_keys=False), encoding="utf-8")
    start = time.perf_counter()
    check, validated = check_plan(str(path))
    elapsed = time.perf_counter() - start
    if validated is None:
        sys.exit("the generated plan is invalid: " + "; ".join(d.message for d in check.diagnostics[:5]))
    return validated, elapsed


def timings(plans: list[ValidatedPlan], runs: int) -> tuple[list[list[float]], list[int]]:
    """Seconds per run for each plan, the runs alternating between plans."""
    times: list[list[float]] = [[] for _ in plans]
    findings = [0 for _ in plans]
    for _ in range(runs):
        for i, validated in enumerate(plans):
            start = time.perf_counter()
            assessment = assess_plan(validated, as_of=AS_OF)
            times[i].append(time.perf_counter() - start)
            findings[i] = len(assessment.findings)
    return times, findings


def rule_ratios(plans: list[ValidatedPlan], runs: int) -> list[tuple[float, str, float]]:
    """(ratio, code, milliseconds on the larger plan) per rule that takes
    long enough on the larger plan to be timed (0.1 ms)."""
    from socialplan.assess.registry import RULES, known_keys, lookup
    from socialplan.assess.rule import RuleContext
    from socialplan.assess.thresholds import Thresholds

    out = []
    for rule in RULES:
        best = [float("inf") for _ in plans]
        for _ in range(runs):
            for i, validated in enumerate(plans):
                context = RuleContext(validated.plan, Thresholds(), AS_OF, known_keys(), lookup)
                start = time.perf_counter()
                for _check in rule.check(context):
                    pass
                best[i] = min(best[i], time.perf_counter() - start)
        if best[-1] >= 1e-4:
            out.append((best[-1] / best[0], rule.code, best[-1] * 1000))
    return sorted(out, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="assessments per plan (the best counts)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        loaded = [load(Path(folder), use_cases, groups) for use_cases, groups in SIZES]
    times, findings = timings([validated for validated, _ in loaded], args.runs)
    figures = [min(t) for t in times]
    for (use_cases, groups), (_, load_time), t, found in zip(SIZES, loaded, times, findings, strict=True):
        print(f"{use_cases:>5} use cases, {groups:>3} groups: assess {min(t) * 1000:7.1f} ms best, "
              f"{statistics.median(t) * 1000:7.1f} ms median of {args.runs}; {found:,} findings; "
              f"load and validate {load_time * 1000:6.1f} ms")
    plans = [validated for validated, _ in loaded]
    fastest_growing = rule_ratios(plans, args.runs)[:3]
    print("rules growing fastest: " + ", ".join(f"{code} {ratio:.1f}x ({ms:.2f} ms)"
                                                for ratio, code, ms in fastest_growing))
    ratio = figures[1] / figures[0]
    verdict = "ok" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"ratio larger / smaller: {ratio:.1f}x (target at most {TARGET_RATIO:g}x; linear is 10x): {verdict}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
