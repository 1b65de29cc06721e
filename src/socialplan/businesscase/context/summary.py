"""The executive summary: the recommendation, its headline figures and
the points a reader needs before the five cases."""

from __future__ import annotations

from typing import Any

from socialplan.businesscase.context.writer import Writer, driver_phrase
from socialplan.businesscase.formatting import chance, months, number, percent, ratio
from socialplan.finance.appraisal import Figures, OptionAppraisal
from socialplan.finance.simulation import Simulation


def _key_figures(w: Writer, option: OptionAppraisal) -> list[dict[str, str]]:
    u, r = option.unadjusted, option.risk_adjusted
    cu, cr = option.cash_unadjusted, option.cash_risk_adjusted
    a = w.assumptions
    rows = [
        ("Net present value (NPV)", w.money(u.npv), w.money(r.npv)),
        ("NPV from cash-releasing benefits alone", w.money(cu.npv), w.money(cr.npv)),
        ("Return on investment (ROI)", percent(u.roi), percent(r.roi)),
        ("Benefit-cost ratio", ratio(u.bcr), ratio(r.bcr)),
        ("Payback", w.payback(u), w.payback(r)),
        ("Internal rate of return (IRR)", w.irr(u), w.irr(r)),
        (f"Modified IRR (MIRR; finance {percent(a.finance_rate, decimals=1)}, reinvestment "
         f"{percent(a.reinvestment_rate, decimals=1)})", mirr_text(u), mirr_text(r)),
        ("Present value of benefits", w.money(u.pv_benefits), w.money(r.pv_benefits)),
        ("Present value of costs", w.money(u.pv_costs), w.money(r.pv_costs)),
    ]
    sim = w.case.simulation
    if sim is not None:
        su, sr = sim.unadjusted, sim.risk_adjusted
        rows += [
            ("Probability that NPV > 0", chance(su.prob_positive), chance(sr.prob_positive)),
            ("Probability that cash-only NPV > 0", chance(sim.cash_unadjusted.prob_positive),
             chance(sim.cash_risk_adjusted.prob_positive)),
            ("NPV P10 / P50 / P90",
             f"{w.short(su.p10)} / {w.short(su.p50)} / {w.short(su.p90)}",
             f"{w.short(sr.p10)} / {w.short(sr.p50)} / {w.short(sr.p90)}"),
        ]
    return [{"label": a, "unadjusted": b, "risk_adjusted": c} for a, b, c in rows]


def evidence_lines(w: Writer) -> list[str]:
    """What the pilots' decisions changed, one sentence each: use cases out
    of every option or kept at their estimates, then each benefit whose
    estimate the evidence replaced, as "estimate -> evidence" with its source."""
    from socialplan.finance.evidence import DRIVER_NAMES

    use = w.case.evidence
    if use is None:
        return []
    lines = [f"{note[0].upper()}{note[1:]}." for note in use.notes]
    for b in use.benefits:
        def fmt(value: float, hours: bool = b.driver == "hours") -> str:
            return f"{value:.3g} h" if hours else w.money(value)

        def three(values: tuple[float, float, float]) -> str:
            low, likely, high = values
            return fmt(likely) if low == likely == high else f"{fmt(likely)} ({fmt(low)} to {fmt(high)})"

        lines.append(f"B{b.number} '{b.benefit}', {DRIVER_NAMES[b.driver]}: estimate {three(b.estimate)} -> "
                     f"evidence {three(b.evidence)}, from the {b.source}.")
    return lines


def mirr_text(figures: Figures) -> str:
    if figures.mirr is not None:
        return percent(figures.mirr, decimals=1)
    return "none: no year with a net outlay" if all(n >= 0 for n in figures.period_net) else "none"


def _year_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def budget_impact_text(w: Writer, option: OptionAppraisal) -> str:
    """The net budget impact of each year in words: cash-releasing benefits
    minus costs, risk-adjusted, so the reader sees which years cost money."""
    parts = []
    for year, net in enumerate(option.cash_risk_adjusted.yearly_net, start=1):
        if abs(net) < 0.5:
            parts.append(f"no net effect in year {year}")
        else:
            parts.append(f"a net {'cost' if net < 0 else 'saving'} of {w.short(abs(net))} in year {year}")
    return ("Net budget impact (cash-releasing benefits minus costs, risk-adjusted, undiscounted): "
            + _year_list(parts) + ".")


def cash_warning(w: Writer, option: OptionAppraisal) -> str | None:
    """Said when the value rests on benefits that return no money: a
    positive NPV that is negative from cash-releasing benefits alone."""
    r, c = option.risk_adjusted, option.cash_risk_adjusted
    if r.npv <= 0 or c.npv >= 0:
        return None
    share = 1 - c.pv_benefits / r.pv_benefits if r.pv_benefits > 0 else 1.0
    return (f"From cash-releasing benefits alone the risk-adjusted NPV is {w.money(c.npv)}: "
            f"{percent(share)} of the benefits are staff time and other value that does not return money to "
            "a budget, so the programme must be funded rather than paying for itself.")


def drivers_text(sim: Simulation) -> str | None:
    """The inputs that drive most of the spread, in words."""
    top = [d for d in sim.drivers if d.share >= 0.005][:3]
    if not top:
        return None
    return "Most of the spread comes from " + _year_list(
        [f"{d.label} ({percent(d.share)})" for d in top]) + "."


_READINESS_ADVICE = {
    "pilot-first": "once the pilots have tested the use cases (the plan is not yet ready for a full rollout)",
    "not-ready": "once the gaps the readiness assessment lists are closed (the plan is not ready yet)",
}


def executive_summary(w: Writer) -> dict[str, Any]:
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
    budget = budget_impact_text(w, leading) if leading.lines else None
    cash = cash_warning(w, leading)
    if cash:
        headline = f"{headline} {cash}"
    sim = w.case.simulation
    uncertainty = None
    if sim is not None:
        s = sim.risk_adjusted
        varied = "the estimates" + (" and adoption" if sim.adoption_varied else "")
        uncertainty = (
            f"In {sim.simulations:,} simulations of {varied}, the risk-adjusted NPV is positive in "
            f"{chance(s.prob_positive)} of cases; it lies between {w.money(s.p10)} (P10) and "
            f"{w.money(s.p90)} (P90), with a median of {w.money(s.p50)}. From cash-releasing benefits alone "
            f"it is positive in {chance(sim.cash_risk_adjusted.prob_positive)} of cases."
        )
        spread = drivers_text(sim)
        if spread:
            uncertainty = f"{uncertainty} {spread}"
    irr_notes = []
    for label, figures in (("As estimated", leading.unadjusted), ("Risk-adjusted", leading.risk_adjusted)):
        if figures.irr_note and figures.irr is not None:
            irr_notes.append(f"{label}, IRR {percent(figures.irr, decimals=1)}. {figures.irr_note} "
                             f"(MIRR {mirr_text(figures)}).")
    if w.case.tornado:
        top = w.case.tornado[0]
        points.append(f"NPV is most sensitive to {driver_phrase(top.driver)}: "
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
    draft = w.inputs.draft_reason
    if draft:
        recommendation = f"DRAFT: {recommendation}"
    sub = "as estimated: "
    cards = [
        {"label": "NPV, risk-adjusted", "value": w.short(r.npv), "sub": sub + w.short(u.npv)},
        {"label": "Return on investment", "value": percent(r.roi), "sub": sub + percent(u.roi)},
        {"label": "Benefit-cost ratio", "value": ratio(r.bcr), "sub": sub + ratio(u.bcr)},
        {"label": "Payback", "value": months(r.payback_month, none="beyond horizon"),
         "sub": sub + months(u.payback_month, none="beyond horizon")},
    ]
    if leading.lines:
        first = leading.cash_risk_adjusted.yearly_net[0]
        cards.append({"label": "Net budget impact, year 1", "value": w.short(abs(first)),
                      "sub": ("a net cost" if first < -0.5 else "a net saving" if first > 0.5 else "none")
                      + " (cash only, risk-adj.)"})
    if sim is not None:
        cards.append({"label": "Chance NPV > 0", "value": chance(sim.risk_adjusted.prob_positive),
                      "sub": f"P10 {w.short(sim.risk_adjusted.p10)}, P90 {w.short(sim.risk_adjusted.p90)}"})
    else:
        cards.append({"label": "Internal rate of return", "value": w.irr(r).split(":")[0],
                      "sub": sub + w.irr(u).split(":")[0]})
    return {
        "cards": cards,
        "recommendation": recommendation,
        "headline": headline,
        "budget_impact": budget,
        "draft": None if draft is None else f"DRAFT: {draft[0].upper()}{draft[1:]}.",
        "irr_notes": irr_notes,
        "uncertainty": uncertainty,
        "readiness": readiness,
        "warnings": list(w.case.warnings),
        "evidence": evidence_lines(w),
        "points": points,
        "key_figures": _key_figures(w, leading),
        "option": leading.option.title,
    }
