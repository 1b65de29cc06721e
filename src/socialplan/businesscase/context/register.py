"""The benefits register: each benefit with its owner, measure, target,
value and when it is realised."""

from __future__ import annotations

from socialplan.businesscase.context.writer import Table, Writer, table
from socialplan.businesscase.formatting import DASH, number, trim
from socialplan.finance.adoption import month_reaching


def _kpi_target(w: Writer, name: str | None) -> str:
    if not name:
        return DASH
    for objective in w.plan.objectives:
        for kpi in objective.kpis:
            if kpi.name.strip().lower() == name.strip().lower() and kpi.target is not None:
                unit = f" {kpi.unit}" if kpi.unit else ""
                by = f" by {kpi.by.isoformat()}" if kpi.by else ""
                return f"{trim(kpi.target)}{unit}{by}"
    return DASH


def benefits_register(w: Writer) -> Table:
    option = w.leading
    a = w.assumptions
    adoption = w.appraisal.adoption
    rows = []
    for b in w.inputs.benefits:
        use_case = next(u for u in w.plan.use_cases if u.id == b.use_case_id)
        share = option.option.benefit_share if option.option.realises(b.use_case_id) else 0.0
        full = 0.0
        if b.hours is not None:
            full += (b.hours.likely * a.working_weeks * (a.loaded_hourly_cost or 0.0)
                     * adoption.full_adoption_of(b.groups))
        if b.annual is not None:
            full += b.annual.likely
        full *= share * (1 - b.risk)
        if use_case.pilot and use_case.pilot.participants:
            weeks = f", {use_case.pilot.weeks} weeks" if use_case.pilot.weeks else ""
            runs = w.pilot_span(b.use_case_id)
            when = f", {runs}" if runs != DASH else ""
            activities = (f"Pilot ({number(use_case.pilot.participants)} people{weeks}{when}), then adoption by "
                          f"{w.groups_text(b.groups)}")
        else:
            activities = f"Adoption by {w.groups_text(b.groups)}"
        curve = adoption.adopters_of(b.groups)
        market = adoption.full_adoption_of(b.groups)
        if not b.monetised:
            timescale = DASH
            value = "not monetised"
        elif share == 0:
            timescale = DASH
            value = "not realised by this option"
        else:
            timescale = f"90% of full value by {w.month(month_reaching(curve, 0.9 * market), none='after the horizon')}"
            value = w.money(full)
        category = b.kind + ", " + ("quantitative" if b.monetised else "qualitative")
        # The benefit's own owner; else the use case's, marked as such so a
        # reader knows nobody has yet taken this benefit on by name.
        owner = b.owner or (f"{use_case.owner} (use case owner)" if use_case.owner else DASH)
        rows.append([f"B{b.number}", b.name, category, use_case.title, activities, owner,
                     b.kpi or DASH, _kpi_target(w, b.kpi), value, timescale])
    return table(["No.", "Benefit", "Category", "Feature (use case)", "Activities to secure it", "Owner", "KPI",
                  "Target", "Full-year value (risk-adj.)", "Timescale"], rows,
                 [False] * 8 + [True, False])
