"""The largest plan socialplan accepts: the main lists filled to their
limits (socialplan.model's MAX_* constants), every use case used by every
group, within the loader's limits (5 MiB, 250,000 values), which bind
before the nested lists can all be full. Used by tests/test_limits.py and
benchmarks/bench_limits.py to show that every command finishes such a plan.
"""

from __future__ import annotations

import datetime as dt

import yaml

from socialplan import model
from socialplan.loader import DEFAULT_MAX_BYTES


def worst_case_plan() -> dict[str, object]:
    groups = [f"g{i}" for i in range(model.MAX_GROUPS)]
    objectives = [f"o{i}" for i in range(model.MAX_OBJECTIVES)]
    estimate = {"low": 1, "likely": 2, "high": 4}
    plan: dict[str, object] = {
        "version": 1,
        "organisation": {"name": "Worst case", "headcount": model.MAX_PEOPLE, "currency": "EUR"},
        "stakeholders": [
            {"id": g, "headcount": model.MAX_PEOPLE // model.MAX_GROUPS, "senior": i < 5,
             "power": "high", "interest": "high", "attitude": ["resistant", "neutral", "champion"][i % 3],
             "roles": ["sponsor"] if i == 0 else [], "research": "survey", "education": ["webinar", "workshop"],
             "adkar": {"awareness": 2, "desire": 2, "knowledge": 2, "ability": 2, "reinforcement": 2},
             "goals": ["g"] * 3, "wiifm": "w", "channel": "c", "champions": 3,
             "adoption": {"p": 0.03, "q": 0.4, "ceiling": 0.8}}
            for i, g in enumerate(groups)
        ],
        "objectives": [
            {"id": o, "title": "t", "sponsor": "g0",
             "kpis": [{"name": f"k{k}", "baseline": 1, "target": 2, "by": "2028-01-01"}
                      for k in range(5)]}
            for o in objectives
        ],
        "use_cases": [
            {"id": f"u{i}", "title": "t", "objectives": objectives[:model.MAX_ITEMS],
             "stakeholders": groups, "hypothesis": "h", "effort": 3, "impact": 1, "confidence": 0.8,
             "pilot": {"participants": 50, "weeks": 8, "groups": groups[:10],
                       "metrics": [{"name": "m", "baseline": 1, "threshold": 2}] * 3},
             # Without 'users', each benefit counts the adopters of all 500 groups.
             "benefits": [{"name": f"b{b}", "hours_per_user_week": estimate}
                          for b in range(model.MAX_BENEFITS)]}
            for i in range(model.MAX_USE_CASES)
        ],
        "options": [{"id": "do-nothing", "title": "t", "baseline": True}]
        + [{"id": f"x{i}", "title": "t", "benefit_share": 0.9} for i in range(model.MAX_OPTIONS - 1)],
        "finance": {
            "loaded_hourly_cost": 50, "horizon_years": 30,
            "costs": [{"name": f"c{i}", "kind": ["one-off", "recurring", "per-user"][i % 3],
                       "amount": estimate, "month": i % 24} for i in range(model.MAX_COSTS)],
        },
        "rollout": {
            "start": "2027-01-04",
            # Every Wednesday for years: the limit of closed days.
            "holidays": [(dt.date(2027, 1, 6) + dt.timedelta(weeks=i)).isoformat() for i in range(model.MAX_DAYS_OFF)],
            "activities": [{"id": f"a{i}", "name": "a", "days": 3,
                            "after": [f"a{j}" for j in range(max(0, i - 10), i)]}
                           for i in range(model.MAX_ACTIVITIES)],
        },
    }
    return plan


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # plans are refused when aliases expand too far


def worst_case_text() -> str:
    text = yaml.dump(worst_case_plan(), Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=10_000)
    assert len(text.encode()) <= DEFAULT_MAX_BYTES, len(text.encode())
    return text
