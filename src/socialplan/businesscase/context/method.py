"""The method: the assumptions, formulae and sources behind every figure."""

from __future__ import annotations

from typing import Any

from socialplan.businesscase.context.writer import Writer, driver_title, table
from socialplan.businesscase.formatting import DASH, money, percent, trim
from socialplan.finance.assumptions import PRESETS


def method_and_sources(w: Writer) -> dict[str, Any]:
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
        "IRR: the yearly rate at which the period cash flows have an NPV of zero, where one exists; one above "
        "100% is explained rather than shown bare.",
        f"MIRR: (future value of the positive period flows at the reinvestment rate, "
        f"{percent(a.reinvestment_rate, decimals=1)}, / present value of the negative ones at the finance rate, "
        f"{percent(a.finance_rate, decimals=1)}) ^ (1 / (periods - 1)) - 1.",
        "Benefits are cash-releasing (money leaves a budget), non-cash-releasing (time, quality) or wider "
        "(benefits to others), as the Green Book separates them; hours saved and annual values are "
        "non-cash-releasing unless the plan says otherwise. Cash-only figures count cash-releasing benefits "
        "and costs avoided against every cost; the net budget impact is their undiscounted difference by year.",
        "Simulation: estimates and adoption (ceiling, p, q, launch delay) drawn from their three-point "
        "distributions, every pair with the stated rank correlation through a shared optimism factor; adoption "
        "in strata, each a full run of the model. The share of the spread is each input's squared rank "
        "correlation with risk-adjusted NPV, scaled to 100%.",
        "Options are measured against doing nothing: costs only doing nothing incurs count as costs avoided.",
    ]
    sources = []
    for b in w.inputs.benefits:
        for d in (b.hours, b.annual):
            if d is not None:
                sources.append([f"B{b.number}", driver_title(d), w.driver_text(d), w.location(d)])
    for c in w.inputs.costs:
        sources.append([f"C{c.number}", driver_title(c.amount), w.driver_text(c.amount), w.location(c.amount)])
    return {
        "assumptions": table(["Assumption", "Value"], rows),
        "formulae": formulae,
        "notes": list(w.inputs.notes),
        "sources": table(["No.", "Input", "Estimate", "Written at"], sources) if sources else None,
    }


def _timing_basis(w: Writer) -> str:
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
