"""The values the report templates show, ready-made.

Templates loop and lay out; every number is formatted and every sentence
composed here, so a consultant's own template cannot get a figure wrong.
Tables are ``{"columns": [...], "rows": [[...]], "numeric": [bool...],
"highlight": [row index...]}``; all cells are plain strings, escaped by the
template engine for the output format.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from socialplan.businesscase.analysis import BusinessCase
from socialplan.businesscase.formatting import (
    DASH,
    money,
    money_short,
    months,
    number,
    percent,
    ratio,
    trim,
)
from socialplan.diagnostics import format_path
from socialplan.finance.adoption import month_reaching
from socialplan.finance.appraisal import Figures, OptionAppraisal
from socialplan.finance.assumptions import PRESETS
from socialplan.finance.cashflow import Line
from socialplan.finance.inputs import BenefitInput, CostInput, Driver
from socialplan.finance.sensitivity import SwitchingValue

DEFAULT_PRIMARY = "#1f3a5f"
DEFAULT_ACCENT = "#d9822b"
TORNADO_ROWS = 10
CHART_KEYS = ("cash-flow", "tornado", "npv-distribution", "adoption")
ADKAR_ORDER = ("awareness", "desire", "knowledge", "ability", "reinforcement")


@dataclass(frozen=True)
class Chart:
    """A drawn chart: inline SVG for HTML, a file beside the report for Markdown."""

    key: str
    title: str
    alt: str
    svg: str | None = None
    href: str | None = None


Table = dict[str, Any]


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None,
          highlight: Sequence[int] = ()) -> Table:
    return {
        "columns": list(columns),
        "rows": [list(r) for r in rows],
        "numeric": list(numeric) if numeric is not None else [False] * len(columns),
        "highlight": list(highlight),
    }


class _Writer:
    """Shared formatting state: currency, calendar, the model."""

    def __init__(self, case: BusinessCase) -> None:
        self.case = case
        self.plan = case.plan
        self.appraisal = case.appraisal
        self.inputs = case.appraisal.inputs
        self.assumptions = self.inputs.assumptions
        self.currency = case.currency
        self.start = case.plan.rollout.start
        self.leading = case.appraisal.leading

    # --- small formats -------------------------------------------------------

    def money(self, value: float | None) -> str:
        return money(value, self.currency)

    def short(self, value: float | None) -> str:
        return money_short(value, self.currency)

    def month(self, number_: int | None, *, none: str = "not within the horizon") -> str:
        """'month 4 (Jun 2027)' when the plan has a start date."""
        if number_ is None:
            return none
        if self.start is None:
            return f"month {number_}"
        index = self.start.month - 1 + number_ - 1
        date = dt.date(self.start.year + index // 12, index % 12 + 1, 1)
        return f"month {number_} ({date.strftime('%b %Y')})"

    def payback(self, figures: Figures) -> str:
        return self.month(figures.payback_month)

    @staticmethod
    def day(date: dt.date) -> str:
        """'23 July 2027'."""
        return f"{date.day} {date.strftime('%B %Y')}"

    @property
    def launch(self) -> str:
        """The launch month as the report counts it: 'month 5 (Jul 2027)'."""
        return self.month(self.appraisal.adoption.launch_month + 1)

    def pilot_span(self, use_case_id: str) -> str:
        """When a use case's pilot runs: dates from the schedule, else months."""
        dates = self.case.timing.dates
        if dates is not None:
            for pilot in dates.pilots:
                if pilot.use_case == use_case_id:
                    return f"{_short_day(pilot.start)} to {_short_day(pilot.finish)}"
            return "not scheduled"
        window = self.inputs.pilots.get(use_case_id)
        if window is None:
            return DASH
        if window.months == 1:
            return self.month(window.first + 1)
        return f"{self.month(window.first + 1)} to {self.month(window.last + 1)}"

    @staticmethod
    def irr(figures: Figures) -> str:
        """IRR, or why there is none: it needs flows that change sign."""
        if figures.irr is not None:
            # A tiny outlay against large returns gives rates that mean
            # nothing to a reader; the JSON keeps the exact value.
            return "over 1,000%" if figures.irr > 10 else percent(figures.irr, decimals=1)
        net = figures.period_net
        if not any(net):
            return "none"
        if all(n >= 0 for n in net):
            return "none: no year with a net outlay"
        if all(n <= 0 for n in net):
            return "none: no year with a net return"
        return "none"

    def group_label(self, group_id: str) -> str:
        for group in self.plan.stakeholders:
            if group.id == group_id:
                return group.label
        return "All staff" if group_id == "everyone" else group_id

    def groups_text(self, ids: Sequence[str]) -> str:
        return ", ".join(self.group_label(g) for g in ids) if ids else "no adopting group"

    def driver_text(self, driver: Driver) -> str:
        fmt = self.amount_format(driver)
        suffix = {"hours": " per adopter a week", "annual": " a year at full adoption", "cost": ""}[driver.kind]
        if driver.low == driver.likely == driver.high:
            return f"{fmt(driver.likely)}{suffix}"
        return f"{fmt(driver.likely)}{suffix} ({fmt(driver.low)} to {fmt(driver.high)})"

    def cost_basis(self, cost: CostInput) -> str:
        amount = money(cost.amount.likely, self.currency)
        period = "a month" if cost.per == "month" else "a year"
        # The plan counts cost months from 0; the report, like its other
        # dates, from month 1 (the month of rollout.start). end_month is the
        # first month without the cost, so the last one is its 1-based number.
        until = (f" to {self.month(cost.end_month)}" if cost.end_month < self.assumptions.months
                 else "")
        start = self.month(cost.month + 1)
        if cost.kind == "one-off":
            return f"one-off in {start}" + (", the initial investment" if cost.month == 0 else "")
        if cost.kind == "recurring":
            return f"{amount} {period} from {start}{until}"
        users = "eligible user" if cost.users == "eligible" else "active user"
        return f"{amount} per {users} {period} from {start}{until}"

    def amount_format(self, driver: Driver) -> Callable[[float], str]:
        if driver.kind == "hours":
            return lambda value: f"{trim(value)} h"
        return self.money

    def location(self, driver: Driver) -> str:
        return self.case.locations.get(driver.key, format_path(driver.path))


def _short_day(date: dt.date) -> str:
    """'13 Apr 2027'."""
    return f"{date.day} {date.strftime('%b %Y')}"


# --- executive summary ---------------------------------------------------------------


def _key_figures(w: _Writer, option: OptionAppraisal) -> list[dict[str, str]]:
    u, r = option.unadjusted, option.risk_adjusted
    rows = [
        ("Net present value (NPV)", w.money(u.npv), w.money(r.npv)),
        ("Return on investment (ROI)", percent(u.roi), percent(r.roi)),
        ("Benefit-cost ratio", ratio(u.bcr), ratio(r.bcr)),
        ("Payback", w.payback(u), w.payback(r)),
        ("Internal rate of return (IRR)", w.irr(u), w.irr(r)),
        ("Present value of benefits", w.money(u.pv_benefits), w.money(r.pv_benefits)),
        ("Present value of costs", w.money(u.pv_costs), w.money(r.pv_costs)),
    ]
    sim = w.case.simulation
    if sim is not None:
        su, sr = sim.unadjusted, sim.risk_adjusted
        rows += [
            ("Probability that NPV > 0", percent(su.prob_positive, decimals=1), percent(sr.prob_positive, decimals=1)),
            ("NPV P10 / P50 / P90",
             f"{w.short(su.p10)} / {w.short(su.p50)} / {w.short(su.p90)}",
             f"{w.short(sr.p10)} / {w.short(sr.p50)} / {w.short(sr.p90)}"),
        ]
    return [{"label": a, "unadjusted": b, "risk_adjusted": c} for a, b, c in rows]


_READINESS_ADVICE = {
    "pilot-first": "once the pilots have tested the use cases (the plan is not yet ready for a full rollout)",
    "not-ready": "once the gaps the readiness assessment lists are closed (the plan is not ready yet)",
}


def _summary(w: _Writer) -> dict[str, Any]:
    appraisal = w.appraisal
    leading, preferred = appraisal.leading, appraisal.preferred
    years = w.assumptions.horizon_years
    r, u = leading.risk_adjusted, leading.unadjusted
    alternatives = [o for o in appraisal.options if not o.option.baseline and o is not leading]
    if not preferred.option.baseline:
        recommendation = f"Proceed with {leading.option.title}."
        headline = (
            f"Over {years} years it returns a risk-adjusted net present value of {w.money(r.npv)} "
            f"({w.money(u.npv)} before risk adjustment) on {w.money(r.pv_costs)} of costs in present value: "
            f"a return on investment of {percent(r.roi)} and a benefit-cost ratio of {ratio(r.bcr)}. "
            + (f"It pays back in {w.payback(r)}." if r.payback_month is not None
               else "It does not pay back within the horizon.")
        )
    else:
        recommendation = ("Do not proceed on the present case: once risks are allowed for, no option is worth "
                          "more than doing nothing.")
        headline = (
            f"The best option, {leading.option.title}, has a risk-adjusted net present value of "
            f"{w.money(r.npv)} over {years} years ({w.money(u.npv)} before risk adjustment)."
        )
    points = []
    if alternatives:
        others = "; ".join(f"{o.option.title}: {w.money(o.risk_adjusted.npv)}" for o in alternatives)
        points.append(f"Other options, risk-adjusted NPV: {others}.")
    sim = w.case.simulation
    uncertainty = None
    if sim is not None:
        s = sim.risk_adjusted
        uncertainty = (
            f"In {sim.simulations:,} simulations of the estimates, the risk-adjusted NPV is positive in "
            f"{percent(s.prob_positive, decimals=1)} of cases; it lies between {w.money(s.p10)} (P10) and "
            f"{w.money(s.p90)} (P90), with a median of {w.money(s.p50)}."
        )
    if w.case.tornado:
        top = w.case.tornado[0]
        points.append(f"NPV is most sensitive to {_driver_phrase(top.driver)}: "
                      f"{w.money(top.npv_low[1])} at its low value, {w.money(top.npv_high[1])} at its high.")
    dates = w.case.timing.dates
    if dates is not None:
        points.append(f"Timing follows the rollout plan: the programme starts on {w.day(dates.start)} and goes "
                      f"live on {w.day(dates.go_live)}, in {w.launch}; before go-live only the pilots bring "
                      "benefits.")
    if not leading.lines:
        points.append("The plan states no costs and no monetised benefits for this option yet: add "
                      "finance.costs, and benefits with hours_per_user_week or annual_value.")
    unmonetised = [b for b in w.inputs.benefits if not b.monetised]
    if unmonetised:
        points.append(f"{len(unmonetised)} benefit{'s are' if len(unmonetised) > 1 else ' is'} not monetised "
                      "and left out of the figures: " + "; ".join(b.name for b in unmonetised) + ".")
    readiness = None
    if w.case.readiness is not None:
        score = w.case.readiness.score
        settings = w.case.readiness.settings
        readiness = f"Readiness assessment: {w.case.readiness.verdict}" + (
            f" (score {number(score, decimals=1)})" if score is not None else "") + (
            f", with the settings in {settings}." if settings else ".")
        # The money says whether the option is worth having; readiness says
        # whether the plan is ready to spend it. Say both in the recommendation.
        advice = _READINESS_ADVICE.get(w.case.readiness.verdict)
        if advice and not preferred.option.baseline:
            recommendation = f"{recommendation[:-1]}, {advice}."
    sub = "as estimated: "
    cards = [
        {"label": "NPV, risk-adjusted", "value": w.short(r.npv), "sub": sub + w.short(u.npv)},
        {"label": "Return on investment", "value": percent(r.roi), "sub": sub + percent(u.roi)},
        {"label": "Benefit-cost ratio", "value": ratio(r.bcr), "sub": sub + ratio(u.bcr)},
        {"label": "Payback", "value": months(r.payback_month, none="beyond horizon"),
         "sub": sub + months(u.payback_month, none="beyond horizon")},
    ]
    if sim is not None:
        chance = sim.risk_adjusted.prob_positive
        cards.append({"label": "Chance NPV > 0", "value": percent(chance, decimals=0 if chance in (0, 1) else 1),
                      "sub": f"P10 {w.short(sim.risk_adjusted.p10)}, P90 {w.short(sim.risk_adjusted.p90)}"})
    else:
        cards.append({"label": "Internal rate of return", "value": w.irr(r).split(":")[0],
                      "sub": sub + w.irr(u).split(":")[0]})
    return {
        "cards": cards,
        "recommendation": recommendation,
        "headline": headline,
        "uncertainty": uncertainty,
        "readiness": readiness,
        "warnings": list(w.case.warnings),
        "points": points,
        "key_figures": _key_figures(w, leading),
        "option": leading.option.title,
    }


def _driver_title(driver: Driver) -> str:
    """'Hours saved: fewer status calls', 'Cost: implementation partner'."""
    return {"hours": "Hours saved", "annual": "Value", "cost": "Cost"}[driver.kind] + f": {driver.label}"


def _driver_phrase(driver: Driver) -> str:
    """The driver inside a sentence: "the hours saved for 'fewer status calls'"."""
    what = {"hours": "the hours saved", "annual": "the value", "cost": "the cost"}[driver.kind]
    return f"{what} of '{driver.label}'" if driver.kind != "hours" else f"{what} by '{driver.label}'"


# --- strategic case ----------------------------------------------------------------


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


def _strategic(w: _Writer) -> dict[str, Any]:
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


# --- economic case -------------------------------------------------------------------


def _options(w: _Writer) -> dict[str, Any]:
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


def _line_pv(w: _Writer, line: Line, adjusted: bool) -> float:
    factors = w.appraisal.periods.factors(w.assumptions.discount_rate)
    return line.driver.likely * float(line.periods @ factors) * (line.adjustment if adjusted else 1.0)


def _benefit_by_number(w: _Writer, number_: int) -> BenefitInput:
    return w.inputs.benefits[number_ - 1]


def _cost_by_number(w: _Writer, number_: int) -> CostInput:
    return w.inputs.costs[number_ - 1]


def _lines(w: _Writer, option: OptionAppraisal) -> dict[str, Table]:
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
        else:
            benefit = _benefit_by_number(w, line.number)
            name, source = benefit.name, next(u.title for u in w.plan.use_cases if u.id == benefit.use_case_id)
        benefits.append([f"{'C' if line.kind == 'avoided' else 'B'}{line.number}", name, source,
                         w.driver_text(line.driver), percent(line.risk), w.money(pv[0]), w.money(pv[1])])
        total["b"] = [total["b"][0] + pv[0], total["b"][1] + pv[1]]
    benefits.append(["", "Total", "", "", "", w.money(total["b"][0]), w.money(total["b"][1])])
    costs.append(["", "Total", "", "", "", "", w.money(total["c"][0]), w.money(total["c"][1])])
    return {
        "benefits": table(["No.", "Benefit", "Use case", "Estimate", "Risk", "PV as estimated", "PV risk-adjusted"],
                          benefits, [False, False, False, False, True, True, True], [len(benefits) - 1]),
        "costs": table(["No.", "Cost", "Category", "Basis", "Estimate", "Risk", "PV as estimated",
                        "PV risk-adjusted"], costs,
                       [False, False, False, False, False, True, True, True], [len(costs) - 1]),
    }


def _risk(w: _Writer, option: OptionAppraisal) -> dict[str, Any]:
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


def _tornado(w: _Writer) -> dict[str, Any]:
    bars = w.case.tornado
    rows = []
    for bar in bars[:TORNADO_ROWS]:
        fmt = w.amount_format(bar.driver)
        rows.append([_driver_title(bar.driver), fmt(bar.driver.low), fmt(bar.driver.likely),
                     fmt(bar.driver.high), w.money(bar.npv_low[1]), w.money(bar.npv_high[1])])
    more = max(0, len(bars) - TORNADO_ROWS)
    return {
        "table": table(["Driver", "Low", "Likely", "High", "NPV at low", "NPV at high"], rows,
                       [False, True, True, True, True, True]) if rows else None,
        "more": (f"{more} estimate{'s' if more > 1 else ''} with a smaller effect on NPV "
                 f"{'are' if more > 1 else 'is'} listed") if more else None,
        "base": w.money(w.leading.risk_adjusted.npv),
    }


def _switch_value(w: _Writer, value: float | None, sv: SwitchingValue, npv: float) -> str:
    if value is None:
        if npv <= 0:
            return "none: NPV stays negative"
        if sv.unit == "multiple":
            return "none"
        if sv.path == ("finance", "adoption", "ceiling"):
            return "none: positive with pilot users alone"
        return "none: positive even at zero"
    if sv.unit == "minutes":
        return f"{number(value, decimals=1)} min"
    if sv.unit == "share":
        return "under 0.1%" if 0 < value < 0.001 else percent(value, decimals=1)
    if sv.unit == "multiple":
        return f"x{value:,.2f} ({'+' if value >= 1 else ''}{percent(value - 1)})"
    if sv.unit == "money-per-hour":
        return money(value, w.currency, decimals=2)
    return w.money(value)


def _switching(w: _Writer) -> Table | None:
    o = w.leading
    planned = {"minutes": lambda v: f"{number(v, decimals=1)} min", "share": lambda v: percent(v),
               "multiple": lambda v: f"x{v:,.2f}", "money-per-hour": lambda v: money(v, w.currency, decimals=2),
               "money-per-year": w.money}
    rows = [[sv.subject[0].upper() + sv.subject[1:], planned[sv.unit](sv.planned),
             _switch_value(w, sv.unadjusted, sv, o.unadjusted.npv),
             _switch_value(w, sv.risk_adjusted, sv, o.risk_adjusted.npv)] for sv in w.case.switching]
    if not rows:
        return None
    return table(["NPV is zero when", "Planned", "As estimated", "Risk-adjusted"], rows,
                 [False, True, True, True])


def _simulation(w: _Writer) -> dict[str, Any] | None:
    sim = w.case.simulation
    if sim is None:
        return None
    u, r = sim.unadjusted, sim.risk_adjusted
    rows = [
        ["P10 (9 in 10 chance of more)", w.money(u.p10), w.money(r.p10)],
        ["P50 (median)", w.money(u.p50), w.money(r.p50)],
        ["P90 (1 in 10 chance of more)", w.money(u.p90), w.money(r.p90)],
        ["Mean of the simulations", w.money(u.mean), w.money(r.mean)],
        ["Expected NPV (estimates at their means)", w.money(u.expected), w.money(r.expected)],
        ["Standard deviation", w.money(u.std), w.money(r.std)],
        ["Probability that NPV > 0", percent(u.prob_positive, decimals=1), percent(r.prob_positive, decimals=1)],
    ]
    dist = "triangular" if sim.distribution == "triangular" else "PERT (beta, weight 4)"
    return {
        "table": table(["", "As estimated", "Risk-adjusted"], rows, [False, True, True]),
        "settings": (f"{sim.simulations:,} simulations, seed {sim.seed}, {dist} distributions over "
                     f"{sim.uncertain_drivers} estimates with a range, drawn independently."),
    }


# --- financial case -------------------------------------------------------------------


def _yearly(values: np.ndarray[Any, Any], years: int) -> list[float]:
    return [float(values[12 * y:12 * (y + 1)].sum()) for y in range(years)]


def _financial(w: _Writer) -> dict[str, Any]:
    option = w.leading
    a = w.assumptions
    years = a.horizon_years
    r = option.risk_adjusted
    cash_monthly = np.zeros(a.months)
    for line in option.lines:
        if line.kind != "cost" and line.cash_releasing:
            cash_monthly += line.driver.likely * line.adjustment * line.monthly
    costs = _yearly(r.monthly_costs, years)
    cash = _yearly(cash_monthly, years)
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
        rows.append([label, w.money(costs[y]), w.money(cash[y]), w.money(costs[y] - cash[y]),
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


# --- commercial case --------------------------------------------------------------------


def _commercial(w: _Writer) -> dict[str, Any]:
    licences = [c for c in w.inputs.costs if c.category == "licence" or c.kind == "per-user"]
    option_titles = {o.id: o.title for o in w.inputs.options}
    rows = [[c.name, w.cost_basis(c), w.driver_text(c.amount),
             "all but do nothing" if c.options is None else "; ".join(option_titles.get(i, i) for i in c.options)]
            for c in licences]
    return {
        "procurement": w.plan.finance.procurement,
        "options": [{"title": o.title, "procurement": o.procurement} for o in w.inputs.options if o.procurement],
        "licences": table(["Licence or per-user cost", "Basis", "Estimate", "Options"], rows) if rows else None,
    }


# --- management case ------------------------------------------------------------------------


def _pilots(w: _Writer) -> Table | None:
    rows = []
    for u in w.plan.use_cases:
        if u.pilot is None:
            continue
        p = u.pilot
        metrics = "; ".join(
            m.name + (f": {trim(m.baseline) if m.baseline is not None else '?'} to "
                      f"{trim(m.threshold)}{' ' + m.unit if m.unit else ''}" if m.threshold is not None else "")
            for m in p.metrics)
        rows.append([u.title, number(p.participants) if p.participants else DASH,
                     str(p.weeks) if p.weeks else DASH, w.pilot_span(u.id), w.groups_text(p.groups or u.stakeholders),
                     metrics or DASH, p.decision_rule or DASH])
    if not rows:
        return None
    return table(["Use case", "People", "Weeks", "Runs", "Groups", "Success metrics", "Decision rule"], rows,
                 [False, True, True, False, False, False, False])


def _rollout(w: _Writer) -> dict[str, Any]:
    adoption = w.appraisal.adoption
    a = w.assumptions
    total = adoption.total
    full = sum(g.ceiling * g.headcount for g in adoption.groups)
    rows = []
    for i, g in enumerate(adoption.groups):
        curve = adoption.adopters[i]
        market = g.ceiling * g.headcount
        rows.append([g.label, number(g.headcount), percent(g.ceiling), number(g.pilot),
                     number(float(curve[min(11, a.months - 1)])), number(float(curve[-1])),
                     w.month(month_reaching(curve, 0.5 * market) if market > 0 else None, none="never")])
    points = _key_dates(w)
    if full > 0:
        half, most = month_reaching(total, 0.5 * full), month_reaching(total, 0.9 * full)
        points.append(f"Adoption reaches half of the {number(full)} expected adopters in "
                      f"{w.month(half)} and 90% in {w.month(most)}; {number(float(total[-1]))} people "
                      f"use the network at the end of the horizon.")
    headcount = w.plan.headcount
    if headcount:
        per = w.plan.rollout.staff_per_champion
        recruited = sum(g.champions or 0 for g in w.plan.stakeholders)
        points.append(f"Champions: about {number(math.ceil(headcount / per))} needed at one per {per} staff; "
                      f"{number(recruited)} recruited so far.")
        sessions = math.ceil(float(total[-1]) / w.plan.rollout.session_capacity) if len(total) else 0
        points.append(f"Training: about {number(sessions)} sessions of {w.plan.rollout.session_capacity} "
                      "people to reach every adopter.")
    return {
        "points": points,
        "groups": table(["Group", "People", "Ceiling", "Pilot users", "Adopters month 12",
                         f"Adopters month {a.months}", "Half adopted"], rows,
                        [False, True, True, True, True, True, False]) if rows else None,
    }


def _key_dates(w: _Writer) -> list[str]:
    """Start, pilots, go-live and finish: from the rollout schedule when the
    plan has one, so they are the dates ``socialplan rollout`` gives."""
    dates = w.case.timing.dates
    pilots = [u for u in w.plan.use_cases if u.pilot is not None]
    plural = "s" if len(pilots) != 1 else ""
    if dates is not None:
        points = [f"Programme start: {w.day(dates.start)} (month 1), as in the rollout plan."]
        if dates.pilots:
            first = min(p.start for p in dates.pilots)
            last = max(p.finish for p in dates.pilots)
            count = len(dates.pilots)
            points.append(f"{count} pilot{'s' if count != 1 else ''} from {w.day(first)} to {w.day(last)}, "
                          f"{'each ' if count != 1 else ''}ending at a decision gate (scale, revise or stop).")
        elif pilots:
            points.append("The rollout plan runs none of the plan's pilots before go-live.")
        else:
            points.append("No pilot is planned.")
        points.append(f"Go-live: {w.day(dates.go_live)}, in {w.launch}; adoption across the organisation "
                      "starts then.")
        points.append(f"The rollout plan finishes with the handover to business as usual on "
                      f"{w.day(dates.finish)}.")
        return points
    points = []
    if w.start is not None:
        points.append(f"Programme start: {w.day(w.start)}.")
    if pilots:
        points.append(f"{len(pilots)} pilot{plural} from month 1; launch in {w.launch} after the longest "
                      "pilot.")
    else:
        points.append("No pilot is planned: adoption starts at launch in month 1.")
    points.append(f"These months are not taken from the rollout plan: {w.case.timing.reason}.")
    return points


def _kpi_target(w: _Writer, name: str | None) -> str:
    if not name:
        return DASH
    for objective in w.plan.objectives:
        for kpi in objective.kpis:
            if kpi.name.strip().lower() == name.strip().lower() and kpi.target is not None:
                unit = f" {kpi.unit}" if kpi.unit else ""
                by = f" by {kpi.by.isoformat()}" if kpi.by else ""
                return f"{trim(kpi.target)}{unit}{by}"
    return DASH


def _register(w: _Writer) -> Table:
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
        category = ("cash-releasing" if b.cash_releasing else "non-cash-releasing") + ", " + (
            "quantitative" if b.monetised else "qualitative")
        rows.append([f"B{b.number}", b.name, category, use_case.title, activities, b.owner or DASH,
                     b.kpi or DASH, _kpi_target(w, b.kpi), value, timescale])
    return table(["No.", "Benefit", "Category", "Feature (use case)", "Activities to secure it", "Owner", "KPI",
                  "Target", "Full-year value (risk-adj.)", "Timescale"], rows,
                 [False] * 8 + [True, False])


def _risks(w: _Writer) -> list[str]:
    out = []
    sim = w.case.simulation
    if sim is not None and sim.risk_adjusted.prob_positive < 1:
        negative = percent(1 - sim.risk_adjusted.prob_positive, decimals=1)
        out.append(f"Value: the risk-adjusted NPV is negative in {negative} of the simulations over the ranges "
                   "of the estimates.")
    for bar in w.case.tornado[:3]:
        phrase = _driver_phrase(bar.driver)
        out.append(f"Estimate: {phrase[0].upper() + phrase[1:]} is {w.driver_text(bar.driver)}; over that "
                   f"range NPV runs from {w.money(bar.npv_low[1])} to {w.money(bar.npv_high[1])}.")
    for sv in w.case.switching:
        value = sv.risk_adjusted
        if value is not None and sv.unit in ("share", "minutes") and sv.planned > 0 \
                and value / sv.planned > 0.75:
            out.append(f"Thin margin: NPV is zero when {sv.subject} falls to "
                       f"{_switch_value(w, value, sv, w.leading.risk_adjusted.npv)}.")
    if w.assumptions.optimism_uplift > 0:
        out.append(f"Optimism bias: costs carry an uplift of {percent(w.assumptions.optimism_uplift)}; evidence "
                   "that mitigates the causes of cost overrun lowers it.")
    for g in w.plan.stakeholders:
        if g.attitude in ("sceptical", "resistant"):
            plans = "; ".join(g.engagement) if g.engagement else "no engagement activity planned yet"
            out.append(f"People: {g.label} ({number(g.headcount)}) {'are' if g.headcount != 1 else 'is'} "
                       f"{g.attitude}: {plans}.")
        if g.adkar is not None:
            scores = g.adkar.model_dump()
            barrier = next((e for e in ADKAR_ORDER if scores[e] <= 3), None)
            if barrier is not None and scores[barrier] <= 2:
                out.append(f"Readiness: {g.label} have their ADKAR barrier point at {barrier} "
                           f"({scores[barrier]} of 5); address it before the later elements.")
    return out


def _monitoring(w: _Writer) -> Table | None:
    rows = []
    for o in w.plan.objectives:
        for k in o.kpis:
            unit = f" {k.unit}" if k.unit else ""
            rows.append([o.title, k.name, f"{trim(k.baseline)}{unit}" if k.baseline is not None else DASH,
                         f"{trim(k.target)}{unit}" if k.target is not None else DASH,
                         k.by.isoformat() if k.by else DASH, k.owner or DASH, k.review])
    if not rows:
        return None
    return table(["Objective", "Measure", "Baseline", "Target", "By", "Owner", "Review"], rows)


# --- method ------------------------------------------------------------------------------


def _method(w: _Writer) -> dict[str, Any]:
    a = w.assumptions
    plan_adoption = w.plan.finance.adoption
    preset = PRESETS[a.preset]
    rows = [
        ["Method", f"{preset.title} ({a.preset})"],
        ["Discount rate", percent(a.discount_rate, decimals=1) + (" real" if a.preset == "greenbook" else "")],
        ["Horizon", f"{a.horizon_years} years ({a.months} months)"],
        ["Discounting", preset.description],
        ["Loaded hourly cost", money(a.loaded_hourly_cost, w.currency, decimals=2)
         if a.loaded_hourly_cost else DASH],
        ["Working weeks a year", trim(a.working_weeks)],
        ["Default risk adjustment", f"benefits -{percent(a.benefit_risk)}, costs +{percent(a.cost_risk)}"],
        ["Optimism bias", f"{percent(a.optimism_upper_bound)} x (1 - {percent(a.optimism_mitigated)}) = "
                          f"{percent(a.optimism_uplift)} on costs"],
        ["Adoption (Bass)", f"p {trim(plan_adoption.p)}, q {trim(plan_adoption.q)} per "
                            f"{plan_adoption.time_unit}, ceiling {percent(plan_adoption.ceiling)}"],
        ["Timing", _timing_basis(w)],
        ["Launch", f"at go-live, {w.day(w.case.timing.dates.go_live)}, in {w.launch}"
         if w.case.timing.dates is not None else f"after the longest pilot, in {w.launch}"],
        ["Three-point estimates", "triangular" if a.distribution == "triangular" else "PERT"],
        ["Currency", w.currency],
    ]
    formulae = [
        "Time saved: hours per adopter a week x working weeks / 12 x loaded hourly cost x adopters in the month.",
        "Annual values: value a year / 12 x adopters / adopters at full adoption (at most 1).",
        "Adopters: pilot participants from the month their pilot starts until launch, then "
        "new(t) = (p + q N(t-1)/M)(M - N(t-1)), M = ceiling x headcount, in monthly steps.",
        "Before launch a benefit counts only its own use case's pilot participants, ramping linearly from "
        "nothing in the pilot's first month to the full benefit in its last ((k + 0.5) / months in month k "
        "of the pilot), then in full until launch.",
        "Risk-adjusted: each benefit x (1 - its risk); each cost x (1 + its risk) x (1 + optimism uplift).",
        "NPV = PV benefits - PV costs; ROI = NPV / PV costs; benefit-cost ratio = PV benefits / PV costs.",
        "Payback: the month at the end of which cumulative undiscounted net cash flow stops being negative.",
        "IRR: the yearly rate at which the period cash flows have an NPV of zero, where one exists.",
        "Options are measured against doing nothing: costs only doing nothing incurs count as costs avoided.",
    ]
    sources = []
    for b in w.inputs.benefits:
        for d in (b.hours, b.annual):
            if d is not None:
                sources.append([f"B{b.number}", _driver_title(d), w.driver_text(d), w.location(d)])
    for c in w.inputs.costs:
        sources.append([f"C{c.number}", _driver_title(c.amount), w.driver_text(c.amount), w.location(c.amount)])
    return {
        "assumptions": table(["Assumption", "Value"], rows),
        "formulae": formulae,
        "notes": list(w.inputs.notes),
        "sources": table(["No.", "Input", "Estimate", "Written at"], sources) if sources else None,
    }


def _timing_basis(w: _Writer) -> str:
    """Which timing the model used, and why not the schedule when it did not."""
    timing = w.case.timing
    dates = timing.dates
    if dates is not None:
        return (f"from the rollout plan's schedule (working days): month 1 is {dates.start.strftime('%B %Y')}, "
                "the month of rollout.start; each pilot's benefits ramp over the months its pilot activity "
                "runs; launch is the month of go-live")
    return (f"from the pilot lengths: every pilot starts in month 1 and launch follows the longest "
            f"(weeks x 12/52, rounded up to whole months); the rollout schedule is not used because "
            f"{timing.reason}")


# --- the whole context -------------------------------------------------------------------


def report_context(case: BusinessCase, *, charts: Mapping[str, Chart], logo: str | None = None) -> dict[str, Any]:
    """Everything the business-case templates show."""
    w = _Writer(case)
    plan = case.plan
    branding = plan.organisation.branding
    platform = plan.organisation.platform
    a = w.assumptions
    option = w.leading
    return {
        "title": "Business case" + (f": {platform}" if platform else ": an internal social network"),
        "organisation": branding.name if branding and branding.name else plan.organisation.name,
        "brand": {
            "name": branding.name if branding and branding.name else plan.organisation.name,
            "prepared_by": branding.prepared_by if branding else None,
            "logo": logo,
            "primary": (branding.primary_colour if branding and branding.primary_colour else DEFAULT_PRIMARY),
            "accent": (branding.accent_colour if branding and branding.accent_colour else DEFAULT_ACCENT),
        },
        "facts": [
            {"label": "Organisation", "value": plan.organisation.name},
            {"label": "People", "value": number(plan.headcount)},
            {"label": "Platform", "value": platform or DASH},
            {"label": "Appraisal", "value": f"{PRESETS[a.preset].title}, {percent(a.discount_rate, decimals=1)} "
                                             f"over {a.horizon_years} years"},
            {"label": "Currency", "value": case.currency},
        ],
        "readiness": None if case.readiness is None else {
            "verdict": case.readiness.verdict,
            "score": None if case.readiness.score is None else number(case.readiness.score, decimals=1),
        },
        "summary": _summary(w),
        "strategic": _strategic(w),
        "economic": {
            "options": _options(w),
            "option": option.option.title,
            "lines": _lines(w, option),
            "risk": _risk(w, option),
            "tornado": _tornado(w),
            "switching": _switching(w),
            "simulation": _simulation(w),
        },
        "commercial": _commercial(w),
        "financial": _financial(w),
        "management": {
            "pilots": _pilots(w),
            "rollout": _rollout(w),
            "register": _register(w),
            "risks": _risks(w),
            "monitoring": _monitoring(w),
        },
        "method": _method(w),
        "charts": {
            key: None if key not in charts else {
                "key": key, "title": charts[key].title, "alt": charts[key].alt,
                "svg": charts[key].svg, "href": charts[key].href,
            }
            for key in CHART_KEYS
        },
        "source": case.source,
    }
