"""The economic case: the options against doing nothing, the cost and
benefit lines of the leading option and its risk adjustment; the
sensitivity analysis is in :mod:`.sensitivity`."""

from __future__ import annotations

from typing import Any

from socialplan.businesscase.context.sensitivity import simulation, switching, tornado
from socialplan.businesscase.context.writer import Table, Writer, table
from socialplan.businesscase.formatting import DASH, percent, ratio
from socialplan.finance.appraisal import OptionAppraisal
from socialplan.finance.cashflow import Line
from socialplan.finance.inputs import BenefitInput, CostInput

NUMBERING = ("B numbers follow the plan's benefits in order, monetised or not, and C numbers its cost lines "
             "(finance.costs) in order; a cost that only doing nothing bears is a cost this option avoids and "
             "is listed among its benefits under its C number. A number missing from a table is a line the "
             "option does not have (an unmonetised benefit, or a cost another option bears).")


def economic_case(w: Writer) -> dict[str, Any]:
    option = w.leading
    return {
        "options": _options(w),
        "option": option.option.title,
        "lines": _lines(w, option),
        "numbering": NUMBERING,
        "risk": _risk(w, option),
        "tornado": tornado(w),
        "switching": switching(w),
        "simulation": simulation(w),
    }


def _options(w: Writer) -> dict[str, Any]:
    appraisal = w.appraisal
    rows, highlight, details = [], [], []
    for index, o in enumerate(appraisal.options):
        r, u = o.risk_adjusted, o.unadjusted
        is_preferred = o is appraisal.preferred
        if is_preferred:
            highlight.append(index)
        title = o.option.title + (" (do nothing)" if o.option.baseline and "nothing" not in o.option.title.lower()
                                  else "")
        if o.option.baseline:
            rows.append([title, "reference", "reference", w.money(0), w.money(0), DASH, DASH])
        else:
            rows.append([title, w.money(r.pv_costs), w.money(r.pv_benefits), w.money(u.npv), w.money(r.npv),
                         ratio(r.bcr), w.month(r.payback_month, none="none")])
        marks = ["do nothing"] if o.option.baseline and "nothing" not in o.option.title.lower() else []
        details.append({
            "title": o.option.title,
            "baseline": o.option.baseline,
            "preferred": is_preferred,
            # What a plain-text heading adds to the title: "(do nothing, preferred)".
            "marks": ", ".join(marks + (["preferred"] if is_preferred else [])),
            "platform": o.option.platform,
            "description": o.option.description,
            "benefit_share": None if o.option.baseline else percent(o.option.benefit_share),
            "use_cases": None if o.option.use_cases is None else "; ".join(
                next((u.title for u in w.plan.use_cases if u.id == i), i) for i in o.option.use_cases),
            "considerations": list(o.option.considerations),
        })
    preferred = appraisal.preferred
    if preferred.option.baseline:
        verdict = ("Preferred option: do nothing. No option has a positive risk-adjusted NPV against "
                   "business as usual.")
    else:
        verdict = (f"Preferred option: {preferred.option.title}, with the highest risk-adjusted NPV "
                   f"({w.money(preferred.risk_adjusted.npv)}).")
    return {
        "table": table(
            ["Option", "PV costs (risk-adj.)", "PV benefits (risk-adj.)", "NPV as estimated",
             "NPV risk-adjusted", "Benefit-cost ratio", "Payback"],
            rows, [False, True, True, True, True, True, False], highlight,
        ),
        "verdict": verdict,
        "details": details,
    }


def _line_pv(w: Writer, line: Line, adjusted: bool) -> float:
    factors = w.appraisal.periods.factors(w.assumptions.discount_rate)
    return line.driver.likely * float(line.periods @ factors) * (line.adjustment if adjusted else 1.0)


def _benefit_by_number(w: Writer, number_: int) -> BenefitInput:
    return w.inputs.benefits[number_ - 1]


def _cost_by_number(w: Writer, number_: int) -> CostInput:
    return w.inputs.costs[number_ - 1]


def _lines(w: Writer, option: OptionAppraisal) -> dict[str, Table]:
    benefits, costs = [], []
    total = {"b": [0.0, 0.0], "c": [0.0, 0.0]}
    for line in option.lines:
        pv = (_line_pv(w, line, False), _line_pv(w, line, True))
        if line.kind == "cost":
            cost = _cost_by_number(w, line.number)
            costs.append([f"C{line.number}", cost.name, cost.category, w.cost_basis(cost),
                          w.driver_text(line.driver), percent(line.risk), w.money(pv[0]), w.money(pv[1])])
            total["c"] = [total["c"][0] + pv[0], total["c"][1] + pv[1]]
            continue
        if line.kind == "avoided":
            cost = _cost_by_number(w, line.number)
            name, source = f"Cost avoided compared with doing nothing: {cost.name}", "do nothing"
            kind = "cash-releasing"
        else:
            benefit = _benefit_by_number(w, line.number)
            name, source = benefit.name, next(u.title for u in w.plan.use_cases if u.id == benefit.use_case_id)
            kind = benefit.kind
        benefits.append([f"{'C' if line.kind == 'avoided' else 'B'}{line.number}", name, kind, source,
                         w.driver_text(line.driver), percent(line.risk), w.money(pv[0]), w.money(pv[1])])
        total["b"] = [total["b"][0] + pv[0], total["b"][1] + pv[1]]
    benefits.append(["", "Total", "", "", "", "", w.money(total["b"][0]), w.money(total["b"][1])])
    costs.append(["", "Total", "", "", "", "", w.money(total["c"][0]), w.money(total["c"][1])])
    return {
        "benefits": table(["No.", "Benefit", "Kind", "Use case", "Estimate", "Risk", "PV as estimated",
                           "PV risk-adjusted"],
                          benefits, [False, False, False, False, False, True, True, True], [len(benefits) - 1]),
        "costs": table(["No.", "Cost", "Category", "Basis", "Estimate", "Risk", "PV as estimated",
                        "PV risk-adjusted"], costs,
                       [False, False, False, False, False, True, True, True], [len(costs) - 1]),
    }


def _risk(w: Writer, option: OptionAppraisal) -> dict[str, Any]:
    a = w.assumptions
    uplift = a.optimism_uplift
    cost_pv = benefit_pv = cost_risk = ob = benefit_risk = avoided_adj = 0.0
    for line in option.lines:
        pv = _line_pv(w, line, False)
        if line.kind == "cost":
            cost_pv += pv
            cost_risk += pv * line.risk
            ob += pv * (1 + line.risk) * uplift
        elif line.kind == "avoided":
            benefit_pv += pv
            avoided_adj += pv * (line.adjustment - 1)
        else:
            benefit_pv += pv
            benefit_risk -= pv * line.risk
    rows = [
        ["PV of costs as estimated", w.money(cost_pv)],
        ["+ risk adjustment of cost lines", w.money(cost_risk)],
        [f"+ optimism bias ({percent(a.optimism_upper_bound)} upper bound x (1 - "
         f"{percent(a.optimism_mitigated)} mitigated) = {percent(uplift)} uplift)", w.money(ob)],
        ["= PV of costs, risk-adjusted", w.money(option.risk_adjusted.pv_costs)],
        ["PV of benefits as estimated", w.money(benefit_pv)],
        ["- risk adjustment of benefit lines", w.money(benefit_risk)],
    ]
    if avoided_adj:
        rows.append(["+ adjustment of costs avoided (as for costs)", w.money(avoided_adj)])
    rows += [
        ["= PV of benefits, risk-adjusted", w.money(option.risk_adjusted.pv_benefits)],
        ["NPV as estimated", w.money(option.unadjusted.npv)],
        ["NPV risk-adjusted", w.money(option.risk_adjusted.npv)],
    ]
    change = option.risk_adjusted.npv - option.unadjusted.npv
    text = (f"Risk adjustments change NPV by {w.money(change)}"
            + (f" ({percent(change / abs(option.unadjusted.npv), decimals=1)})." if option.unadjusted.npv else "."))
    return {
        "table": table(["Step", "Amount"], rows, [False, True], [3, len(rows) - 3, len(rows) - 1]),
        "text": text,
        "benefit_risk": percent(a.benefit_risk),
        "cost_risk": percent(a.cost_risk),
        "uplift": percent(uplift),
    }

