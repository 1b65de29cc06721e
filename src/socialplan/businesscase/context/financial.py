"""The financial case: affordability against the yearly budget and the
cash flows of the leading option, period by period."""

from __future__ import annotations

from typing import Any

import numpy as np

from socialplan.businesscase.context.writer import Table, Writer, table
from socialplan.businesscase.formatting import DASH
from socialplan.finance.appraisal import Figures
from socialplan.finance.assumptions import PRESETS


def _yearly(values: np.ndarray[Any, Any], years: int) -> list[float]:
    return [float(values[12 * y:12 * (y + 1)].sum()) for y in range(years)]


def financial_case(w: Writer) -> dict[str, Any]:
    option = w.leading
    a = w.assumptions
    years = a.horizon_years
    r = option.risk_adjusted
    costs = _yearly(r.monthly_costs, years)
    cash = _yearly(option.cash_risk_adjusted.monthly_benefits, years)
    impact = option.cash_risk_adjusted.yearly_net
    budget = w.plan.finance.budget
    rows, over = [], []
    for y in range(years):
        headroom = None if budget is None else budget - costs[y]
        period = w.appraisal.periods.month_period[12 * y]
        if headroom is not None and headroom < -0.5:
            # The year as the table labels it: "Year 0" first under the
            # Green Book, "Year 1" under TEI.
            over.append(period)
        label = w.appraisal.periods.labels[period]
        net = impact[y]
        net_text = DASH if abs(net) < 0.5 else f"net {'cost' if net < 0 else 'saving'} {w.money(abs(net))}"
        rows.append([label, w.money(costs[y]), w.money(cash[y]), net_text,
                     w.money(budget) if budget is not None else DASH,
                     w.money(headroom) if headroom is not None else DASH])
    if budget is None:
        statement = "The plan states no yearly budget (finance.budget), so affordability cannot be checked."
    elif over:
        years_text = (f"year {over[0]}" if len(over) == 1 else
                      "years " + ", ".join(str(y) for y in over[:-1]) + f" and {over[-1]}")
        statement = f"Risk-adjusted costs exceed the yearly budget of {w.money(budget)} in {years_text}."
    else:
        statement = f"Risk-adjusted costs fit within the yearly budget of {w.money(budget)} in every year."

    def flows(figures: Figures) -> Table:
        cumulative = 0.0
        out = []
        for label, c, b, f in zip(w.appraisal.periods.labels, figures.period_costs, figures.period_benefits,
                                  figures.discount_factors, strict=True):
            cumulative += (b - c) * f
            out.append([label, w.money(c), w.money(b), w.money(b - c), f"{f:.4f}", w.money((b - c) * f),
                        w.money(cumulative)])
        out.append(["Total", w.money(sum(figures.period_costs)), w.money(sum(figures.period_benefits)),
                    w.money(sum(figures.period_net)), "", w.money(figures.npv), ""])
        return table(["Period", "Costs", "Benefits", "Net", "Discount factor", "Present value", "Cumulative PV"],
                     out, [False, True, True, True, True, True, True], [len(out) - 1])

    return {
        "affordability": table(
            ["Year", "Costs (risk-adj.)", "Cash-releasing benefits", "Net budget impact",
             "Budget", "Headroom"], rows, [False, True, True, True, True, True]),
        "statement": statement,
        "cash_flows": flows(option.risk_adjusted),
        "cash_flows_unadjusted": flows(option.unadjusted),
        "convention": PRESETS[a.preset].description,
    }
