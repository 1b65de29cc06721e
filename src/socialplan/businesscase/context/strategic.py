"""The strategic case: context, objectives, use cases and stakeholders."""

from __future__ import annotations

from typing import Any

from socialplan.businesscase.context.writer import Writer, table
from socialplan.businesscase.formatting import DASH, number, trim


def _kpi_text(kpi: Any) -> str:
    parts = [kpi.name]
    if kpi.baseline is not None or kpi.target is not None:
        unit = f" {kpi.unit}" if kpi.unit else ""
        base = trim(kpi.baseline) if kpi.baseline is not None else "?"
        target = trim(kpi.target) if kpi.target is not None else "?"
        parts.append(f"{base} to {target}{unit}")
    if kpi.by is not None:
        parts.append(f"by {kpi.by.isoformat()}")
    return ", ".join(parts)


def strategic_case(w: Writer) -> dict[str, Any]:
    plan = w.plan
    sponsors = {o.id: w.group_label(o.sponsor) if o.sponsor else DASH for o in plan.objectives}
    objectives = table(
        ["Objective", "Sponsor", "Measures (baseline to target, date)"],
        [[o.title, sponsors[o.id], "; ".join(_kpi_text(k) for k in o.kpis) or DASH] for o in plan.objectives],
    )
    titles = {o.id: o.title for o in plan.objectives}
    use_cases = table(
        ["Use case", "Serves", "Who", "Hypothesis to test"],
        [[u.title, "; ".join(titles.get(i, i) for i in u.objectives) or DASH,
          w.groups_text(u.stakeholders) if u.stakeholders else "everyone", u.hypothesis or DASH]
         for u in plan.use_cases],
    )
    stakeholders = table(
        ["Group", "People", "Power / interest", "Attitude", "Expected to adopt"],
        [[g.label, number(g.headcount), f"{g.power} / {g.interest}", g.attitude,
          "yes" if g.must_adopt else "no"] for g in plan.stakeholders],
        [False, True, False, False, False],
    )
    return {
        "context": plan.organisation.context,
        "objectives": objectives if plan.objectives else None,
        "use_cases": use_cases if plan.use_cases else None,
        "stakeholders": stakeholders if plan.stakeholders else None,
    }
